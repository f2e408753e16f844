// The reporting context's contracts; the catalogue registers every contract exported here.
export * from './drafts-completed.v1';
export * from './reporting-stage-failed.v1';
