import { createServer, type AddressInfo, type Server } from 'node:net';
import { loadConfig } from '../../config';
import { assertDatabaseReachable, DatabaseUnreachableError } from '../../scripts/lib/database-reachability';

/** A port something listens on, and one nothing listens on (a closed listener's). */
async function ports(): Promise<{ listening: number; closed: number; server: Server }> {
  const listen = () => new Promise<Server>((resolve) => {
    const server = createServer((socket) => socket.end());
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
  const server = await listen();
  const closedServer = await listen();
  const closed = (closedServer.address() as AddressInfo).port;
  await new Promise((resolve) => closedServer.close(resolve));
  return { listening: (server.address() as AddressInfo).port, closed, server };
}

let listening: number;
let closed: number;
let server: Server;

beforeAll(async () => {
  ({ listening, closed, server } = await ports());
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const withEndpoint = (adminEndpoint: string) => loadConfig({ env: 'dev', overrides: { postgres: { adminEndpoint } } });
const noLookup = () => Promise.reject(new Error('the configured endpoint must be used without asking RDS'));

describe('postgres-bootstrap reaches its database before Terraform runs', () => {
  it('passes when the configured endpoint accepts a connection', async () => {
    await expect(assertDatabaseReachable(withEndpoint(`127.0.0.1:${listening}`), noLookup)).resolves.toBeUndefined();
  });

  it('fails at once when nothing answers, naming the endpoint, where it came from and the SSM port-forward', async () => {
    const check = assertDatabaseReachable(withEndpoint(`127.0.0.1:${closed}`), noLookup);
    await expect(check).rejects.toBeInstanceOf(DatabaseUnreachableError);
    await expect(check).rejects.toThrow(
      `postgres-bootstrap connects to PostgreSQL at 127.0.0.1:${closed} (postgres.adminEndpoint, or PLATFORM_POSTGRES_ADMIN_ENDPOINT), which does not answer: ECONNREFUSED.`,
    );
    await expect(check).rejects.toThrow(/aws ssm start-session --target <instance id> --document-name AWS-StartPortForwardingSessionToRemoteHost/);
    await expect(check).rejects.toThrow(/run again with PLATFORM_POSTGRES_ADMIN_ENDPOINT=127\.0\.0\.1:15432/);
  });

  it('uses the RDS endpoint of the postgres stack when none is configured, and says so when it fails', async () => {
    const asked: string[] = [];
    const lookup = async (_config: unknown, identifier: string) => {
      asked.push(identifier);
      return { host: '127.0.0.1', port: closed };
    };
    await expect(assertDatabaseReachable(loadConfig({ env: 'dev' }), lookup)).rejects.toThrow(
      `(the endpoint of RDS instance dp-dev-postgres; set PLATFORM_POSTGRES_ADMIN_ENDPOINT to connect elsewhere), which does not answer: ECONNREFUSED.`,
    );
    expect(asked).toEqual(['dp-dev-postgres']);
  });

  it('says to deploy postgres first when its instance does not exist', async () => {
    await expect(assertDatabaseReachable(loadConfig({ env: 'dev' }), async () => undefined)).rejects.toThrow(
      'postgres-bootstrap needs RDS instance dp-dev-postgres, which does not exist in us-east-1: deploy the postgres stack first.',
    );
  });
});
