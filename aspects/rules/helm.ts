import type { PolicyRule } from '../policy';
import { perResource } from './violation';

/** Value keys that hold a credential; `...SecretKey` and `...SecretName` keys only name where one is kept. */
const CREDENTIAL_KEY = /(password|secret|token|accesskey|privatekey|credentialsjson)$/i;
const REFERENCE_TO_A_SECRET = /(secretkey|secretname)$/i;

/** Every `path: value` leaf of a values object whose key names a credential and whose value is set. */
function credentialLeaves(value: unknown, path: string[] = []): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => credentialLeaves(item, [...path, String(index)]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => credentialLeaves(inner, [...path, key]));
  const key = path[path.length - 1] ?? '';
  const set = value !== '' && value !== null && value !== undefined && value !== false;
  return set && CREDENTIAL_KEY.test(key) && !REFERENCE_TO_A_SECRET.test(key) ? [path.join('.')] : [];
}

/**
 * A chart never gets a credential through its values: values are stored in the release (Helm's
 * own Secret) and in Terraform state. Charts read credentials from Kubernetes Secrets instead,
 * which External Secrets fills (SyncedSecret); values only name those Secrets and their keys.
 */
export const helmValuesHoldNoCredential = perResource({ id: 'helm-values-hold-no-credential' }, 'helm_release', (release) => {
  const documents = (release.attributes.values ?? []) as unknown[];
  for (const document of documents) {
    let values: unknown;
    try {
      values = JSON.parse(String(document));
    } catch {
      return 'values must be a JSON document the policy can read (HelmChart writes one; give a reference as a quoted string)';
    }
    const leaves = credentialLeaves(values);
    if (leaves.length > 0) return `values set credentials (${leaves.join(', ')}); keep them in a Kubernetes Secret (SyncedSecret) and give the chart its name and key`;
  }
  return undefined;
});

export const helmRules: readonly PolicyRule[] = [helmValuesHoldNoCredential];
