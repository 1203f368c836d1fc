/**
 * The Terraform providers the platform uses, named as they appear in a synthesized stack's
 * `required_providers`. A stack declares the families it uses in the registry
 * (stacks/platform.ts); synthesis fails when it configures any other.
 */
export const PROVIDER_FAMILIES = ['aws', 'helm', 'kubernetes', 'postgresql', 'snowflake', 'http', 'airbyte'] as const;
export type ProviderFamily = (typeof PROVIDER_FAMILIES)[number];
