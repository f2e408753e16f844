import { Inject, Injectable, type LoggerService, type LogLevel } from '@nestjs/common';
import type { Logger } from 'winston';
import { FAI_LOGGER } from './platform.tokens';

// Nest's levels on winston's npm levels; winston has no `fatal`.
const WINSTON_LEVEL: Record<LogLevel, string> = {
  fatal: 'error',
  error: 'error',
  warn: 'warn',
  log: 'info',
  verbose: 'verbose',
  debug: 'debug',
};

// Nest's start-up chatter (modules initialised, routes mapped) is detail, not operational news.
const BOOTSTRAP_CONTEXTS = new Set([
  'NestFactory',
  'NestApplication',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
]);

/** Nest's LoggerService on the service's winston logger, so the framework's lines are JSON like ours. */
@Injectable()
export class NestWinstonLogger implements LoggerService {
  constructor(@Inject(FAI_LOGGER) private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: LogLevel, message: unknown, params: unknown[]): void {
    // Nest passes the context last, and for errors the stack (or undefined) before it.
    const last = params.at(-1);
    const context = typeof last === 'string' && !isStack(last) ? (params.pop() as string) : undefined;
    const stack = isStack(params[0]) ? (params.shift() as string) : undefined;
    params = params.filter((param) => param !== undefined);
    const meta: Record<string, unknown> = {};
    if (context !== undefined) meta.context = context;
    if (params.length > 0) meta.params = params;
    if (message instanceof Error) meta.error = message;
    else if (stack !== undefined) meta.error = errorFromStack(messageText(message), stack);
    const winstonLevel =
      level === 'log' && context && BOOTSTRAP_CONTEXTS.has(context) ? 'debug' : WINSTON_LEVEL[level];
    this.logger.log(winstonLevel, messageText(message), meta);
  }
}

function messageText(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.message;
  return JSON.stringify(message);
}

function isStack(value: unknown): value is string {
  return typeof value === 'string' && /\n\s+at /.test(value);
}

/** Nest hands over an error's stack as text; the error's class is the stack's first word. */
function errorFromStack(message: string, stack: string): Error {
  const error = new Error(message);
  error.name = /^([A-Za-z_$][\w$]*)(:|\n)/.exec(stack)?.[1] ?? 'Error';
  error.stack = stack;
  return error;
}
