export { currentLogContext, withLogContext, type LogContext } from './log-context';
export { createLogger, type LoggerOptions } from './logger';
export { REDACTED, isSecretKey, redactSecrets, redactText } from './redaction';
export { ServiceMetrics } from './service-metrics';
export {
  extractTraceContext,
  inSpan,
  initTracing,
  injectTraceContext,
  type Tracing,
  type TracingOptions,
} from './tracing';
export { SpanKind } from '@opentelemetry/api';
