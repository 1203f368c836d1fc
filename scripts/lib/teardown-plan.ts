import { PlatformNames } from '../../config/naming';
import type { PlatformConfig } from '../../config';
import { dataOwnedBy } from './data-holders';
import type { SynthesizedApp } from './stack-manifest';
import type { StackSelection } from './stack-selection';

/** Kubernetes namespace resources whose names a stack writes out. */
const NAMESPACE_TYPES = ['kubernetes_namespace_v1', 'kubernetes_namespace'];

/** One stack a teardown destroys. */
export interface StackToDestroy {
  readonly stack: string;
  /** Namespaces the stack creates: what Kubernetes made in them is removed before the stack goes. */
  readonly namespaces: readonly string[];
  /** What `--purge-data` empties or drops with it; empty when it owns no data. */
  readonly data: readonly string[];
}

/** What `scripts/cleanup.sh` does for one environment, decided from the registry and the synthesized manifest. */
export interface TeardownPlan {
  readonly environment: string;
  readonly region: string;
  /** The EKS cluster's name, `<namePrefix>-<environment>`, whether or not it exists. */
  readonly cluster: string;
  /** The emulator every AWS call goes to; undefined on AWS. */
  readonly awsEndpoint?: string;
  /** Reverse manifest order: every stack after the stacks that read it. */
  readonly destroy: readonly StackToDestroy[];
  /** Stacks left standing, with the reason (only without `--purge-data`). */
  readonly keep: readonly { readonly stack: string; readonly reason: string }[];
  /** Stacks this environment never deploys (the emulator's), with the reason. */
  readonly skipped: readonly { readonly stack: string; readonly reason: string }[];
}

/**
 * The teardown of `selection`'s stacks. Without `purgeData`, a stack that owns data
 * (data-holders.ts) is kept, and so is every stack it reads, transitively: destroying an
 * upstream stack would leave the kept one reading outputs that no longer exist. Everything else
 * is destroyed, in reverse manifest order. With `purgeData` nothing is kept.
 */
export function planTeardown(app: SynthesizedApp, config: PlatformConfig, selection: StackSelection, purgeData: boolean): TeardownPlan {
  const order = app.deployOrder(selection.run.map((stack) => stack.id)).reverse();
  const data = new Map(order.map((stack) => [stack, dataOwnedBy(app.terraformJson(stack).resource ?? {})]));
  const keep = new Map<string, string>();
  if (!purgeData) {
    const owners = order.filter((stack) => data.get(stack)!.length > 0);
    for (const stack of owners) keep.set(stack, `owns data: ${data.get(stack)!.join(', ')}`);
    const keepUpstream = (stack: string) => {
      for (const upstream of app.stacks.get(stack)!.dependencies) {
        if (!order.includes(upstream) || keep.has(upstream)) continue;
        keep.set(upstream, `${stack}, which is kept, reads its outputs`);
        keepUpstream(upstream);
      }
    };
    owners.forEach(keepUpstream);
  }
  return {
    environment: config.environment,
    region: config.region,
    cluster: new PlatformNames(config).stem,
    ...(config.awsEndpoint ? { awsEndpoint: config.awsEndpoint } : {}),
    destroy: order.filter((stack) => !keep.has(stack)).map((stack) => ({ stack, namespaces: namespacesOf(app, stack), data: data.get(stack)! })),
    keep: order.filter((stack) => keep.has(stack)).map((stack) => ({ stack, reason: keep.get(stack)! })),
    skipped: selection.skipped.map(({ stack, reason }) => ({ stack: stack.id, reason })),
  };
}

/**
 * The plan as tab-separated lines, one fact a line, for the shell to read without jq. An empty
 * field is written `-`: the shell's `read` would merge two tabs in a row.
 */
export function formatTeardownPlan(plan: TeardownPlan): string {
  const lines = [
    ['environment', plan.environment],
    ['region', plan.region],
    ['cluster', plan.cluster],
    ...(plan.awsEndpoint ? [['endpoint', plan.awsEndpoint]] : []),
    ...plan.destroy.map(({ stack, namespaces, data }) => ['destroy', stack, namespaces.join(','), data.join('; ')]),
    ...plan.keep.map(({ stack, reason }) => ['keep', stack, reason]),
    ...plan.skipped.map(({ stack, reason }) => ['skip', stack, reason]),
  ];
  return lines.map((fields) => `${fields.map((field) => field || '-').join('\t')}\n`).join('');
}

/** Literal namespace names; a name computed at apply time cannot be known here and is left out. */
function namespacesOf(app: SynthesizedApp, stack: string): string[] {
  const resources = app.terraformJson(stack).resource ?? {};
  return NAMESPACE_TYPES.flatMap((type) =>
    Object.values(resources[type] ?? {}).flatMap((namespace) => {
      const metadata = namespace.metadata as { name?: unknown } | { name?: unknown }[] | undefined;
      const name = (Array.isArray(metadata) ? metadata[0] : metadata)?.name;
      return typeof name === 'string' && !name.includes('${') ? [name] : [];
    }),
  ).sort();
}
