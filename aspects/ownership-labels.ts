import { TerraformResource, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { PlatformConfig } from '../config';
import { PROJECT_NAME } from './tags';

/**
 * Says who owns every resource of the providers that have no `default_tags`: Kubernetes
 * objects get the recommended `app.kubernetes.io/*` labels and the environment, Snowflake
 * objects a comment (their only free-text field). AWS resources are tagged through the
 * provider's `default_tags` (aspects/tags.ts). Labels and comments a construct sets itself
 * are kept; these are added beside them. Helm releases label their own objects
 * (`app.kubernetes.io/managed-by: Helm`).
 */
export class OwnershipLabels implements IAspect {
  private readonly labels: Readonly<Record<string, string>>;
  private readonly comment: string;

  constructor(config: PlatformConfig) {
    this.labels = {
      'app.kubernetes.io/managed-by': 'cdktf',
      'app.kubernetes.io/part-of': PROJECT_NAME,
      environment: config.environment,
    };
    this.comment = `Managed by cdktf (${PROJECT_NAME}, ${config.environment}); do not change by hand.`;
  }

  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    const type = node.terraformResourceType;
    if (type === 'kubernetes_manifest') this.label(node, 'manifest.metadata');
    else if (type.startsWith('kubernetes_') && 'metadata' in node) this.label(node, 'metadata');
    else if (type.startsWith('snowflake_') && 'commentInput' in node) this.describe(node as TerraformResource & { commentInput?: string });
  }

  private label(resource: TerraformResource, metadataPath: string): void {
    const synthesized = this.synthesized(resource);
    const metadata = metadataPath.split('.').reduce<Record<string, unknown> | undefined>((value, key) => firstBlock(value?.[key]), synthesized);
    const own = (metadata?.labels ?? {}) as Record<string, string>;
    resource.addOverride(`${metadataPath}.labels`, { ...this.labels, ...own });
  }

  private describe(resource: TerraformResource & { commentInput?: string }): void {
    const own = resource.commentInput;
    resource.addOverride('comment', own ? `${own} ${this.comment}` : this.comment);
  }

  /** The resource's own block as it will synthesize (not the whole stack's: that would cost a stack synthesis per object). */
  private synthesized(resource: TerraformResource): Record<string, unknown> {
    const own = resource.toTerraform() as { resource?: Record<string, Record<string, Record<string, unknown>>> };
    return Object.values(own.resource?.[resource.terraformResourceType] ?? {})[0] ?? {};
  }
}

/** Nested blocks synthesize as an object or a one-element list depending on the schema. */
function firstBlock(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : undefined;
}
