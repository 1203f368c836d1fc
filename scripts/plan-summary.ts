/**
 * Writes the pull-request plan comment (markdown, on stdout) from the per-stack logs the diff
 * workflow saved: `<dir>/<stack>.log` and `<dir>/<stack>.exit`, rows in deploy order from the
 * synthesized manifest. Exit 1 when a stack's diff failed or has no log, after printing.
 * Usage: npx tsx scripts/plan-summary.ts <dir> [cdktf.out]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planComment, type StackDiff } from './lib/plan-summary';
import { SynthesizedApp } from './lib/stack-manifest';

const [logs, outdir = 'cdktf.out'] = process.argv.slice(2);
if (!logs) {
  process.stderr.write('usage: npx tsx scripts/plan-summary.ts <folder of <stack>.log and <stack>.exit> [cdktf.out]\n');
  process.exit(2);
}
const diffs: StackDiff[] = new SynthesizedApp(outdir).deployOrder().map((stack) => {
  const log = join(logs, `${stack}.log`);
  const exit = join(logs, `${stack}.exit`);
  if (!existsSync(log) || !existsSync(exit)) return { stack, output: `no diff was run for ${stack}`, exitCode: -1 };
  return { stack, output: readFileSync(log, 'utf8'), exitCode: Number(readFileSync(exit, 'utf8').trim()) };
});
const environment = process.env.PLATFORM_ENV ?? 'dev';
process.stdout.write(`${planComment(environment, process.env.GITHUB_SHA?.slice(0, 12) ?? 'this commit', diffs)}\n`);
process.exitCode = diffs.some((diff) => diff.exitCode !== 0) ? 1 : 0;
