import { TerraformStack, Testing } from 'cdktf';
import { AirbyteHealthGate, healthRetries } from '../../constructs/airbyte-health-gate';
import { AirbyteRelease, type AirbyteReleaseProps } from '../../constructs/airbyte-release';
import { AirbyteSourceConnection } from '../../constructs/airbyte-source-connection';
import { resourceQuantities } from '../../constructs/pod-resources';
import { SecretJson } from '../../constructs/secret-json';
import { SyncedSecret } from '../../constructs/synced-secret';
import { WORKLOAD_PLACEMENT } from '../../constructs/workload-placement';
import { helmValuesOf } from '../support/helm';

function scope(): TerraformStack {
  return new TerraformStack(Testing.app(), 'constructs');
}

function synthesized(stack: TerraformStack): Record<string, any> {
  return JSON.parse(Testing.synth(stack));
}

const RELEASE: AirbyteReleaseProps = {
  namespace: 'airbyte',
  chartVersion: '2.2.0',
  database: { host: 'db.example.internal', port: 5432, name: 'airbyte', credentialsSecret: 'airbyte-database' },
  storage: { bucketName: 'dp-dev-airbyte-x', region: 'us-east-1' },
  serviceAccountRoleArn: 'arn:aws:iam::role/example',
  instanceAdminSecret: 'airbyte-instance-admin',
  credentialVersions: { database: 2, 'instance-admin': 1 },
  placement: WORKLOAD_PLACEMENT.ingestion,
  sizing: { concurrentSyncs: 12, maxSyncWorkers: 5, workerReplicas: 3, worker: { cpu: 0.5, memoryGib: 1.5 }, jobContainer: { cpu: 1, memoryGib: 2 } },
  loadBalancer: { scheme: 'internal', sourceRanges: ['203.0.113.0/24', '10.20.0.0/16'] },
};

describe('AirbyteRelease', () => {
  it('admits exactly the given ranges at the load balancer and sizes the release from the plan', () => {
    const stack = scope();
    new AirbyteRelease(stack, 'airbyte', RELEASE);
    const values = helmValuesOf(Object.values(synthesized(stack).resource.helm_release as Record<string, any>)[0]);
    expect(values.server.service.annotations['service.beta.kubernetes.io/load-balancer-source-ranges']).toBe('203.0.113.0/24,10.20.0.0/16');
    expect(values.worker).toMatchObject({ replicaCount: 3, maxSyncWorkers: 5, resources: { requests: { cpu: '500m', memory: '1536Mi' } } });
    expect(values.workloadLauncher.parallelism).toBe(12);
    expect(values.global.database.port).toBe('5432');
  });

  it('annotates every component\'s pods with the credentials\' versions, so raising one restarts them with the new value', () => {
    const stack = scope();
    new AirbyteRelease(stack, 'airbyte', RELEASE);
    const values = helmValuesOf(Object.values(synthesized(stack).resource.helm_release as Record<string, any>)[0]);
    for (const component of ['server', 'worker', 'workloadLauncher', 'workloadApiServer', 'cron', 'temporal', 'airbyteBootloader', 'manifestServer']) {
      expect([component, values[component].podAnnotations]).toEqual([component, { 'data-platform/credential-versions': 'database=2,instance-admin=1' }]);
    }
  });

  it('refuses a load balancer without source ranges and workers that cannot run the planned syncs', () => {
    expect(() => new AirbyteRelease(scope(), 'airbyte', { ...RELEASE, loadBalancer: { scheme: 'internal', sourceRanges: [] } })).toThrow(
      'AirbyteRelease airbyte: loadBalancer.sourceRanges must list at least one range; a load balancer without them admits every address',
    );
    expect(() => new AirbyteRelease(scope(), 'airbyte', { ...RELEASE, sizing: { ...RELEASE.sizing, concurrentSyncs: 16 } })).toThrow(
      'AirbyteRelease airbyte: sizing: 3 workers x 5 syncs each cannot run 16 syncs at once',
    );
  });
});

describe('AirbyteHealthGate', () => {
  it('retries for at least the wait it is given, doubling the pause from 5 to at most 30 seconds', () => {
    expect(healthRetries(10, 10)).toEqual({ attempts: 22, minDelayMs: 5000, maxDelayMs: 30000, pauseSeconds: 605, worstCaseSeconds: 835 });
    for (const minutes of [1, 5, 10, 30]) {
      const retries = healthRetries(minutes, 10);
      expect(retries.pauseSeconds).toBeGreaterThanOrEqual(minutes * 60);
      expect(retries.pauseSeconds - 30).toBeLessThan(minutes * 60);
    }
  });

  it('reads the health endpoint with a timeout, the retries and a postcondition naming what to check', () => {
    const stack = scope();
    new AirbyteHealthGate(stack, 'gate', { serverUrl: 'http://lb.example:8001', namespace: 'airbyte', serverServiceName: 'airbyte-airbyte-server-svc', waitMinutes: 10, requestTimeoutSeconds: 10 });
    const [gate] = Object.values(synthesized(stack).data.http as Record<string, any>);
    expect(gate).toMatchObject({ url: 'http://lb.example:8001/api/v1/health', method: 'GET', request_timeout_ms: 10000, retry: { attempts: 22, min_delay_ms: 5000, max_delay_ms: 30000 } });
    const [postcondition] = gate.lifecycle.postcondition;
    expect(postcondition.condition).toBe('${self.status_code == 200 && try(jsondecode(self.response_body).available, false) == true}');
    expect(postcondition.error_message).toMatch(/did not report itself available at http:\/\/lb\.example:8001\/api\/v1\/health after 10 minutes \(HTTP \$\{self\.status_code\}\)/);
    for (const check of ['kubectl -n airbyte get pods', 'describe svc airbyte-airbyte-server-svc', 'source ranges (adminCidrs or the VPC)']) expect(postcondition.error_message).toContain(check);
  });

  it('refuses a wait that is not positive', () => {
    expect(() => new AirbyteHealthGate(scope(), 'gate', { serverUrl: 'http://x', namespace: 'a', serverServiceName: 's', waitMinutes: 0, requestTimeoutSeconds: 10 })).toThrow(
      'AirbyteHealthGate gate: waitMinutes and requestTimeoutSeconds must be positive',
    );
  });
});

