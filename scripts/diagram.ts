/**
 * `npm run diagram`: draws the synthesized platform (stacks of dev, their dependencies from the
 * manifest, resources counted by type, providers) into docs/architecture.svg with Graphviz
 * compiled to WebAssembly (@hpcc-js/wasm-graphviz: no system package). The SVG carries the
 * digest of its DOT source; test/ci/architecture-diagram.test.ts fails when the committed
 * picture no longer matches the synthesized app. The same app always draws the same picture.
 * Usage: npm run diagram [-- --output <file.svg>]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { App } from 'cdktf';
import { loadConfig } from '../config';
import { buildPlatform } from '../stacks/platform';
import { architectureDot, DIAGRAM_ENVIRONMENT, DIAGRAM_FILE, stampSvg } from './lib/architecture-diagram';
import { SynthesizedApp } from './lib/stack-manifest';

async function main(argv: readonly string[]): Promise<void> {
  const outputIndex = argv.indexOf('--output');
  const output = outputIndex === -1 ? DIAGRAM_FILE : argv[outputIndex + 1];
  if (!output || argv.some((arg, i) => arg.startsWith('-') && arg !== '--output' && i !== outputIndex + 1)) {
    process.stderr.write('usage: npm run diagram [-- --output <file.svg>]\n');
    process.exitCode = 2;
    return;
  }
  const outdir = mkdtempSync(join(tmpdir(), 'diagram-'));
  try {
    const app = new App({ outdir });
    buildPlatform(app, loadConfig({ env: DIAGRAM_ENVIRONMENT }));
    app.synth();
    const dot = architectureDot(new SynthesizedApp(outdir), DIAGRAM_ENVIRONMENT);
    const graphviz = await Graphviz.load();
    writeFileSync(output, stampSvg(graphviz.dot(dot, 'svg'), dot));
    console.log(`Drew ${relative(process.cwd(), output)} (Graphviz ${graphviz.version()}).`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

void main(process.argv.slice(2));
