import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELM_VALUES_DIRECTORY, mergeHelmValues, readHelmValues } from '../../constructs/helm-values';
import { PLATFORM_STACKS } from '../../stacks/platform';
import { synthPlatform } from '../support/synth';

const FILES = readdirSync(HELM_VALUES_DIRECTORY).filter((file) => file.endsWith('.yaml'));

describe('helm-values/', () => {
  it('holds one file per chart a stack installs from a repository, each used by exactly one release', () => {
    const platform = synthPlatform({ env: 'dev' });
    const releases = Object.keys(PLATFORM_STACKS).flatMap((stack) =>
      Object.values((platform.stack(stack).json.resource.helm_release ?? {}) as Record<string, { repository?: string; values: string[] }>),
    );
    const fromRepositories = releases.filter((release) => release.repository);
    const texts = FILES.map((file) => readFileSync(join(HELM_VALUES_DIRECTORY, file), 'utf8'));
    for (const release of fromRepositories) expect(texts).toContain(release.values[0]);
    for (const text of texts) expect(fromRepositories.filter((release) => release.values[0] === text)).toHaveLength(1);
  });

  it.each(FILES)('%s is a commented YAML mapping, readable on its own', (file) => {
    const { text, values } = readHelmValues(file);
    expect(text).toMatch(/^# /);
    expect(Object.keys(values).length).toBeGreaterThan(0);
  });

  it('names the file and the fix when a values file is missing', () => {
    expect(() => readHelmValues('no-such-chart.yaml')).toThrow("helm-values/no-such-chart.yaml does not exist; every chart's values live in helm-values/<chart>.yaml");
  });

  it('merges documents as Helm does: mappings key by key, lists and scalars replaced', () => {
    expect(mergeHelmValues({ a: { b: 1, c: [1] }, d: 'x' }, { a: { c: [2], e: true } })).toEqual({ a: { b: 1, c: [2], e: true }, d: 'x' });
  });
});
