import { parse } from 'yaml';
import { mergeHelmValues } from '../../constructs/helm-values';

/** A synthesized helm_release's values as Helm sees them: its documents (helm-values file, then typed values) merged in order. */
export function helmValuesOf(release: { values?: readonly string[] }): Record<string, any> {
  return mergeHelmValues(...(release.values ?? []).map((document) => parse(document) as Record<string, unknown>));
}
