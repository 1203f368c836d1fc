import { cpus, platform, release, totalmem } from 'node:os';

/** The machine a figure was measured on, printed next to it so nobody quotes it for another. */
export function describeMachine(): string {
  const processors = cpus();
  const model = processors[0]?.model.trim() || 'unknown CPU';
  return `${processors.length} vCPU (${model}), ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}`;
}
