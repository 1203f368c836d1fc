/** Pod annotation carrying the rotation version of each credential a workload reads. */
export const CREDENTIAL_VERSIONS_ANNOTATION = 'data-platform/credential-versions';

/**
 * The annotation for `{ database: 2, 'instance-admin': 1 }`: `database=2,instance-admin=1`.
 * Raising one version changes the pod template, so the pods restart with the new value.
 */
export function credentialVersionsAnnotation(versions: Readonly<Record<string, number>>): Record<string, string> {
  return { [CREDENTIAL_VERSIONS_ANNOTATION]: Object.entries(versions).map(([credential, version]) => `${credential}=${version}`).join(',') };
}
