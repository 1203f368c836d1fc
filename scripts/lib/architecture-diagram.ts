import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { PLATFORM_STACKS } from '../../stacks/platform';
import type { StackDefinition } from '../../stacks/stack-definition';
import type { SynthesizedApp } from './stack-manifest';
import { PROJECT_ROOT } from './tools';

/** The environment the committed picture shows. */
export const DIAGRAM_ENVIRONMENT = 'dev';
/** The committed picture, shown in the README. */
export const DIAGRAM_FILE = join(PROJECT_ROOT, 'docs', 'architecture.svg');

/** The SVG comment that carries the digest of the DOT source it was drawn from. */
const DIGEST_COMMENT = /<!-- dot-sha256: ([0-9a-f]{64}) -->/;
/** Resource types listed per stack, most numerous first; the rest are counted in one line. */
const TYPES_SHOWN = 8;

/**
 * The platform as Graphviz DOT, from the synthesized app alone: one box per stack with its
 * description, the providers it uses and its resources counted by type, and an arrow from each
 * stack to every stack that reads it (the manifest's dependencies, i.e. the deploy order).
 * Everything is sorted, so the same app always gives the same text.
 */
export function architectureDot(app: SynthesizedApp, environment: string): string {
  const registry = PLATFORM_STACKS as Readonly<Record<string, StackDefinition>>;
  const stacks = app.deployOrder();
  const nodes = stacks.map((stack) => {
    const json = app.terraformJson(stack) as { resource?: Record<string, Record<string, unknown>>; terraform?: { required_providers?: Record<string, unknown> } };
    const providers = Object.keys(json.terraform?.required_providers ?? {}).sort();
    const counts = Object.entries(json.resource ?? {})
      .map(([type, resources]) => [type, Object.keys(resources).length] as const)
      .sort(([typeA, a], [typeB, b]) => b - a || typeA.localeCompare(typeB));
    const shown = counts.slice(0, TYPES_SHOWN).map(([type, count]) => row(`${count} × ${type}`, 'left', 10));
    const rest = counts.slice(TYPES_SHOWN);
    if (rest.length > 0) shown.push(row(`+ ${rest.reduce((sum, [, count]) => sum + count, 0)} resources of ${rest.length} other types`, 'left', 10));
    const total = counts.reduce((sum, [, count]) => sum + count, 0);
    const label = [
      `<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">`,
      `<TR><TD ALIGN="CENTER"><B>${escapeHtml(stack)}</B></TD></TR>`,
      row(registry[stack]?.description ?? '', 'center', 9, true),
      row(`providers: ${providers.join(', ')}`, 'center', 10),
      row(`${total} resources`, 'left', 10, false, true),
      ...shown,
      `</TABLE>`,
    ].join('');
    return `  "${stack}" [label=<${label}>];`;
  });
  const edges = stacks.flatMap((stack) => [...(app.stacks.get(stack)?.dependencies ?? [])].sort().map((upstream) => `  "${upstream}" -> "${stack}";`));
  return [
    'digraph platform {',
    // A monospaced font: every viewer's monospace has the character widths Graphviz lays out with.
    '  graph [rankdir=LR, fontname="Courier", fontsize=12, labelloc=t, nodesep=0.4, ranksep=0.8,',
    `         label=<<B>Data platform, stacks of "${escapeHtml(environment)}"</B><BR/>an arrow points from a stack to a stack that reads it, so deploys go along the arrows>];`,
    '  node [shape=box, style="rounded,filled", fillcolor="#f5f7fa", color="#4a6785", fontname="Courier"];',
    '  edge [color="#4a6785"];',
    ...nodes,
    ...edges,
    '}',
    '',
  ].join('\n');
}

/** The digest the SVG must carry for `dot`. */
export function dotDigest(dot: string): string {
  return createHash('sha256').update(dot).digest('hex');
}

/** The SVG with the digest of its DOT source as a comment after the XML declaration. */
export function stampSvg(svg: string, dot: string): string {
  const comment = `<!-- dot-sha256: ${dotDigest(dot)} -->`;
  const declarationEnd = svg.indexOf('?>');
  return declarationEnd === -1 ? `${comment}\n${svg}` : `${svg.slice(0, declarationEnd + 2)}\n${comment}${svg.slice(declarationEnd + 2)}`;
}

/** The digest a drawn SVG carries, or undefined when it carries none. */
export function stampedDigest(svg: string): string | undefined {
  return DIGEST_COMMENT.exec(svg)?.[1];
}

function row(text: string, align: 'left' | 'center', size: number, italic = false, underline = false): string {
  let content = escapeHtml(text);
  if (italic) content = `<I>${wrap(content, 60)}</I>`;
  if (underline) content = `<U>${content}</U>`;
  return `<TR><TD ALIGN="${align.toUpperCase()}"><FONT POINT-SIZE="${size}">${content}</FONT></TD></TR>`;
}

/** Breaks a long description into lines of at most `width` characters. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('<BR/>');
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
