import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The one AWS call an offline `terraform plan` makes: `ephemeral` blocks are opened during
 * plan, and `aws_secretsmanager_random_password` asks Secrets Manager's GetRandomPassword.
 * This answers that call on loopback with a fixed password; any other call is refused, so a
 * stack that starts to depend on a real API fails the offline plan by name.
 */
export class OfflineSecretsManager {
  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
    readonly refused: string[],
  ) {}

  static async start(): Promise<OfflineSecretsManager> {
    const refused: string[] = [];
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const target = String(request.headers['x-amz-target'] ?? '');
        const answer = (status: number, body: object) => {
          response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
          response.end(JSON.stringify(body));
        };
        if (target === 'secretsmanager.GetRandomPassword') return answer(200, { RandomPassword: 'offlineplanplaceholderpassword0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789' });
        refused.push(target || `${request.method} ${request.url}`);
        return answer(400, { __type: 'UnsupportedOperation', message: `offline plan: ${target} is not answered here; a plan must not call AWS APIs` });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new OfflineSecretsManager(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, refused);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
