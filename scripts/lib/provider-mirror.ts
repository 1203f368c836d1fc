import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Names a filesystem mirror of Terraform providers (the `registry.terraform.io/...` tree). */
export const PROVIDER_MIRROR_ENV = 'PLATFORM_PROVIDER_MIRROR';

/** Only the AWS provider has a mirror; the others are checked through their synthesized JSON. */
const MIRRORED_PROVIDERS = ['registry.terraform.io/hashicorp/aws'];

/**
 * The mirror folder from the environment, or undefined when none is configured.
 * A configured folder that does not exist is an error, not a silent skip.
 */
export function configuredProviderMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const mirror = env[PROVIDER_MIRROR_ENV];
  if (!mirror) return undefined;
  if (!existsSync(join(mirror, 'registry.terraform.io'))) {
    throw new Error(
      `${PROVIDER_MIRROR_ENV}="${mirror}" has no registry.terraform.io/ folder; point it at a Terraform provider mirror (e.g. the one "terraform providers mirror" writes) or unset it`,
    );
  }
  return mirror;
}

/**
 * Writes a Terraform CLI configuration that installs the mirrored providers from `mirror`
 * and everything else from the registry, and returns its path for `TF_CLI_CONFIG_FILE`.
 */
export function writeMirrorCliConfig(directory: string, mirror: string): string {
  mkdirSync(directory, { recursive: true });
  const file = join(directory, 'terraform-mirror.tfrc');
  const include = JSON.stringify(MIRRORED_PROVIDERS);
  writeFileSync(
    file,
    [
      'provider_installation {',
      `  filesystem_mirror {`,
      `    path    = ${JSON.stringify(mirror)}`,
      `    include = ${include}`,
      '  }',
      `  direct {`,
      `    exclude = ${include}`,
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return file;
}
