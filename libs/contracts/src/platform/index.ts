// The platform context's contracts; the catalogue registers every contract exported here.
export * from './operator-alert-acknowledged.v1';
export * from './operator-alert-raised.v1';
