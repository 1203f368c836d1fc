import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One stack as cdktf's manifest.json lists it. */
export interface ManifestStack {
  readonly name: string;
  /** Stacks whose outputs this one reads; they must be deployed first. */
  readonly dependencies: readonly string[];
  /** Relative to the output folder, e.g. `stacks/network`. */
  readonly workingDirectory: string;
  readonly synthesizedStackPath: string;
}

/** A synthesized app: its output folder and the stacks the manifest lists. */
export class SynthesizedApp {
  readonly stacks: ReadonlyMap<string, ManifestStack>;

  constructor(readonly outdir: string) {
    const manifestFile = join(outdir, 'manifest.json');
    let manifest: { stacks: Record<string, ManifestStack> };
    try {
      manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read ${manifestFile} (${(error as Error).message}); synthesize first (npm run synth)`);
    }
    this.stacks = new Map(Object.entries(manifest.stacks));
  }

  /** Where cdktf runs Terraform for `stack`. */
  stackDirectory(stack: string): string {
    return join(this.outdir, this.stack(stack).workingDirectory);
  }

  /** The stack's Terraform JSON. */
  terraformJson(stack: string): {
    output?: Record<string, { value: unknown }>;
    data?: Record<string, Record<string, unknown>>;
    resource?: Record<string, Record<string, Record<string, unknown>>>;
  } {
    return JSON.parse(readFileSync(join(this.outdir, this.stack(stack).synthesizedStackPath), 'utf8'));
  }

  /**
   * `selected` ordered so every stack comes after the stacks it reads (ties by name, so the
   * order is stable). A dependency outside `selected` is taken as already deployed.
   */
  deployOrder(selected: readonly string[] = [...this.stacks.keys()]): string[] {
    selected.forEach((stack) => this.stack(stack));
    const ordered: string[] = [];
    const visiting = new Set<string>();
    const visit = (stack: string, path: readonly string[]): void => {
      if (ordered.includes(stack)) return;
      if (visiting.has(stack)) throw new Error(`manifest.json: stacks depend on each other in a cycle: ${[...path, stack].join(' -> ')}`);
      visiting.add(stack);
      for (const dependency of [...this.stack(stack).dependencies].sort()) {
        if (selected.includes(dependency)) visit(dependency, [...path, stack]);
      }
      visiting.delete(stack);
      ordered.push(stack);
    };
    [...selected].sort().forEach((stack) => visit(stack, []));
    return ordered;
  }

  private stack(name: string): ManifestStack {
    const stack = this.stacks.get(name);
    if (!stack) throw new Error(`no stack "${name}" in ${join(this.outdir, 'manifest.json')} (have: ${[...this.stacks.keys()].join(', ')})`);
    return stack;
  }
}
