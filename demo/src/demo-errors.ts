import { FaiError } from '@fai/contracts';

export class DemoServiceStartError extends FaiError {
  constructor(problem: string, timeoutMs: number) {
    super({
      code: 'DEMO_SERVICE_NOT_STARTED',
      message: `a service did not start within ${timeoutMs} ms: ${problem}`,
      hint: 'Read demo.log in the output folder for the service that failed, then run the demo again.',
      details: { problem, timeoutMs },
    });
  }
}

export class DemoStepTimeoutError extends FaiError {
  constructor(step: string, timeoutMs: number) {
    super({
      code: 'DEMO_STEP_TIMEOUT',
      message: `the demo waited ${timeoutMs / 1000} s for ${step}`,
      hint: 'Read demo.log in the output folder for the stage that stalled (warnings and errors name it).',
      details: { step, timeoutMs },
    });
  }
}

export class DemoStageFailedError extends FaiError {
  constructor(type: string, data: Record<string, unknown>) {
    super({
      code: 'DEMO_STAGE_FAILED',
      message: `a stage of the run failed: ${type} ${JSON.stringify(data)}`,
      hint: 'The failure is an event like any other; demo.log in the output folder has the service logs around it.',
      details: { type },
    });
  }
}

export class DemoRequestRefusedError extends FaiError {
  constructor(what: string, status: number, body: string) {
    super({
      code: 'DEMO_REQUEST_REFUSED',
      message: `${what} was refused (HTTP ${status}): ${body}`,
      hint: 'The body names the refusal; demo.log in the output folder has the service logs around it.',
      details: { what, status },
    });
  }
}
