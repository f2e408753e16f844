import { FundHasBlockingExceptionsError } from '@fai/contracts';
import { compareText } from '../shared/ordering';
import type { ExceptionState } from './exception.decider';

type Raised = Exclude<ExceptionState, { status: 'not_raised' }>;

/** The fund's blocking exceptions that are not resolved (monitoring ones still block). */
export function unresolvedBlocking(fundId: string, exceptions: readonly ExceptionState[]): string[] {
  return exceptions
    .filter((state): state is Raised => state.status !== 'not_raised')
    .filter(
      (state) => state.exception.fundId === fundId && state.exception.blocking && state.status !== 'resolved',
    )
    .map((state) => state.exception.exceptionId)
    .sort(compareText);
}

/** A fund goes to review only when its blocking exceptions are resolved. */
export function assertFundCanGoToReview(fundId: string, exceptions: readonly ExceptionState[]): void {
  const blocking = unresolvedBlocking(fundId, exceptions);
  if (blocking.length > 0) throw new FundHasBlockingExceptionsError(fundId, blocking);
}
