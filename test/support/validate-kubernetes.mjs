// Validates Kubernetes objects against the Kubernetes and CRD schemas of the kubernetes-models
// packages. Those packages are ES modules only, which jest's CommonJS runtime cannot load, so
// tests run this file with node: JSON [{ label, object }] on stdin, JSON [{ label, problem }] out.
import { readFileSync } from 'node:fs';

/** The package holding the models of each API group. */
const CRD_PACKAGES = { 'external-secrets.io': '@kubernetes-models/external-secrets' };

async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [undefined, apiVersion];
  const path = group ? `${CRD_PACKAGES[group] ?? 'kubernetes-models'}/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
  const module = await import(path);
  return module[kind];
}

const problems = [];
for (const { label, object } of JSON.parse(readFileSync(0, 'utf8'))) {
  try {
    const Model = await modelOf(object.apiVersion, object.kind);
    new Model(object).validate();
  } catch (error) {
    problems.push({ label, problem: error.message });
  }
}
process.stdout.write(JSON.stringify(problems));
