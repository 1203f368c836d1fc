/** One invalid configuration field: where it is and what to do about it. */
export interface ConfigIssue {
  /** Dotted path of the field, e.g. `network.subnets.private.1`. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/**
 * Thrown before any construct is created when the configuration is invalid.
 * The message lists every bad field at once so one run shows everything to fix.
 */
export class ConfigError extends Error {
  constructor(
    readonly environment: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(
      [
        `Invalid platform configuration for environment "${environment}" (${issues.length} problem${issues.length === 1 ? '' : 's'}):`,
        ...issues.map((issue) => `  - ${issue.path || '(root)'}: ${issue.message}`),
        'Fix the fields above in config/environments/ (or the overrides you passed) and run again; nothing was synthesized.',
      ].join('\n'),
    );
    this.name = 'ConfigError';
  }
}
