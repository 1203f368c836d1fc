import { ConfigError, loadConfig, validateConfig } from '../../config';
import { environments } from '../../config/environments';
import { EMULATED_SERVICES } from '../../providers/aws';
import { assertEmulatorAnswers } from '../../scripts/lib/emulator';
import { selectStacks, UnknownStackError } from '../../scripts/lib/stack-selection';
import { PLATFORM_STACKS } from '../../stacks/platform';
import type { StackDefinition } from '../../stacks/stack-definition';
import { synthPlatform, type SynthesizedPlatform } from '../support/synth';
import { stackOnEmulator } from './emulator-stack';
import { freeLoopbackPort } from './moto';

const REGISTRY = Object.values(PLATFORM_STACKS) as StackDefinition[];
const STACKS = REGISTRY.filter((stack) => stack.emulator.deploys).map((stack) => stack.id);
const REMOTE_STATE_PREFIX = 'cross-stack-reference-input-';

/** Each upstream stack `stack` reads, with the backend config it reads it through. */
function remoteStates(platform: SynthesizedPlatform, stack: string): [string, unknown][] {
  return Object.entries(platform.stack(stack).json.data?.terraform_remote_state ?? {}).map(([name, state]) => [name.slice(REMOTE_STATE_PREFIX.length), state.config]);
}
const ENDPOINT = 'http://127.0.0.1:4999';
const EMULATOR_VARIABLES = ['PLATFORM_AWS_ENDPOINT', 'PLATFORM_LOCAL_STATE_BUCKET'] as const;

/** Anything that would send dev or prod somewhere other than AWS, or with other credentials. */
const EMULATOR_ONLY_SETTINGS = /endpoints|access_key|secret_key|skip_|max_retries|use_path_style|127\.0\.0\.1|"test"/;

