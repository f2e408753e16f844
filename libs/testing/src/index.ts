export * from './test-servers';
export * from './service-world';
