/**
 * Every error FAI lets out carries a stable code, a message for people and a hint
 * saying what to do. Codes are part of the public contract: never rename one.
 */
export interface ErrorBody {
  code: string;
  message: string;
  hint?: string;
  details?: Record<string, unknown>;
}

export class FaiError extends Error implements ErrorBody {
  readonly code: string;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;

  constructor(body: ErrorBody) {
    super(body.message);
    this.name = new.target.name;
    this.code = body.code;
    this.hint = body.hint;
    this.details = body.details;
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, hint: this.hint, details: this.details };
  }

  static isErrorBody(value: unknown): value is ErrorBody {
    return (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as ErrorBody).code === 'string' &&
      typeof (value as ErrorBody).message === 'string'
    );
  }
}
