import { Construct } from 'constructs';
import { nameProblem } from '../config/naming';
import { NamespaceV1, NetworkPolicyV1, type NetworkPolicyV1Spec } from '../providers/kubernetes';

/** Who is on the other side of a connection: an address range, or every pod of a namespace. */
export type TrafficPeer = { readonly cidr: string; readonly except?: readonly string[] } | { readonly namespace: string };

/** One kind of connection a namespace's pods accept or open. */
export interface TrafficAllow {
  /** Becomes the NetworkPolicy name `allow-<name>`: lower-case letters, digits and hyphens. */
  readonly name: string;
  readonly peer: TrafficPeer;
  readonly ports: readonly { readonly port: number; readonly protocol?: 'TCP' | 'UDP' }[];
}

/** Everything a namespace's pods may exchange beyond their own namespace and cluster DNS. */
export interface NamespaceTraffic {
  readonly ingress: readonly TrafficAllow[];
  readonly egress: readonly TrafficAllow[];
}

/** Anywhere on the internet or in the VPC, except the instance metadata service (pods use IRSA, never the node's credentials). */
export const ANYWHERE_BUT_METADATA: TrafficPeer = { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] };

export interface PlatformNamespaceProps {
  /** Namespace name (RFC 1123 label). */
  readonly name: string;
  /** The allows beyond the namespace itself and DNS; everything else is denied. */
  readonly traffic: NamespaceTraffic;
}

/**
 * A namespace whose pods can talk to each other and to cluster DNS, and otherwise only as
 * `traffic` allows: a default-deny NetworkPolicy for both directions, then one policy per allow
 * (the VPC CNI's network policy agent enforces them).
 */
export class PlatformNamespace extends Construct {
  /** The namespace's name, as a reference: using it waits for the namespace to exist. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    const problem = nameProblem('kubernetesName', props.name);
    if (problem) throw new Error(`PlatformNamespace ${id}: name: ${problem}`);
    const allows = [...props.traffic.ingress, ...props.traffic.egress];
    const names = allows.map((allow) => allow.name);
    const bad = names.filter((name, index) => names.indexOf(name) !== index || nameProblem('kubernetesName', `allow-${name}`));
    if (bad.length > 0) throw new Error(`PlatformNamespace ${id}: traffic names must be unique RFC 1123 labels, got ${[...new Set(bad)].join(', ')}`);
    if (allows.some((allow) => allow.ports.length === 0)) throw new Error(`PlatformNamespace ${id}: every traffic allow names its ports; an allow of every port is not isolation`);

    const namespace = new NamespaceV1(this, 'namespace', { metadata: { name: props.name } });
    this.name = namespace.metadata.name;
    // Every policy selects every pod of the namespace.
    const policy = (policyId: string, spec: Omit<NetworkPolicyV1Spec, 'podSelector'>) =>
      new NetworkPolicyV1(this, policyId, { metadata: { name: policyId, namespace: this.name }, spec: { podSelector: {}, ...spec } });

    policy('default-deny', { policyTypes: ['Ingress', 'Egress'] });
    policy('allow-within-namespace', { policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] });
    policy('allow-dns', {
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [
            { port: '53', protocol: 'UDP' },
            { port: '53', protocol: 'TCP' },
          ],
        },
      ],
    });
    for (const allow of props.traffic.ingress) {
      policy(`allow-${allow.name}`, { policyTypes: ['Ingress'], ingress: [{ from: [peerOf(allow.peer)], ports: portsOf(allow) }] });
    }
    for (const allow of props.traffic.egress) {
      policy(`allow-${allow.name}`, { policyTypes: ['Egress'], egress: [{ to: [peerOf(allow.peer)], ports: portsOf(allow) }] });
    }
  }
}

function peerOf(peer: TrafficPeer) {
  return 'namespace' in peer
    ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace } } }
    : { ipBlock: { cidr: peer.cidr, ...(peer.except?.length ? { except: [...peer.except] } : {}) } };
}

function portsOf(allow: TrafficAllow) {
  return allow.ports.map((entry) => ({ port: String(entry.port), protocol: entry.protocol ?? 'TCP' }));
}
