import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { loadConfig, type LoadConfigOptions } from '../../config';
import { buildPlatform } from '../../stacks/platform';
import { copyOfCachedApp } from './synth-cache';

/** A synthesized stack: the JSON text (for cdktf's matchers) and its parsed form (for direct assertions). */
export interface SynthesizedStack {
  readonly text: string;
  readonly json: TerraformJson;
}

/** The parts of Terraform JSON the tests read. */
export interface TerraformJson {
  readonly terraform: { readonly backend: Record<string, Record<string, unknown>>; readonly required_providers: Record<string, unknown> };
  readonly provider: Record<string, Record<string, unknown>[]>;
  readonly resource: Record<string, Record<string, Record<string, any>>>;
  readonly data?: Record<string, Record<string, Record<string, any>>>;
  readonly ephemeral?: Record<string, Record<string, Record<string, any>>>;
  readonly output?: Record<string, { value: unknown; description?: string; sensitive?: boolean }>;
}

export interface SynthesizedPlatform {
  /** Folder holding manifest.json and stacks/<name>/cdk.tf.json, as `npm run synth` writes them. */
  readonly outdir: string;
  readonly manifest: { stacks: Record<string, { dependencies: string[]; synthesizedStackPath: string }> };
  stack(name: string): SynthesizedStack;
}

/**
 * The whole platform synthesized into a temporary folder; call it once per test file. The plain
 * dev and prod apps come from the run's cache (synth-cache.ts), anything else is synthesized here.
 */
export function synthPlatform(options: LoadConfigOptions = { env: 'dev' }): SynthesizedPlatform {
  const plain = options.env !== undefined && options.overrides === undefined;
  const outdir = (plain ? copyOfCachedApp(options.env!) : undefined) ?? synthesize(options);
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  const cache = new Map<string, SynthesizedStack>();
  return {
    outdir,
    manifest,
    stack(name) {
      const entry = manifest.stacks[name];
      if (!entry) throw new Error(`no stack "${name}" in the synthesized platform (have: ${Object.keys(manifest.stacks).join(', ')})`);
      if (!cache.has(name)) {
        const text = readFileSync(join(outdir, entry.synthesizedStackPath), 'utf8');
        cache.set(name, { text, json: JSON.parse(text) });
      }
      return cache.get(name)!;
    },
  };
}

function synthesize(options: LoadConfigOptions): string {
  const app = Testing.app({ stackTraces: false });
  buildPlatform(app, loadConfig(options));
  app.synth();
  return app.outdir;
}

/** Resources of one type as a list, so tests need not know cdktf's generated logical ids. */
export function resourcesOf(stack: SynthesizedStack, type: string): Record<string, any>[] {
  return Object.values(stack.json.resource[type] ?? {});
}

/** The `${type.name...}` prefix other resources use to refer to `resource`. */
export function addressOf(stack: SynthesizedStack, type: string, resource: Record<string, any>): string {
  const entry = Object.entries(stack.json.resource[type] ?? {}).find(([, value]) => value === resource);
  if (!entry) throw new Error(`resource not found among ${type}`);
  return `${type}.${entry[0]}`;
}

/** The statements of the `aws_iam_policy_document` a policy attribute refers to, as synthesized. */
export function statementsOf(stack: SynthesizedStack, policyAttribute: string): Record<string, any>[] {
  const name = /^\$\{data\.aws_iam_policy_document\.([^.}]+)\.json\}$/.exec(policyAttribute)?.[1];
  const document = name ? stack.json.data?.aws_iam_policy_document?.[name] : undefined;
  if (!document) throw new Error(`${policyAttribute} does not refer to a policy document of this stack`);
  return document.statement;
}
