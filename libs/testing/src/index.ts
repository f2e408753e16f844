export * from './test-servers';
export * from './eventually';
export * from './bus-events';
export * from './service-world';
