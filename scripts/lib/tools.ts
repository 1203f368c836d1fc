import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configuredProviderMirror, writeMirrorCliConfig } from './provider-mirror';

/** The project root, where cdktf.json and node_modules live. */
export const PROJECT_ROOT = join(__dirname, '..', '..');

/** The project's own cdktf CLI (a devDependency), so the version matches cdktf.json's app. */
export const CDKTF_CLI = join(PROJECT_ROOT, 'node_modules', '.bin', 'cdktf');

let mirrorCliConfig: string | undefined;

/**
 * The environment for cdktf and Terraform child processes: no update checks, plain output when
 * nobody watches a terminal, and, when PLATFORM_PROVIDER_MIRROR names a provider mirror, a
 * Terraform CLI config that installs from it (the inherited TF_CLI_CONFIG_FILE may point anywhere).
 */
export function toolEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
  // Without a terminal, cdktf's interactive progress display repeats every frame into the log.
  if (!process.stdout.isTTY) env.CI = base.CI ?? 'true';
  const mirror = configuredProviderMirror(base);
  if (mirror) {
    mirrorCliConfig ??= writeMirrorCliConfig(temporaryDirectory('platform-terraform-'), mirror);
    env.TF_CLI_CONFIG_FILE = mirrorCliConfig;
  }
  return env;
}

/** A fresh folder under the system's temporary folder, removed when this process exits. */
function temporaryDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

export class ToolFailedError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    super(`${command} failed (exit ${exitCode ?? 'signal'})${output ? `:\n${output.trim()}` : ''}`);
    this.name = 'ToolFailedError';
  }
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Exit codes that count as success (e.g. 2 for `plan -detailed-exitcode`). @default [0] */
  readonly okExitCodes?: readonly number[];
}

/** Runs a command with its output on this process's terminal; resolves with its exit code. */
export function runTool(command: string, args: readonly string[], options: RunOptions = {}): Promise<number> {
  return spawnTool(command, args, options, 'inherit').then((result) => result.exitCode);
}

/** Runs a command quietly and returns what it printed on stdout; stderr is kept for the error. */
export function captureTool(command: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  return captureToolResult(command, args, options).then((result) => result.stdout);
}

/** As captureTool, with the exit code, for commands whose accepted exit codes mean different things. */
export function captureToolResult(command: string, args: readonly string[], options: RunOptions = {}): Promise<{ exitCode: number; stdout: string }> {
  return spawnTool(command, args, options, 'pipe');
}

function spawnTool(
  command: string,
  args: readonly string[],
  options: RunOptions,
  stdio: 'inherit' | 'pipe',
): Promise<{ exitCode: number; stdout: string }> {
  const label = [command.startsWith(PROJECT_ROOT) ? command.slice(PROJECT_ROOT.length + 1) : command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? PROJECT_ROOT,
      env: options.env ?? toolEnvironment(),
      stdio: stdio === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new Error(`${label} could not start: ${error.message}`)));
    child.on('close', (exitCode) => {
      if (exitCode !== null && (options.okExitCodes ?? [0]).includes(exitCode)) resolve({ exitCode, stdout });
      else reject(new ToolFailedError(label, exitCode, stderr));
    });
  });
}
