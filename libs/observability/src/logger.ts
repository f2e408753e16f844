import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import * as winston from 'winston';
import { currentLogContext, logContextFields } from './log-context';
import { redactSecrets, redactText } from './redaction';

export interface LoggerOptions {
  /** Lowest level written; defaults to `info`. */
  level?: string;
  /** Where JSON lines go; defaults to stdout. */
  stream?: NodeJS.WritableStream;
}

// winston's own symbols (triple-beam registers them with Symbol.for).
const LEVEL = Symbol.for('level');
const SPLAT = Symbol.for('splat');

type LogInfo = winston.Logform.TransformableInfo & { [SPLAT]?: unknown[] };

// Fields the record builds itself; the same keys in caller metadata are not copied over them.
const BUILT_FIELDS = new Set(['timestamp', 'level', 'message', 'service', 'stack', 'error', 'err']);

/**
 * A winston logger writing one JSON object per line: timestamp, level, message, service, the
 * current log context (snake_case), the active trace and span ids, error fields and the caller's
 * metadata, with secrets masked.
 */
export function createLogger(service: string, options: LoggerOptions = {}): winston.Logger {
  return winston.createLogger({
    level: options.level ?? 'info',
    format: winston.format.combine(faiRecord(service), winston.format.json()),
    transports: [new winston.transports.Stream({ stream: options.stream ?? process.stdout })],
  });
}

function faiRecord(service: string): winston.Logform.Format {
  return winston.format((info) => {
    const error = findError(info as LogInfo);
    const record: winston.Logform.TransformableInfo = {
      timestamp: new Date().toISOString(),
      level: info.level,
      message: redactText(messageText(info.message)),
      service,
      ...logContextFields(currentLogContext()),
      ...traceFields(),
      ...(error ? errorFields(error) : {}),
      ...(redactSecrets(callerMetadata(info as LogInfo, error)) as object),
    };
    record[LEVEL] = info[LEVEL];
    return record;
  })();
}

function messageText(message: unknown): string {
  if (message instanceof Error) return message.message;
  return String(message ?? '');
}

// winston hands an Error over as the info itself (`log.error(err)`), as the only splat argument
// (`log.error('msg', err)`), or the caller names it (`log.error('msg', { error })`).
function findError(info: LogInfo): Error | undefined {
  const candidates = [info, info.message, info.error, info.err, info[SPLAT]?.[0]];
  return candidates.find((candidate): candidate is Error => candidate instanceof Error);
}

function errorFields(error: Error): Record<string, unknown> {
  const { code, details } = error as Error & { code?: unknown; details?: unknown };
  return {
    error_class: error.name,
    ...(typeof code === 'string' ? { error_code: code } : {}),
    error_message: redactText(error.message),
    ...(details === undefined ? {} : { error_details: redactSecrets(details) }),
    ...(error.stack ? { stack: redactText(error.stack) } : {}),
  };
}

// When winston merged an Error into the info, its keys (code, hint, ...) are in the error fields already.
function callerMetadata(info: LogInfo, error: Error | undefined): Record<string, unknown> {
  const merged = error !== undefined && ((info as unknown) === error || info[SPLAT]?.[0] === error);
  const copiedFromError = new Set(merged ? [...Object.keys(error), 'name', 'cause'] : []);
  return Object.fromEntries(
    Object.entries(info).filter(([key]) => !BUILT_FIELDS.has(key) && !copiedFromError.has(key)),
  );
}

function traceFields(): Record<string, string> {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
