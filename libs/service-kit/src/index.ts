export { bootstrapService, type BootstrapOptions } from './bootstrap-service';
export { commandSubjectIn } from '@fai/messaging';
export {
  ServiceCommands,
  route,
  type CommandMeta,
  type CommandRoute,
  type CommandServer,
  type ServiceCommandsOptions,
} from './command-server';
export { deadLetterAlert, deadLetterAlerts, type DeadLetterAlertsOptions } from './dead-letter-alerts';
export { eventDataReader, UnsupportedEventVersionError, type EventDataReader } from './event-data';
export { EventCodec, type DomainEvent, type EventContext } from './event-codec';
export { ConsumerRegistry, type PlatformConsumer } from './consumer-registry';
export { RETENTION_ACTOR, RetentionSweepTimer, type RetentionSweeper } from './retention-sweep.timer';
export {
  sweepRetention,
  type KeptRecord,
  type RetentionSubject,
  type SweepRecord,
  type SweepReply,
} from './retention-sweep';
export { NestWinstonLogger } from './nest-winston-logger';
export { PlatformConfig } from './platform-config';
export {
  NatsRequiredError,
  NatsUnavailableError,
  ReadinessCheckTimeoutError,
  ShutdownTimeoutError,
} from './platform-errors';
export { type PlatformBackend } from './platform-backend';
export { EmbeddedRuntime } from './embedded-runtime';
export { PlatformLifecycle, type PlatformPhase, type PlatformStatus } from './platform-lifecycle';
export { FaiPlatformModule, type FaiService, type FaiServiceSetting } from './platform.module';
export { type FaiPlatformOptions } from './platform.providers';
export { FAI_CONFIG, FAI_LOGGER, PLATFORM_BACKEND, SQL_DATABASE } from './platform.tokens';
export { StartSequence, type StartStep, type StopStep } from './start-sequence';
export { REQUEST_ID_HEADER } from './request-context.middleware';
