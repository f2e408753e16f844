import 'reflect-metadata';

const DEV_ONLY = Symbol('fai:dev-only');

/** Marks a setting that only dev may turn on: with FAI_ENV=prod, loadConfig refuses it when truthy. */
export function DevOnly(): PropertyDecorator {
  return (prototype, property) => {
    // getMetadata reads inherited keys, so a subclass list includes its base class's.
    Reflect.defineMetadata(DEV_ONLY, [...devOnlyKeys(prototype), property], prototype);
  };
}

export function devOnlyKeys(prototype: object): Array<string | symbol> {
  return Reflect.getMetadata(DEV_ONLY, prototype) ?? [];
}
