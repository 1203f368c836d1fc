import { loadConfig } from '../../config';
import { environments } from '../../config/environments';
import { nameField, nameProblem, PlatformNames } from '../../config/naming';

describe('name rules', () => {
  it.each([
    ['rdsIdentifier', 'dp-dev-airflow', undefined],
    ['rdsIdentifier', 'dp--dev', 'RDS identifier "dp--dev" may contain only lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen'],
    ['rdsIdentifier', `d${'x'.repeat(63)}`, `RDS identifier "d${'x'.repeat(63)}" is 64 characters; at most 63 are allowed`],
    ['kubernetesName', 'airbyte-server', undefined],
    ['kubernetesName', 'Airbyte', 'Kubernetes name "Airbyte" may contain only lower-case letters, digits and hyphens, starting and ending with a letter or digit (RFC 1123 label)'],
    ['snowflakeIdentifier', 'ANALYTICS_DEV', undefined],
    ['snowflakeIdentifier', 'analytics', 'Snowflake identifier "analytics" may contain only upper-case letters, digits, _ and $, starting with a letter or _ (an unquoted identifier, so SQL needs no quotes)'],
    ['iamRoleNamePrefix', `${'r'.repeat(39)}`, `IAM role name_prefix "${'r'.repeat(39)}" is 39 characters; at most 38 are allowed`],
    ['iamRoleName', 'dp-dev-eks-cluster', undefined],
  ] as const)('%s "%s"', (kind, name, problem) => {
    expect(nameProblem(kind, name)).toBe(problem);
  });

  it('gives config fields the same rule, with the message', () => {
    expect(nameField('kubernetesName').safeParse('airbyte').success).toBe(true);
    expect(nameField('kubernetesName').safeParse('air_byte').error?.issues[0].message).toMatch(/^Kubernetes name "air_byte" may contain only/);
  });

  it('derives every name from namePrefix and environment', () => {
    const names = new PlatformNames(loadConfig({ env: 'dev' }));
    expect([
      names.stem,
      names.bucketPrefix('landing'),
      names.rolePrefix('flow-logs'),
      names.roleName('snowflake-landing'),
      names.keyAlias('data'),
      names.secretName('airflow/fernet-key'),
      names.logGroupName('vpc-flow-logs'),
    ]).toEqual([
      'dp-dev',
      'dp-dev-landing-',
      'dp-dev-flow-logs-',
      'dp-dev-snowflake-landing',
      'dp-dev-data',
      'dp/dev/airflow/fernet-key',
      '/dp/dev/vpc-flow-logs',
    ]);
    expect(names.problems()).toEqual([]);
  });
});

describe('environments share one base', () => {
  it('dev and prod differ only in their name, network ranges, NAT, state, Postgres safety settings, Snowflake account, log and secret retention', () => {
    const dev = loadConfig({ env: 'dev' });
    const prod = loadConfig({ env: 'prod' });
    const differing = (Object.keys(dev) as (keyof typeof dev)[]).filter((key) => JSON.stringify(dev[key]) !== JSON.stringify(prod[key])).sort();
    expect(differing).toEqual(['environment', 'network', 'postgres', 'secrets', 'snowflake', 'stateBackend']);
    expect({ ...dev.snowflake, accountName: prod.snowflake.accountName }).toEqual(prod.snowflake);
    expect(Object.keys(environments).sort()).toEqual(['dev', 'local', 'prod']);
  });
});
