export { BaseConfig, FAI_ENVS, LOG_LEVELS, type FaiEnv, type LogLevel } from './base-config';
export { ConfigError, type ConfigProblem } from './config-error';
export { DevOnly } from './dev-only.decorator';
export { loadConfig } from './load-config';
