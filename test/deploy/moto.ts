import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/** Why moto_server cannot run here, or undefined when it can. */
export function motoUnavailable(): string | undefined {
  const probe = spawnSync('moto_server', ['--help'], { stdio: 'ignore' });
  if (probe.error) return `moto_server is not on PATH (${probe.error.message}); install it with pip install "moto[server]"`;
  if (probe.status !== 0) return `moto_server --help exits with ${probe.status}; check the Python environment that provides it`;
  return undefined;
}

/** A moto_server this process started on a free loopback port; stop() ends it and its children. */
export class MotoServer {
  readonly endpoint: string;
  private readonly child: ChildProcess;
  private exited = false;

  private constructor(
    port: number,
    private readonly logFile: string,
  ) {
    this.endpoint = `http://127.0.0.1:${port}`;
    const log = openSync(logFile, 'a');
    this.child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
      // Managed policies let roles attach AWS-managed ARNs, as on AWS; only settable at start.
      env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
      stdio: ['ignore', log, log],
      // Its own process group, so stop() reaches the Python process behind any shim.
      detached: true,
    });
    closeSync(log);
    this.child.on('exit', () => (this.exited = true));
  }

  /** Starts moto_server and resolves once its management API answers. */
  static async start(logFile: string): Promise<MotoServer> {
    const server = new MotoServer(await freeLoopbackPort(), logFile);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (server.exited) throw new Error(`moto_server exited during start-up; its log:\n${server.logTail()}`);
      try {
        const response = await fetch(`${server.endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
        if (response.ok) return server;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    server.kill('SIGKILL');
    throw new Error(`moto_server did not answer ${server.endpoint}/moto-api/ within ${READY_TIMEOUT_MS / 1000} s; its log:\n${server.logTail()}`);
  }

  /** Ends the server: SIGTERM, then SIGKILL if it lingers. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  /** For exit and signal handlers, which cannot wait. */
  kill(signal: NodeJS.Signals): void {
    if (this.exited || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // Already gone.
    }
  }

  logTail(lines = 20): string {
    return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }
}

/** A port nothing listens on right now, on 127.0.0.1. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port assigned'))));
    });
  });
}