describe('SyncedSecret', () => {
  it('refuses a name or a key Kubernetes would refuse, and copying nothing', () => {
    const props = { name: 'ok', namespace: 'airbyte', storeName: 'store', remoteSecretName: 'dp/dev/x', keys: { a: 'a' } };
    expect(() => new SyncedSecret(scope(), 's', { ...props, name: 'Not_Valid' })).toThrow(/^SyncedSecret s: name: Kubernetes name "Not_Valid" may contain only/);
    expect(() => new SyncedSecret(scope(), 's', { ...props, keys: { 'a b': 'a' } })).toThrow('SyncedSecret s: keys a b are not valid Kubernetes Secret keys (letters, digits, - . _)');
    expect(() => new SyncedSecret(scope(), 's', { ...props, keys: {} })).toThrow('SyncedSecret s: keys must name at least one key to copy');
  });
});

describe('SecretJson', () => {
  const withSecretJson = (extra: { generatedBy?: string }) => {
    const stack = scope();
    new SecretJson(stack, 'generated', { secretArn: 'a', secretName: 'n', properties: ['password'], neededBy: 'the CDC source', ...extra });
    return stack;
  };

  it('fails the plan on an empty secret (before reading its value) or a missing property, naming the secret and the fix, and reads only declared properties', () => {
    const stack = scope();
    const secret = new SecretJson(stack, 'creds', { secretArn: 'arn:secret', secretName: 'dp/dev/partners/x', properties: ['token'], neededBy: 'the x source', alternative: 'disable the source' });
    expect(() => secret.property('other')).toThrow('SecretJson creds: "other" is not among the properties it reads (token)');
    const data = synthesized(stack).data;
    const [versions] = Object.values(data.aws_secretsmanager_secret_versions as Record<string, any>);
    expect(versions.lifecycle.postcondition[0]).toEqual({
      condition: '${length(self.versions) > 0}',
      error_message: 'Secrets Manager secret dp/dev/partners/x has no value yet (needed by the x source). Put its value, JSON {token}, with aws secretsmanager put-secret-value (README: "Setting secret values"), then deploy again. Or disable the source.',
    });
    const [value] = Object.values(data.aws_secretsmanager_secret_version as Record<string, any>);
    const [versionsAddress] = Object.keys(data.aws_secretsmanager_secret_versions as Record<string, any>);
    expect(value.depends_on).toEqual([`data.aws_secretsmanager_secret_versions.${versionsAddress}`]);
    expect(value.lifecycle.postcondition[0].condition).toBe('${alltrue([for property in ["token"] : can(jsondecode(self.secret_string)[property])])}');
    const generated = synthesized(withSecretJson({ generatedBy: 'postgres' })).data;
    expect(Object.values(generated.aws_secretsmanager_secret_versions as Record<string, any>)[0].lifecycle.postcondition[0].error_message).toBe(
      'Secrets Manager secret n has no value yet (needed by the CDC source). Deploy postgres first: it generates the value (JSON {password}).',
    );
    expect(() => new SecretJson(scope(), 'none', { secretArn: 'a', secretName: 'n', properties: [], neededBy: 'x' })).toThrow('SecretJson none: properties must name at least one property');
  });
});

describe('AirbyteSourceConnection', () => {
  it('syncs on demand only with a manual schedule, and refuses a name Airflow cannot use or no stream', () => {
    const stack = scope();
    const common = { workspaceId: 'w', destinationId: 'd', connector: { definitionId: 'id', configuration: { a: 1 } }, namespace: 'RAW_SCHEMA' };
    new AirbyteSourceConnection(stack, 'manual', { ...common, name: 'manual_source', streams: [{ name: 't', syncMode: 'incremental_append' }], schedule: { scheduleType: 'manual' } });
    const [connection] = Object.values(synthesized(stack).resource.airbyte_connection as Record<string, any>);
    expect(connection.schedule).toEqual({ schedule_type: 'manual' });
    expect(connection).not.toHaveProperty('prefix');
    expect(() => new AirbyteSourceConnection(scope(), 'bad', { ...common, name: 'Bad-Name', streams: [{ name: 't', syncMode: 'incremental_append' }], schedule: { scheduleType: 'manual' } })).toThrow(
      'AirbyteSourceConnection bad: name must be lower-case letters, digits and underscores (it names the sync in Airflow), got "Bad-Name"',
    );
    expect(() => new AirbyteSourceConnection(scope(), 'empty', { ...common, name: 'empty', streams: [], schedule: { scheduleType: 'manual' } })).toThrow(
      'AirbyteSourceConnection empty: streams must select at least one stream',
    );
  });
});

describe('resourceQuantities', () => {
  it('writes whole cores and GiB plainly, fractions in millicores and MiB, and refuses non-positive figures', () => {
    expect(resourceQuantities({ cpu: 1, memoryGib: 2 })).toEqual({ cpu: '1', memory: '2Gi' });
    expect(resourceQuantities({ cpu: 0.25, memoryGib: 0.5 })).toEqual({ cpu: '250m', memory: '512Mi' });
    expect(() => resourceQuantities({ cpu: 0, memoryGib: 1 })).toThrow('resourceQuantities: cpu and memoryGib must be positive, got 0 vCPU and 1 GiB');
  });
});
