/**
 * Preloaded into a benchmarked process (`node --import ./scripts/bench/report-peak-rss.ts`):
 * when it exits, writes its peak resident set size in bytes to the file named by
 * BENCH_PEAK_RSS_FILE. The peak covers DuckDB's native memory, which lives in the same process.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_PEAK_RSS_FILE;
if (target !== undefined) {
  process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS * 1024)));
}
