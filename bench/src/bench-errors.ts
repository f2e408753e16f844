import { FaiError } from '@fai/contracts';

/** A stage of the benchmarked run failed (its failure event is in the services' stores). */
export class CycleBenchFailedError extends FaiError {
  constructor(type: string, data: unknown, progress: string) {
    super({
      code: 'BENCH_CYCLE_FAILED',
      message: `the cycle failed: ${type} ${JSON.stringify(data)} (${progress})`,
      hint: 'The services’ stderr is printed above; run again with BENCH_CYCLE_LOG_DIR set for their logs, or with a smaller BENCH_FUNDS to reproduce it faster.',
      details: { type, progress },
    });
  }
}

/** The run did not draft every fund's memo within BENCH_CYCLE_TIMEOUT_S. */
export class CycleBenchTimedOutError extends FaiError {
  constructor(timeoutSeconds: number, progress: string) {
    super({
      code: 'BENCH_CYCLE_TIMEOUT',
      message: `not every memo was drafted within ${timeoutSeconds} s: ${progress}`,
      hint: 'The stage named is where the run stalled: run again with BENCH_CYCLE_LOG_DIR set and read its service’s log (a handler retrying logs `event handler failed, will retry`), or raise BENCH_CYCLE_TIMEOUT_S on a loaded machine.',
      details: { timeoutSeconds, progress },
    });
  }
}

/** Ingest refused an upload of the sample portfolio. */
export class CycleBenchUploadRefusedError extends FaiError {
  constructor(fileName: string, status: number, body: string) {
    super({
      code: 'BENCH_UPLOAD_REFUSED',
      message: `ingest refused ${fileName} (HTTP ${status}): ${body}`,
      hint: 'The body names the refusal; the sample portfolio and ingest’s settings (FAI_INGEST_MAX_BYTES) must agree.',
      details: { fileName, status },
    });
  }
}
