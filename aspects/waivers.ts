import type { TerraformResource } from 'cdktf';

/** What a waiver needs of a rule: its id, and the public scanner's id where one exists. */
type WaivableRule = { readonly id: string; readonly checkovId?: string };

/** The key a waiver of `rule` is written under: the scanner's id where one exists, so external scanners honour it too. */
export function waiverKey(rule: WaivableRule): string {
  return rule.checkovId ?? rule.id;
}

/**
 * Waives `rule` for this one resource. The justification is written into the resource's
 * synthesized metadata, `"//": {"policy_waivers": {"<id>": "<why>"}}`, keyed by the public
 * scanner's id where one exists, so reviewers and external scanners see it next to the
 * resource. Say why the rule does not apply and what compensates (who rotates, how often).
 */
export function waivePolicy(resource: TerraformResource, rule: WaivableRule, justification: string): void {
  if (justification.trim() === '') {
    throw new Error(`waiver of ${waiverKey(rule)} on ${resource.node.path} has no justification; say why the rule does not apply and what compensates`);
  }
  resource.addOverride(`//.policy_waivers.${waiverKey(rule)}`, justification);
}

/** The waivers a synthesized resource carries, by rule key. */
export function waiversOf(attributes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return ((attributes['//'] as { policy_waivers?: Record<string, unknown> } | undefined)?.policy_waivers ?? {}) as Record<string, unknown>;
}
