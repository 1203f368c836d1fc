import type { PlatformConfig } from '../../config';
import { EMULATOR_CREDENTIALS } from '../../providers/aws';

/** How long the emulator may take to answer before we call it down. */
const PROBE_TIMEOUT_MS = 3000;

export class EmulatorUnreachableError extends Error {
  constructor(endpoint: string, reason: string) {
    const url = new URL(endpoint);
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    super(
      [
        `The AWS emulator at ${endpoint} (PLATFORM_AWS_ENDPOINT) does not answer: ${reason}.`,
        'Start one, then run again:',
        `  moto:       MOTO_IAM_LOAD_MANAGED_POLICIES=true moto_server -H ${url.hostname} -p ${port}   (pip install "moto[server]")`,
        `  LocalStack: localstack start   (listens on 4566)`,
        'or set PLATFORM_AWS_ENDPOINT to the address of a running emulator. Nothing was deployed or destroyed.',
      ].join('\n'),
    );
    this.name = 'EmulatorUnreachableError';
  }
}

/** Fails fast, before any synth or Terraform run, when nothing answers HTTP at the emulator endpoint. */
export async function assertEmulatorAnswers(endpoint: string): Promise<void> {
  try {
    // Any HTTP status will do: it proves something listens; a wrong service fails loudly later.
    await fetch(endpoint, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason =
      (error as Error).name === 'TimeoutError' ? `no answer within ${PROBE_TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new EmulatorUnreachableError(endpoint, reason);
  }
}

/** Settings for AWS SDK v3 clients: the platform's region, and in the emulator environment its endpoint and test credentials. */
export function awsClientSettings(config: PlatformConfig) {
  if (!config.awsEndpoint) return { region: config.region };
  return {
    region: config.region,
    endpoint: config.awsEndpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: EMULATOR_CREDENTIALS.accessKey, secretAccessKey: EMULATOR_CREDENTIALS.secretKey },
  };
}
