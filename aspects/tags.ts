import type { PlatformConfig } from '../config';

/** The product every resource belongs to, in tags, labels and comments. */
export const PROJECT_NAME = 'data-platform';

/**
 * Tags for every taggable AWS resource. They are applied through the provider's
 * `default_tags`, which reaches every resource that supports tags without each
 * construct having to remember them; explicit tags (e.g. `Name`) merge on top.
 * Kubernetes and Snowflake objects are labelled by aspects/ownership-labels.ts.
 */
export function platformTags(config: PlatformConfig): Record<string, string> {
  return {
    ...config.tags,
    Project: PROJECT_NAME,
    Environment: config.environment,
    ManagedBy: 'cdktf',
  };
}
