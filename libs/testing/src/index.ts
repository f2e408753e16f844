export * from './test-servers';
export * from './eventually';
export * from './bus-events';
export * from './service-world';
export * from './event-log';
export * from './service-processes';
export * from './fai-system';
