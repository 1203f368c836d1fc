import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { nameProblem } from '../config/naming';
import { KubernetesManifest } from '../providers/kubernetes';

/** What a Kubernetes Secret accepts as a key. */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

export interface SyncedSecretProps {
  /** Name of the Kubernetes Secret External Secrets writes (and of the ExternalSecret). */
  readonly name: string;
  /** Its namespace, as a reference so the namespace exists first; one the store serves. */
  readonly namespace: string;
  /** The ClusterSecretStore to read through (cluster-addons' `CLUSTER_SECRET_STORE`). */
  readonly storeName: string;
  /** Name (not ARN) of the Secrets Manager secret, whose value is a JSON object (or plain text, with `valueKey`). */
  readonly remoteSecretName: string;
  /** Kubernetes Secret key → property of the JSON value it takes; only these are copied. @default none: give `valueKey` */
  readonly keys?: Readonly<Record<string, string>>;
  /** Kubernetes Secret key that takes the whole value, for a plain-text secret (e.g. a generated key); instead of `keys`. @default none */
  readonly valueKey?: string;
  /**
   * Keys the Secret holds instead of the copied ones, rendered from them (External Secrets
   * templates, engine v2: `{{ .<key> }}`), e.g. a connection URL assembled from a JSON secret's
   * properties. @default the copied keys as they are
   */
  readonly template?: Readonly<Record<string, string>>;
  /** How often External Secrets reads the value again, so a rotation reaches the cluster. @default "1h" */
  readonly refreshInterval?: string;
  /** Minutes the deploy waits for the first sync before it fails. @default 5 */
  readonly readyTimeoutMinutes?: number;
  /**
   * Version of the remote value (the one its rotation raises): a new version makes External
   * Secrets read the value at once (`force-sync`) instead of at its next refresh. @default none
   */
  readonly version?: number;
}

/**
 * A Kubernetes Secret that External Secrets keeps equal to properties of a Secrets Manager
 * secret: the value goes from Secrets Manager to the cluster and never through Terraform (the
 * ExternalSecret holds only names). The deploy waits until the secret is synced (`Ready`), so a
 * release that reads it never starts before it exists. The stack must depend on cluster-addons,
 * whose operator defines the ExternalSecret kind.
 */
export class SyncedSecret extends Construct implements ITerraformDependable {
  /** The Kubernetes Secret's name. */
  readonly secretName: string;
  readonly fqn: string;
  /** The ExternalSecret, for `dependsOn`. */
  readonly manifest: KubernetesManifest;

  constructor(scope: Construct, id: string, props: SyncedSecretProps) {
    super(scope, id);
    const problem = nameProblem('kubernetesName', props.name);
    if (problem) throw new Error(`SyncedSecret ${id}: name: ${problem}`);
    if ((props.keys === undefined) === (props.valueKey === undefined)) throw new Error(`SyncedSecret ${id}: give keys (properties of a JSON value) or valueKey (the whole value), not both or neither`);
    const entries: [string, string | undefined][] = props.keys ? Object.entries(props.keys) : [[props.valueKey!, undefined]];
    if (entries.length === 0) throw new Error(`SyncedSecret ${id}: keys must name at least one key to copy`);
    const rendered = Object.keys(props.template ?? {});
    if (props.template && rendered.length === 0) throw new Error(`SyncedSecret ${id}: template, when given, must render at least one key`);
    const badKeys = [...entries.map(([key]) => key), ...rendered].filter((key) => !SECRET_KEY.test(key));
    if (badKeys.length > 0) throw new Error(`SyncedSecret ${id}: keys ${badKeys.join(', ')} are not valid Kubernetes Secret keys (letters, digits, - . _)`);

    this.manifest = new KubernetesManifest(this, 'external-secret', {
      manifest: {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: props.name, namespace: props.namespace, ...(props.version === undefined ? {} : { annotations: { 'force-sync': String(props.version) } }) },
        spec: {
          refreshInterval: props.refreshInterval ?? '1h',
          secretStoreRef: { kind: 'ClusterSecretStore', name: props.storeName },
          // Written out, the operator's defaults leave nothing for the API server to fill in, so plans stay clean.
          target: {
            name: props.name,
            creationPolicy: 'Owner',
            deletionPolicy: 'Retain',
            ...(props.template ? { template: { engineVersion: 'v2', mergePolicy: 'Replace', data: { ...props.template } } } : {}),
          },
          data: entries.map(([secretKey, property]) => ({
            secretKey,
            remoteRef: { key: props.remoteSecretName, ...(property === undefined ? {} : { property }), conversionStrategy: 'Default', decodingStrategy: 'None', metadataPolicy: 'None' },
          })),
        },
      },
      wait: { condition: [{ type: 'Ready', status: 'True' }] },
      timeouts: { create: `${props.readyTimeoutMinutes ?? 5}m`, update: `${props.readyTimeoutMinutes ?? 5}m` },
    });
    this.secretName = props.name;
    this.fqn = this.manifest.fqn;
  }
}
