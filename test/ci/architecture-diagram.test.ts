import { existsSync, readFileSync } from 'node:fs';
import { SynthesizedApp } from '../../scripts/lib/stack-manifest';
import { architectureDot, DIAGRAM_ENVIRONMENT, DIAGRAM_FILE, dotDigest, stampedDigest, stampSvg } from '../../scripts/lib/architecture-diagram';
import { PLATFORM_STACKS } from '../../stacks/platform';
import { synthPlatform } from '../support/synth';

let app: SynthesizedApp;
let dot: string;

beforeAll(() => {
  app = new SynthesizedApp(synthPlatform({ env: DIAGRAM_ENVIRONMENT }).outdir);
  dot = architectureDot(app, DIAGRAM_ENVIRONMENT);
});

describe('the architecture picture', () => {
  it('committed in docs/ is drawn from the platform as it synthesizes now (else run npm run diagram and commit docs/architecture.svg)', () => {
    expect(existsSync(DIAGRAM_FILE)).toBe(true);
    expect(stampedDigest(readFileSync(DIAGRAM_FILE, 'utf8'))).toBe(dotDigest(dot));
  });

  it('has a box per stack of the registry and an arrow per dependency of the manifest', () => {
    for (const stack of Object.keys(PLATFORM_STACKS)) expect(dot).toContain(`"${stack}" [label=<`);
    const arrows = [...app.stacks.values()].flatMap((stack) => stack.dependencies.map((upstream) => `"${upstream}" -> "${stack.name}";`));
    expect(dot.split('\n').filter((line) => line.includes('->')).map((line) => line.trim()).sort()).toEqual(arrows.sort());
  });

  it('names each stack\'s providers and counts its resources by type', () => {
    expect(dot).toContain('providers: aws');
    const buckets = Object.keys(app.terraformJson('storage').resource?.aws_s3_bucket ?? {}).length;
    expect(dot).toContain(`${buckets} × aws_s3_bucket`);
  });

  it('is the same text for the same app, and its stamp is what a changed app is caught by', () => {
    expect(architectureDot(app, DIAGRAM_ENVIRONMENT)).toBe(dot);
    const svg = stampSvg('<?xml version="1.0"?>\n<svg></svg>', dot);
    expect(stampedDigest(svg)).toBe(dotDigest(dot));
    expect(stampedDigest(stampSvg('<svg></svg>', `${dot} `))).not.toBe(dotDigest(dot));
  });
});
