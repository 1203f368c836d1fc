import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ConfigError, loadConfig, type ConfigOverrides } from '../../config';

/** The issues of the ConfigError that `overrides` on `env` produce, as "path: message" lines. */
function problems(overrides: ConfigOverrides | Record<string, unknown>, env = 'dev'): string[] {
  try {
    loadConfig({ env, overrides: overrides as ConfigOverrides });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('environments', () => {
  const previous = process.env.PLATFORM_ENV;
  afterEach(() => {
    if (previous === undefined) delete process.env.PLATFORM_ENV;
    else process.env.PLATFORM_ENV = previous;
  });

  it('defaults to dev when PLATFORM_ENV is unset', () => {
    delete process.env.PLATFORM_ENV;
    expect(loadConfig().environment).toBe('dev');
  });

  it('picks the environment named by PLATFORM_ENV', () => {
    process.env.PLATFORM_ENV = 'prod';
    const prod = loadConfig();
    expect(prod.environment).toBe('prod');
    expect(prod.network.natGateways).toBe('perAz');
    expect(prod.stateBackend).toEqual({
      type: 's3',
      bucket: 'dp-prod-terraform-state',
      keyPrefix: 'data-platform/prod',
      region: 'us-east-1',
      encrypt: true,
      useLockfile: true,
    });
  });

  it('names the known environments when PLATFORM_ENV is unknown', () => {
    expect(() => loadConfig({ env: 'staging' })).toThrow(/PLATFORM_ENV: "staging" is not a known environment; use one of dev, prod/);
  });

  it('fills in secure defaults', () => {
    const dev = loadConfig({ env: 'dev' });
    expect(dev.stateBackend).toEqual({ type: 'local', directory: 'terraform-state' });
    expect(dev.network.flowLogs).toEqual({ trafficType: 'ALL', retentionDays: 365, aggregationIntervalSeconds: 60 });
    expect(dev.network.interfaceEndpoints).toEqual(['sts', 'ecr.api', 'ecr.dkr', 'secretsmanager', 'logs']);
    expect(dev.adminCidrs).toEqual([]);
  });

  it('merges overrides over the environment, arrays replacing', () => {
    const config = loadConfig({ env: 'dev', overrides: { network: { interfaceEndpoints: ['sts'] }, tags: { Team: 'x' } } });
    expect(config.network.interfaceEndpoints).toEqual(['sts']);
    expect(config.network.vpcCidr).toBe('10.20.0.0/16');
    expect(config.tags).toEqual({ CostCenter: 'data-platform', Owner: 'data-platform-team', Team: 'x' });
  });
});

describe('invalid configuration', () => {
  it('rejects a malformed CIDR with the field and the expected form', () => {
    expect(problems({ network: { vpcCidr: '10.0.0.0/33' } })).toContain(
      'network.vpcCidr: "10.0.0.0/33" is not a valid IPv4 CIDR; write the VPC range as a.b.c.d/n with octets 0-255 and n from 0 to 32',
    );
  });

  it('rejects a CIDR with host bits and suggests the network address', () => {
    expect(problems({ network: { vpcCidr: '10.20.0.1/16' } })).toContain('network.vpcCidr: "10.20.0.1/16" has host bits set; did you mean "10.20.0.0/16"?');
  });

  it('rejects a VPC larger than AWS allows', () => {
    expect(problems({ network: { vpcCidr: '10.0.0.0/8' } })).toContain('network.vpcCidr: "10.0.0.0/8" has prefix /8; AWS VPCs must be /16 to /28');
  });

  it('rejects overlapping subnets, naming both', () => {
    expect(problems({ network: { subnets: { isolated: ['10.20.64.0/24', '10.20.1.0/24', '10.20.66.0/24'] } } })).toContain(
      'network.subnets.isolated.1: "10.20.1.0/24" overlaps network.subnets.public.1 ("10.20.1.0/24"); subnets must not share addresses',
    );
  });

  it('rejects subnets outside the VPC', () => {
    expect(problems({ network: { subnets: { public: ['10.20.0.0/24', '10.21.1.0/24', '10.20.2.0/24'] } } })).toContain(
      'network.subnets.public.1: "10.21.1.0/24" is outside the VPC range "10.20.0.0/16"',
    );
  });

  it('rejects private subnets too small for EKS pods', () => {
    expect(problems({ network: { subnets: { private: ['10.20.16.0/24', '10.20.32.0/20', '10.20.48.0/20'] } } })).toContain(
      'network.subnets.private.0: "10.20.16.0/24" holds 256 addresses; private subnets need at least 1024 (/22) because every EKS pod takes a VPC address',
    );
  });

  it('rejects subnets smaller than AWS allows', () => {
    expect(problems({ network: { subnets: { isolated: ['10.20.64.0/29', '10.20.65.0/24', '10.20.66.0/24'] } } })).toContain(
      'network.subnets.isolated.0: "10.20.64.0/29" is smaller than /28, the smallest subnet AWS allows',
    );
  });

  it('rejects a subnet count that does not match the availability zones', () => {
    expect(problems({ network: { subnets: { public: ['10.20.0.0/24', '10.20.1.0/24'] } } })).toContain(
      'network.subnets.public: has 2 subnets but there are 3 availability zones; give exactly one per zone, in the same order',
    );
  });

  it('rejects availability zones of another region', () => {
    expect(problems({ availabilityZones: ['us-east-1a', 'eu-west-1b', 'us-east-1c'] })).toContain(
      'availabilityZones.1: "eu-west-1b" is not an availability zone of region "us-east-1"; use names like "us-east-1a"',
    );
  });

  it('rejects an unknown region name', () => {
    expect(problems({ region: 'Virginia' })).toContain('region: must be an AWS region name such as "us-east-1" or "eu-west-1"');
  });

  it('rejects admin access from the whole internet', () => {
    expect(problems({ adminCidrs: ['0.0.0.0/0'] })).toContain(
      'adminCidrs.0: "0.0.0.0/0" opens admin endpoints to the whole internet; list your office or VPN ranges instead',
    );
  });

  it('rejects a log retention CloudWatch does not offer', () => {
    expect(problems({ network: { flowLogs: { retentionDays: 100 } } })[0]).toMatch(
      /^network\.flowLogs\.retentionDays: must be one of CloudWatch Logs' retention values: 1, 3, 5/,
    );
  });

  it('rejects reserved and oversized tags', () => {
    expect(problems({ tags: { 'aws:owner': 'x', Team: 'y'.repeat(300) } })).toEqual([
      'tags.aws:owner: tag keys starting with "aws:" are reserved by AWS',
      'tags.Team: tag values are at most 256 characters',
    ]);
  });

  it('rejects an unencrypted S3 state backend and a bad bucket name', () => {
    expect(
      problems({ stateBackend: { type: 's3', bucket: 'Bad_Bucket', keyPrefix: 'p', region: 'us-east-1', encrypt: false } } as Record<string, unknown>),
    ).toEqual([
      'stateBackend.bucket: must be a valid S3 bucket name: 3-63 characters of lower-case letters, digits, dots and hyphens',
      'stateBackend.encrypt: must be true: state holds resource attributes that must be encrypted at rest',
    ]);
  });

  it('rejects a misspelt field instead of ignoring it, naming the setting it most likely means', () => {
    expect(problems({ network: { natGatways: 'single' } } as Record<string, unknown>)).toEqual([
      'network.natGatways: is not a setting here; did you mean "natGateways"? (settings here: flowLogs, interfaceEndpoints, natGateways, subnets, vpcCidr; see the README\'s configuration reference)',
    ]);
    expect(problems({ storage: { landingLifecycle: { deepArchveAfterDays: 400 } } } as Record<string, unknown>)[0]).toMatch(
      /^storage\.landingLifecycle\.deepArchveAfterDays: is not a setting here; did you mean "deepArchiveAfterDays"\?/,
    );
    expect(problems({ stateBackend: { lockfile: true } } as Record<string, unknown>, 'prod')[0]).toMatch(/^stateBackend\.lockfile: is not a setting here; did you mean "useLockfile"\?/);
    // Every top-level setting is listed; each stack's section joins the list.
    expect(problems({ banana: 1 } as Record<string, unknown>)).toEqual([
      expect.stringMatching(/^banana: is not a setting here \(settings here: adminCidrs, .*availabilityZones, awsEndpoint, .*environment, namePrefix, network, .*stateBackend, storage, tags; see the README's configuration reference\)$/),
    ]);
  });

  it('rejects prod settings that are unsafe for production', () => {
    expect(problems({ network: { natGateways: 'single' } }, 'prod')).toEqual([
      'network.natGateways: "single" makes one AZ a single point of failure for all egress; prod requires "perAz"',
    ]);
  });

  it('rejects landing tiers S3 would refuse at apply time', () => {
    expect(problems({ storage: { landingLifecycle: { infrequentAccessAfterDays: 30, glacierInstantRetrievalAfterDays: 45, deepArchiveAfterDays: 365 } } })).toContain(
      'storage.landingLifecycle.glacierInstantRetrievalAfterDays: must be at least 30 days after infrequentAccessAfterDays (30); S3 keeps objects in STANDARD_IA for 30 days before the next transition',
    );
  });

  it('rejects a prefix that makes any derived name too long for its service, before any construct is built', () => {
    expect(problems({ namePrefix: 'dataplatform', environment: 'staging-eu' } as Record<string, unknown>)).toEqual([
      'namePrefix: "dataplatform" with environment "staging-eu" makes a name its service refuses: S3 bucket_prefix "dataplatform-staging-eu-dbt-artifacts-" is 38 characters; at most 37 are allowed; choose a shorter namePrefix or environment',
    ]);
  });

  it('accepts the longest prefix every derived name still fits', () => {
    expect(loadConfig({ env: 'dev', overrides: { namePrefix: 'dataplatform', environment: 'staging-e' } }).namePrefix).toBe('dataplatform');
  });

  it('fills every section default from the schema once: dev leaves storage out and still gets every field', () => {
    const { storage, secrets } = loadConfig({ env: 'dev' });
    expect(storage).toEqual({
      landingLifecycle: { infrequentAccessAfterDays: 30, glacierInstantRetrievalAfterDays: 90, deepArchiveAfterDays: 365, noncurrentVersionExpirationDays: 30 },
      accessLogRetentionDays: 365,
      airflowLogs: { infrequentAccessAfterDays: 30, expirationDays: 365 },
      airbyte: { infrequentAccessAfterDays: 30, expirationDays: 365 },
      dbtArtifacts: { expirationDays: 180 },
      untaggedImageExpiryDays: 7,
      keepTaggedImages: 50,
    });
    expect(secrets.generatedVersions).toEqual({ airbyteInstanceAdmin: 1, airflowFernetKey: 1, airflowApiSecretKey: 1, airflowJwtSecret: 1, airflowAdminPassword: 1 });
  });

  it('rejects Airflow logs that would expire before they move to infrequent access, and a generated secret version of 0', () => {
    expect(problems({ storage: { airflowLogs: { infrequentAccessAfterDays: 60, expirationDays: 45 } }, secrets: { generatedVersions: { airflowFernetKey: 0 } } })).toEqual([
      'storage.airflowLogs.expirationDays: expirationDays must come after infrequentAccessAfterDays, or logs expire before they move',
      'secrets.generatedVersions.airflowFernetKey: must be 1 or more; raise it by one to rotate',
    ]);
  });

  it('rejects unlocked state in prod', () => {
    expect(problems({ stateBackend: { useLockfile: false } } as Record<string, unknown>, 'prod')).toEqual([
      "stateBackend.useLockfile: must be true in prod: without the lock, two deploys can overwrite each other's state",
    ]);
  });

  it('treats names of object built-ins as unknown environments', () => {
    expect(() => loadConfig({ env: 'toString' })).toThrow(/PLATFORM_ENV: "toString" is not a known environment/);
  });

  it('rejects an impossible sizing input', () => {
    expect(problems({ sizing: { dailyVolumeTb: 0 } })).toContain('sizing.dailyVolumeTb: must be a positive number of terabytes per day');
  });

  it('lists every bad field in one error, with the fix', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ env: 'dev', overrides: { region: 'nowhere', network: { vpcCidr: 'ten' }, secrets: { recoveryWindowDays: 0 } } });
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).toMatch(/^Invalid platform configuration for environment "dev" \(\d+ problems\):/);
    expect(error!.message).toContain('  - region: must be an AWS region name');
    expect(error!.message).toContain('  - network.vpcCidr: "ten" is not a valid IPv4 CIDR');
    expect(error!.message).toContain('  - secrets.recoveryWindowDays: must be 7-30 days');
    expect(error!.message).toMatch(/nothing was synthesized\.$/);
  });
});

