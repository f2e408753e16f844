import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { RequestInvalidError } from './problem';

/**
 * class-validator on every body and query: unknown properties are refused, values converted to the
 * DTO's types, and every problem listed in one REQUEST_INVALID.
 */
export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new RequestInvalidError(errors.flatMap((error) => problemsOf(error, ''))),
  });
}

function problemsOf(error: ValidationError, parent: string): string[] {
  const path = parent ? `${parent}.${error.property}` : error.property;
  return [
    ...Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`),
    ...(error.children ?? []).flatMap((child) => problemsOf(child, path)),
  ];
}
