import { Testing } from 'cdktf';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { AccountRole } from '@cdktf/provider-snowflake/lib/account-role';
import { Database } from '@cdktf/provider-snowflake/lib/database';
import { ephemeralRandomPassword, ephemeralSecretValue, SecretsmanagerSecretVersion } from '../../providers/aws';
import { configureKubernetes } from '../../providers/kubernetes';
import { configureSnowflake } from '../../providers/snowflake';
import { stackUnderTest } from '../support/stack-under-test';

const CLUSTER = { clusterName: 'dp-dev', endpoint: 'https://example.eks.amazonaws.com', certificateAuthorityData: 'Q0E=', region: 'us-east-1' };

function synthesized(stack: Parameters<typeof Testing.synth>[0]) {
  return JSON.parse(Testing.synth(stack, true));
}

describe('PlatformStack providers', () => {
  it('configures AWS only for a stack that declares it', () => {
    const { stack } = stackUnderTest('kubernetes-only', ['kubernetes']);
    configureKubernetes(stack, CLUSTER);
    const json = synthesized(stack);
    expect(Object.keys(json.terraform.required_providers)).toEqual(['kubernetes']);
    expect(json.provider.aws).toBeUndefined();
  });

  it('fails synthesis when a stack configures a provider the registry does not declare for it', () => {
    const { stack } = stackUnderTest('sneaky', ['aws']);
    configureKubernetes(stack, CLUSTER);
    expect(() => Testing.synth(stack, true)).toThrow(
      'stack "sneaky" configures providers [aws, kubernetes] but the registry (stacks/platform.ts) declares [aws]; declare every provider the stack uses there, and configure none it does not use',
    );
  });

  it('logs in to the cluster with short-lived exec tokens, never a kubeconfig or a stored token', () => {
    const { stack } = stackUnderTest('kubernetes-only', ['kubernetes']);
    configureKubernetes(stack, CLUSTER);
    expect(synthesized(stack).provider.kubernetes).toEqual([
      {
        host: CLUSTER.endpoint,
        cluster_ca_certificate: '${base64decode("Q0E=")}',
        exec: [{ api_version: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'dp-dev', '--region', 'us-east-1', '--output', 'json'] }],
      },
    ]);
  });
});

describe('ownership labels beyond AWS', () => {
  it('labels Kubernetes objects, typed or manifests, keeping their own labels', () => {
    const { stack } = stackUnderTest('cluster', ['kubernetes']);
    configureKubernetes(stack, CLUSTER);
    new NamespaceV1(stack, 'namespace', { metadata: { name: 'airbyte', labels: { team: 'ingestion' } } });
    new Manifest(stack, 'store', { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'airbyte' } } });
    const json = synthesized(stack);
    const expected = { 'app.kubernetes.io/managed-by': 'cdktf', 'app.kubernetes.io/part-of': 'data-platform', environment: 'dev' };
    expect(Object.values(json.resource.kubernetes_namespace_v1)[0]).toMatchObject({ metadata: { labels: { ...expected, team: 'ingestion' } } });
    expect(Object.values(json.resource.kubernetes_manifest)[0]).toMatchObject({ manifest: { metadata: { name: 'c', labels: expected } } });
  });

  it('comments Snowflake objects, after a comment of their own', () => {
    const { stack } = stackUnderTest('snowflake-objects', ['snowflake']);
    configureSnowflake(stack, { organizationName: 'o', accountName: 'a', user: 'u', role: 'r', privateKey: '${var.key}', previewFeatures: [] });
    new Database(stack, 'raw', { name: 'RAW' });
    new AccountRole(stack, 'loader', { name: 'LOADER', comment: 'Airbyte loads RAW.' });
    const json = synthesized(stack);
    const owner = 'Managed by cdktf (data-platform, dev); do not change by hand.';
    expect(Object.values(json.resource.snowflake_database)[0]).toMatchObject({ comment: owner });
    expect(Object.values(json.resource.snowflake_account_role)[0]).toMatchObject({ comment: `Airbyte loads RAW. ${owner}` });
  });
});

describe('ephemeral blocks', () => {
  it('writes each as its own ephemeral block with a unique name, referenced from write-only attributes', () => {
    const { stack } = stackUnderTest();
    const password = ephemeralRandomPassword(stack, 'password', { length: 40 });
    const current = ephemeralSecretValue(stack, 'current', 'arn:aws:secretsmanager:us-east-1:000000000000:secret:x');
    new SecretsmanagerSecretVersion(stack, 'value', { secretId: 'x', secretStringWo: password.attribute('random_password'), secretStringWoVersion: 1 });
    new SecretsmanagerSecretVersion(stack, 'copy', { secretId: 'y', secretStringWo: current.attribute('secret_string'), secretStringWoVersion: 1 });
    const json = synthesized(stack);
    const [passwordName] = Object.keys(json.ephemeral.aws_secretsmanager_random_password);
    expect(json.ephemeral.aws_secretsmanager_random_password[passwordName]).toEqual({ password_length: 40, exclude_punctuation: true });
    const [currentName] = Object.keys(json.ephemeral.aws_secretsmanager_secret_version);
    expect(json.ephemeral.aws_secretsmanager_secret_version[currentName]).toEqual({ secret_id: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:x' });
    expect(Object.values(json.resource.aws_secretsmanager_secret_version).map((version: any) => version.secret_string_wo).sort()).toEqual([
      `\${ephemeral.aws_secretsmanager_random_password.${passwordName}.random_password}`,
      `\${ephemeral.aws_secretsmanager_secret_version.${currentName}.secret_string}`,
    ]);
  });
});
