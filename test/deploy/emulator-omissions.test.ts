import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { omitForEmulator } from '../../scripts/lib/emulator-omissions';
import { SynthesizedApp } from '../../scripts/lib/stack-manifest';
import { PLATFORM_STACKS } from '../../stacks/platform';
import { synthPlatform, type SynthesizedPlatform } from '../support/synth';

const OMITTED = ['aws_eks_addon', 'aws_eks_access_entry', 'aws_eks_access_policy_association'];
let platform: SynthesizedPlatform;

beforeAll(() => {
  platform = synthPlatform({ env: 'dev' });
});

function stackJson(stack: string): Record<string, any> {
  return JSON.parse(readFileSync(join(platform.outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
}

describe('what the emulator lacks is left out of its copy of a stack, and only there', () => {
  it('names exactly the EKS types moto has no API for, each with its reason', () => {
    const eks = PLATFORM_STACKS.eks.emulator;
    expect(eks.deploys && eks.omits?.map((omission) => omission.resourceType)).toEqual(OMITTED);
    expect(eks.deploys && eks.omits?.every((omission) => omission.reason.includes('moto has no'))).toBe(true);
  });

  it('keeps them in the product: the synthesized eks stack has add-ons and access entries', () => {
    for (const type of OMITTED) expect(Object.keys(platform.stack('eks').json.resource[type] ?? {}).length).toBeGreaterThan(0);
  });

  it('strips them and every depends_on naming them, leaving the rest (node groups included) as synthesized', () => {
    const before = stackJson('eks');
    const eks = PLATFORM_STACKS.eks.emulator;
    const removed = omitForEmulator(new SynthesizedApp(platform.outdir), 'eks', eks.deploys ? (eks.omits ?? []) : []);
    expect(removed.map((omission) => [omission.resourceType, omission.count])).toEqual([
      ['aws_eks_addon', 4],
      ['aws_eks_access_entry', 2],
      ['aws_eks_access_policy_association', 2],
    ]);
    const after = stackJson('eks');
    expect(Object.keys(after.resource).sort()).toEqual(Object.keys(before.resource).filter((type) => !OMITTED.includes(type)).sort());
    const text = JSON.stringify(after);
    for (const type of OMITTED) expect(text).not.toContain(`${type}.`);
    for (const [name, group] of Object.entries(after.resource.aws_eks_node_group) as [string, Record<string, any>][]) {
      expect(group.depends_on).toEqual(before.resource.aws_eks_node_group[name].depends_on.filter((dependency: string) => !dependency.startsWith('aws_eks_addon.')));
    }
  });

  it('strips only the one resource an omission names by construct path: the postgres rule from the cluster security group moto lacks', () => {
    const postgres = PLATFORM_STACKS.postgres.emulator;
    const omits = postgres.deploys ? (postgres.omits ?? []) : [];
    expect(omits.map((omission) => [omission.resourceType, omission.path])).toEqual([['aws_security_group_rule', 'postgres/security-group/from-cluster']]);
    const before = stackJson('postgres');
    expect(Object.values(before.resource.aws_security_group_rule).map((rule: any) => rule['//'].metadata.path).sort()).toEqual([
      'postgres/security-group/from-cluster',
      'postgres/security-group/from-nodes',
    ]);
    const removed = omitForEmulator(new SynthesizedApp(platform.outdir), 'postgres', omits);
    expect(removed.map((omission) => [omission.resourceType, omission.count])).toEqual([['aws_security_group_rule', 1]]);
    const after = stackJson('postgres');
    expect(Object.values(after.resource.aws_security_group_rule).map((rule: any) => rule['//'].metadata.path)).toEqual(['postgres/security-group/from-nodes']);
    expect(Object.keys(after.resource).sort()).toEqual(Object.keys(before.resource).sort());
  });

  it('refuses to strip a type something refers to beyond depends_on, which would leave an invalid configuration', () => {
    const file = join(platform.outdir, 'stacks', 'storage', 'cdk.tf.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.output = { ...json.output, key_id_of_alias: { value: '${aws_kms_alias.x.target_key_id}' } };
    writeFileSync(file, JSON.stringify(json));
    expect(() => omitForEmulator(new SynthesizedApp(platform.outdir), 'storage', [{ resourceType: 'aws_kms_alias', reason: 'test' }])).toThrow(
      'stack "storage" refers to aws_kms_alias beyond depends_on, so the emulator cannot run it without them; make only depends_on name them, or stop omitting them',
    );
  });
});