function withEmulatorVariables<T>(values: Partial<Record<(typeof EMULATOR_VARIABLES)[number], string>>, run: () => T): T {
  const saved = EMULATOR_VARIABLES.map((name) => [name, process.env[name]] as const);
  EMULATOR_VARIABLES.forEach((name) => delete process.env[name]);
  Object.assign(process.env, values);
  try {
    return run();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** A stack's JSON without provider and backend, with the environment's name written as dev's. */
function resourcesAsDev(platform: SynthesizedPlatform, stack: string): string {
  const { provider: _provider, terraform: _terraform, data, ...rest } = platform.stack(stack).json;
  const remoteStates = Object.fromEntries(
    Object.entries(data?.terraform_remote_state ?? {}).map(([name, state]) => [name, { ...state, config: 'backend-specific' }]),
  );
  const comparable = { ...rest, data: { ...data, ...(data?.terraform_remote_state ? { terraform_remote_state: remoteStates } : {}) } };
  // Environment tags written on resources default_tags cannot reach (what node groups launch) count as the name too.
  return JSON.stringify(comparable)
    .replace(/dp-local/g, 'dp-dev')
    .replace(/dp\/local\//g, 'dp/dev/')
    .replace(/"Environment":"local"/g, '"Environment":"dev"');
}

let dev: SynthesizedPlatform;
let prod: SynthesizedPlatform;
let local: SynthesizedPlatform;
let localWithS3State: SynthesizedPlatform;

beforeAll(() => {
  dev = synthPlatform({ env: 'dev' });
  prod = synthPlatform({ env: 'prod' });
  local = withEmulatorVariables({ PLATFORM_AWS_ENDPOINT: ENDPOINT }, () => synthPlatform({ env: 'local' }));
  localWithS3State = withEmulatorVariables({ PLATFORM_AWS_ENDPOINT: ENDPOINT, PLATFORM_LOCAL_STATE_BUCKET: 'dp-local-state' }, () =>
    synthPlatform({ env: 'local' }),
  );
});

describe('dev and prod stay on AWS', () => {
  it.each(STACKS)('%s: provider and backend carry no endpoint, credential, skip or retry setting', (stack) => {
    for (const platform of [dev, prod]) {
      const { json } = platform.stack(stack);
      expect(Object.keys(json.provider.aws[0]).sort()).toEqual(['default_tags', 'region']);
      expect(JSON.stringify(json.terraform.backend)).not.toMatch(EMULATOR_ONLY_SETTINGS);
      expect(JSON.stringify(json.data?.terraform_remote_state ?? {})).not.toMatch(EMULATOR_ONLY_SETTINGS);
    }
  });

  it('rejects an emulator endpoint anywhere but the local environment', () => {
    expect(() => loadConfig({ env: 'dev', overrides: { awsEndpoint: ENDPOINT } })).toThrow(
      'awsEndpoint: only the "local" environment may send AWS calls to an emulator; remove it from "dev" or use PLATFORM_ENV=local',
    );
  });
});

describe('the local environment', () => {
  it.each(STACKS)('%s: sends every AWS service to the emulator with test credentials', (stack) => {
    const [provider] = local.stack(stack).json.provider.aws;
    expect(provider).toEqual({
      ...dev.stack(stack).json.provider.aws[0],
      default_tags: [{ tags: expect.objectContaining({ Environment: 'local' }) }],
      access_key: 'test',
      secret_key: 'test',
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: 'true',
      s3_use_path_style: true,
      max_retries: 3,
      endpoints: [Object.fromEntries(EMULATED_SERVICES.map((service) => [service, ENDPOINT]))],
    });
  });

  it.each(STACKS)('%s: differs from dev only in provider, backend and the environment name', (stack) => {
    expect(resourcesAsDev(local, stack)).toEqual(resourcesAsDev(dev, stack));
  });

  it.each(STACKS)('%s: keeps its state, and reads other stacks, apart from dev state', (stack) => {
    expect(local.stack(stack).json.terraform.backend).toEqual({ local: { path: `../../../terraform-state/local/${stack}.tfstate` } });
    for (const [upstream, config] of remoteStates(local, stack)) expect(config).toEqual({ path: `../../../terraform-state/local/${upstream}.tfstate` });
  });

  it.each(STACKS)('%s: keeps state on the emulator, locked, when PLATFORM_LOCAL_STATE_BUCKET names a bucket there', (stack) => {
    const emulatorS3 = {
      bucket: 'dp-local-state',
      region: 'us-east-1',
      encrypt: true,
      use_lockfile: true,
      endpoints: { s3: ENDPOINT },
      use_path_style: true,
      access_key: 'test',
      secret_key: 'test',
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
    };
    expect(localWithS3State.stack(stack).json.terraform.backend).toEqual({ s3: { ...emulatorS3, key: `data-platform/local/${stack}.tfstate` } });
    for (const [upstream, config] of remoteStates(localWithS3State, stack)) expect(config).toEqual({ ...emulatorS3, key: `data-platform/local/${upstream}.tfstate` });
  });

  it('reads PLATFORM_AWS_ENDPOINT when loaded, defaulting to the port moto and LocalStack use', () => {
    expect(withEmulatorVariables({}, () => loadConfig({ env: 'local' }).awsEndpoint)).toBe('http://127.0.0.1:4566');
    expect(withEmulatorVariables({ PLATFORM_AWS_ENDPOINT: 'https://emulator.internal:8443' }, () => loadConfig({ env: 'local' }).awsEndpoint)).toBe(
      'https://emulator.internal:8443',
    );
  });

  it('names PLATFORM_AWS_ENDPOINT when the endpoint is not an http(s) URL', () => {
    for (const bad of ['127.0.0.1:4566', 'ftp://127.0.0.1:4566', 'http://']) {
      expect(() => withEmulatorVariables({ PLATFORM_AWS_ENDPOINT: bad }, () => loadConfig({ env: 'local' }))).toThrow(
        `awsEndpoint: "${bad}" is not an http(s) URL; set PLATFORM_AWS_ENDPOINT to the emulator's address, e.g. "http://127.0.0.1:4566"`,
      );
    }
  });

  it('cannot lose its endpoint and reach AWS instead', () => {
    const { awsEndpoint: _endpoint, ...withoutEndpoint } = environments.local;
    try {
      validateConfig(withoutEndpoint, 'local');
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((issue) => issue.path)).toEqual(['awsEndpoint']);
    }
  });
});

describe('emulator expectations', () => {
  it.each(STACKS)('%s: has its expectations, inventory kinds and gaps next to its tests', (stack) => {
    const expectations = stackOnEmulator(stack);
    expect(expectations.creates.length).toBeGreaterThan(0);
    for (const gap of [...expectations.driftGaps, ...expectations.leftovers]) expect(gap.reason.length).toBeGreaterThan(10);
  });
});

describe('which stacks a command runs', () => {
  it('runs every stack on AWS, or those named', () => {
    const dev = loadConfig({ env: 'dev' });
    expect(selectStacks([], dev)).toEqual({ run: REGISTRY, skipped: [] });
    expect(selectStacks([REGISTRY[0].id], dev).run).toEqual([REGISTRY[0]]);
  });

  it('runs only emulator-deployable stacks in the local environment and lists the others with the reason', () => {
    const selection = withEmulatorVariables({ PLATFORM_AWS_ENDPOINT: ENDPOINT }, () => selectStacks([], loadConfig({ env: 'local' })));
    expect(selection.run.map((stack) => stack.id)).toEqual(STACKS);
    expect(selection.skipped).toEqual(REGISTRY.filter((stack) => !stack.emulator.deploys).map((stack) => ({ stack, reason: (stack.emulator as { reason: string }).reason })));
  });

  it('refuses a stack name the registry does not know, listing the known ones', () => {
    expect(() => selectStacks(['netwrok'], loadConfig({ env: 'dev' }))).toThrow(UnknownStackError);
    expect(() => selectStacks(['netwrok'], loadConfig({ env: 'dev' }))).toThrow(`unknown stack "netwrok"; the platform's stacks are ${REGISTRY.map((stack) => stack.id).join(', ')}`);
  });
});

describe('the emulator probe', () => {
  it('fails fast, naming the endpoint and how to start an emulator, when nothing listens', async () => {
    const port = await freeLoopbackPort();
    const probe = assertEmulatorAnswers(`http://127.0.0.1:${port}`);
    await expect(probe).rejects.toThrow(`The AWS emulator at http://127.0.0.1:${port} (PLATFORM_AWS_ENDPOINT) does not answer: ECONNREFUSED.`);
    await expect(probe).rejects.toThrow(`moto_server -H 127.0.0.1 -p ${port}`);
  });
});
