import type { PlatformConfig } from '../config';

/**
 * Tags for every taggable AWS resource. They are applied through the provider's
 * `default_tags`, which reaches every resource that supports tags without each
 * construct having to remember them; explicit tags (e.g. `Name`) merge on top.
 */
export function platformTags(config: PlatformConfig): Record<string, string> {
  return {
    ...config.tags,
    Project: 'data-platform',
    Environment: config.environment,
    ManagedBy: 'cdktf',
  };
}
