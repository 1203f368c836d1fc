export { ConfigError, type ConfigIssue } from './errors';
export { DEFAULT_ENVIRONMENT, loadConfig, validateConfig, type ConfigOverrides, type LoadConfigOptions } from './load';
export { platformConfigSchema, type PlatformConfig, type PlatformConfigInput } from './schema';