describe('snowflake configuration', () => {
  const rsa = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits });
  const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
  const { publicKey, privateKey } = rsa(2048);

  it('fills in the defaults: RAW and ANALYTICS, a schema per source family, the three service users, no account monitor', () => {
    const { snowflake } = loadConfig({ env: 'dev' });
    expect(snowflake.databases).toEqual({ raw: 'RAW', analytics: 'ANALYTICS' });
    expect(snowflake.rawSchemas).toEqual({ oltpCdc: 'OLTP', partnerApis: 'PARTNERS', structuredFiles: 'FILES', documents: 'DOCUMENTS' });
    expect(snowflake.serviceUsers).toEqual({ loader: { name: 'AIRBYTE' }, transformer: { name: 'DBT' }, reporter: { name: 'SIGMA' } });
    expect(snowflake.terraformLogin.user).toBe('TERRAFORM');
    expect(snowflake.monitors).toEqual({ headroom: 0.25, notifyUsers: [] });
  });

  it('reads the Terraform user\'s key from Secrets Manager, or from SNOWFLAKE_PRIVATE_KEY when the workflows set it', () => {
    const saved = process.env.SNOWFLAKE_PRIVATE_KEY;
    try {
      delete process.env.SNOWFLAKE_PRIVATE_KEY;
      expect(loadConfig({ env: 'prod' }).snowflake.terraformLogin.privateKeyFrom).toBe('secretsManager');
      process.env.SNOWFLAKE_PRIVATE_KEY = 'set by the workflow';
      expect(loadConfig({ env: 'prod' }).snowflake.terraformLogin.privateKeyFrom).toBe('environment');
    } finally {
      if (saved === undefined) delete process.env.SNOWFLAKE_PRIVATE_KEY;
      else process.env.SNOWFLAKE_PRIVATE_KEY = saved;
    }
  });

  it('takes a public key as PEM or as its one-line body, and keeps the body Snowflake expects', () => {
    const body = pem(publicKey).replace(/-----[A-Z ]+-----|\s/g, '');
    for (const given of [pem(publicKey), body]) {
      expect(loadConfig({ env: 'dev', overrides: { snowflake: { serviceUsers: { transformer: { rsaPublicKey: given } } } } }).snowflake.serviceUsers.transformer.rsaPublicKey).toBe(body);
    }
  });

  it('rejects a private key, a short or non-RSA key and the same key in both slots', () => {
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(
      problems({
        snowflake: {
          serviceUsers: {
            loader: { rsaPublicKey: privatePem },
            transformer: { rsaPublicKey: pem(rsa(1024).publicKey), rsaPublicKey2: pem(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey) },
            reporter: { rsaPublicKey: pem(publicKey), rsaPublicKey2: pem(publicKey) },
          },
        },
      }),
    ).toEqual([
      'snowflake.serviceUsers.loader.rsaPublicKey: is not an RSA public key; paste the output of `openssl rsa -in key.p8 -pubout` (PEM, or its base64 body on one line), never the private key',
      'snowflake.serviceUsers.transformer.rsaPublicKey: is an RSA key of 1024 bits; Snowflake key-pair login needs an RSA key of 2048 bits or more',
      'snowflake.serviceUsers.transformer.rsaPublicKey2: is an EC key; Snowflake key-pair login needs an RSA key of 2048 bits or more',
      'snowflake.serviceUsers.reporter.rsaPublicKey2: is the same key as rsaPublicKey; the second slot is for the next key during rotation',
    ]);
  });

  it('rejects warehouses that idle too long, BI access from anywhere, system roles and lower-case names', () => {
    expect(
      problems({
        snowflake: {
          accountName: 'my-account',
          roles: { loader: 'ACCOUNTADMIN' },
          databases: { raw: 'raw' },
          warehouses: { loading: { autoSuspendSeconds: 3600 }, reporting: { minClusterCount: 3, maxClusterCount: 2 } },
          bi: { allowedCidrs: ['0.0.0.0/0'] },
        },
      }),
    ).toEqual([
      'snowflake.accountName: must be letters, digits and underscores, starting with a letter (as shown in Snowsight under Admin > Accounts)',
      'snowflake.databases.raw: Snowflake identifier "raw" may contain only upper-case letters, digits, _ and $, starting with a letter or _ (an unquoted identifier, so SQL needs no quotes)',
      'snowflake.warehouses.loading.autoSuspendSeconds: must be at most 300: an idle warehouse bills credits until it suspends',
      'snowflake.warehouses.reporting.minClusterCount: minClusterCount must not exceed maxClusterCount',
      'snowflake.bi.allowedCidrs.0: "0.0.0.0/0" admits the reporter user from the whole internet; list the BI tool\'s published egress ranges',
      'snowflake.roles.loader: "ACCOUNTADMIN" is a Snowflake system role; the platform\'s roles are its own, with only the privileges they need',
    ]);
  });

  it('rejects bulk feeds that S3 notifications or the table could not serve', () => {
    expect(
      problems({
        snowflake: {
          bulkLoading: {
            feeds: [
              { table: 'EVENTS', format: 'csv', prefix: 'events/' },
              { table: 'EVENTS', format: 'json', prefix: 'events/', columns: ['A'] },
              { table: 'ORDERS', format: 'xml', prefix: 'Orders' },
            ],
          },
        },
      }),
    ).toEqual([
      "snowflake.bulkLoading.feeds.0.columns: is required for a CSV feed: list the file's columns in order (they load as text)",
      'snowflake.bulkLoading.feeds.1.columns: must be left out for a json feed: its records load whole into the RECORD VARIANT column',
      'snowflake.bulkLoading.feeds.2.prefix: must be one folder of lower-case letters, digits and hyphens ending in "/", e.g. "campaign-events/"',
      'snowflake.bulkLoading.feeds: table EVENTS is loaded by more than one feed; give each feed its own table',
      'snowflake.bulkLoading.feeds: prefix "events/" is used by more than one feed; S3 refuses overlapping notification prefixes',
    ]);
  });
});
