/** Marks the pull-request comment the diff workflow keeps updating, so each pull request has one. */
export const PLAN_COMMENT_MARKER = '<!-- data-platform-plan -->';

/** GitHub refuses comments over 65,536 characters; the table always fits, the logs are cut to fit. */
const COMMENT_LIMIT = 65_000;
const LOG_TAIL_LINES = 80;

/** One stack's `cdktf diff`: what it printed and how it exited. */
export interface StackDiff {
  readonly stack: string;
  readonly output: string;
  readonly exitCode: number;
}

/** What a plan says in one cell: changes counted, no changes, or why there is no plan. */
export function planVerdict(diff: StackDiff): string {
  const text = withoutColours(diff.output);
  const counts = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(text);
  if (diff.exitCode !== 0) return `**failed** (exit ${diff.exitCode})`;
  if (counts) return `${counts[1]} to add, ${counts[2]} to change, **${counts[3]} to destroy**`.replace('**0 to destroy**', '0 to destroy');
  if (/No changes\./.test(text)) return 'no changes';
  return 'no plan found in the output';
}

/**
 * The pull-request comment: a table with one row per stack (in deploy order), then each stack's
 * plan that changes or fails, in a folded block with the end of its output.
 */
export function planComment(environment: string, commit: string, diffs: readonly StackDiff[]): string {
  const head = [
    PLAN_COMMENT_MARKER,
    `### Plan of \`${environment}\` at ${commit}`,
    '',
    '| stack | plan |',
    '|---|---|',
    ...diffs.map((diff) => `| ${diff.stack} | ${planVerdict(diff)} |`),
    '',
    'Updated on every push to this pull request; the full logs are in the workflow run.',
  ].join('\n');
  const details = diffs
    .filter((diff) => planVerdict(diff) !== 'no changes')
    .map((diff) => {
      const tail = withoutColours(diff.output).trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
      return `\n\n<details><summary>${diff.stack}</summary>\n\n\`\`\`\n${tail.replaceAll('```', "'''")}\n\`\`\`\n</details>`;
    });
  let body = head;
  for (const block of details) {
    if (body.length + block.length > COMMENT_LIMIT) return `${body}\n\n(further plans left out: the comment would be too long)`;
    body += block;
  }
  return body;
}

function withoutColours(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colour codes start with ESC, which is what this removes
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
