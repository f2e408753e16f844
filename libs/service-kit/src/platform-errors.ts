import { FaiError } from '@fai/contracts';
import { redactText } from '@fai/observability';

export class NatsUnavailableError extends FaiError {
  constructor(url: string, reason: string) {
    super({
      code: 'NATS_UNAVAILABLE',
      message: `cannot connect to NATS at ${redactText(url)}: ${reason}`,
      hint: 'Check FAI_NATS_URL and that the NATS server (with JetStream enabled) is running; the service exits so that its supervisor restarts it.',
      details: { url: redactText(url) },
    });
  }
}

export class ReadinessCheckTimeoutError extends FaiError {
  constructor(dependency: string, timeoutMs: number) {
    super({
      code: 'READINESS_CHECK_TIMEOUT',
      message: `${dependency} did not answer within ${timeoutMs} ms`,
      hint: `Check that ${dependency} is reachable from this service and not overloaded.`,
      details: { dependency, timeoutMs },
    });
  }
}

export class ShutdownTimeoutError extends FaiError {
  constructor(graceMs: number) {
    super({
      code: 'SHUTDOWN_TIMEOUT',
      message: `shutdown did not finish within FAI_SHUTDOWN_GRACE_MS (${graceMs} ms)`,
      hint: 'The log lines before this one show the step that hung. Unacknowledged messages are redelivered; raise FAI_SHUTDOWN_GRACE_MS if handlers legitimately need longer.',
      details: { graceMs },
    });
  }
}

export class NatsRequiredError extends FaiError {
  constructor(what: string) {
    super({
      code: 'NATS_REQUIRED',
      message: `${what} needs NATS, and the embedded default runs without it`,
      hint: 'In the embedded default keep artefacts and outputs on the filesystem (FAI_ARTEFACT_STORE=filesystem, FAI_OUTPUT_STORE=filesystem), or run the service against NATS.',
      details: { what },
    });
  }
}
