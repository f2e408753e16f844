export * from './zip-archive';
