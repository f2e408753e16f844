// Integration and end-to-end tests share one PostgreSQL and one NATS server on a 2-core machine:
// a test that fails is run once more, and the first failure is printed so flakiness stays visible.
jest.retryTimes(1, { logErrorsBeforeRetry: true });
