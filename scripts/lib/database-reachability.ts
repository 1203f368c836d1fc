import { connect } from 'node:net';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import type { PlatformConfig } from '../../config';
import { PlatformNames } from '../../config/naming';
import { ADMIN_ENDPOINT_ENV, type DatabaseEndpoint } from '../../config/sections/postgres';
import { awsClientSettings } from './emulator';

/** How long a TCP connect may take before the endpoint counts as unreachable. */
const CONNECT_TIMEOUT_MS = 5000;

/** The local port the README's SSM port-forward listens on. */
const PORT_FORWARD_LOCAL_PORT = 15432;

export class DatabaseUnreachableError extends Error {
  constructor(endpoint: DatabaseEndpoint, source: string, reason: string) {
    super(
      [
        `postgres-bootstrap connects to PostgreSQL at ${endpoint.host}:${endpoint.port} (${source}), which does not answer: ${reason}.`,
        'The database is in isolated subnets and admits only the EKS cluster and node security groups, so a deploy must run inside them',
        '(e.g. a CI runner pod on the cluster) or reach it through an SSM port-forward from a host that carries the node security group:',
        `  aws ssm start-session --target <instance id> --document-name AWS-StartPortForwardingSessionToRemoteHost \\`,
        `    --parameters '{"host":["<the postgres stack's endpoint output>"],"portNumber":["${endpoint.port}"],"localPortNumber":["${PORT_FORWARD_LOCAL_PORT}"]}'`,
        `then run again with ${ADMIN_ENDPOINT_ENV}=127.0.0.1:${PORT_FORWARD_LOCAL_PORT} (README: "Reaching the database"). Nothing of postgres-bootstrap was run.`,
      ].join('\n'),
    );
    this.name = 'DatabaseUnreachableError';
  }
}

/** Where the instance listens, as RDS reports it; undefined when there is no such instance. */
export type InstanceEndpointLookup = (config: PlatformConfig, identifier: string) => Promise<DatabaseEndpoint | undefined>;

/**
 * Before postgres-bootstrap runs: its admin endpoint (config, or the RDS endpoint of the
 * postgres stack's instance) accepts a TCP connection within a few seconds. Otherwise it fails
 * at once, naming the endpoint and how to reach it, instead of in the middle of a Terraform run.
 */
export async function assertDatabaseReachable(config: PlatformConfig, lookup: InstanceEndpointLookup = instanceEndpoint): Promise<void> {
  const identifier = new PlatformNames(config).databaseIdentifier('postgres');
  let endpoint = config.postgres.adminEndpoint;
  let source = `postgres.adminEndpoint, or ${ADMIN_ENDPOINT_ENV}`;
  if (!endpoint) {
    endpoint = await lookup(config, identifier);
    source = `the endpoint of RDS instance ${identifier}; set ${ADMIN_ENDPOINT_ENV} to connect elsewhere`;
    if (!endpoint) {
      throw new Error(`postgres-bootstrap needs RDS instance ${identifier}, which does not exist in ${config.region}: deploy the postgres stack first. Nothing of postgres-bootstrap was run.`);
    }
  }
  const problem = await tcpProblem(endpoint);
  if (problem) throw new DatabaseUnreachableError(endpoint, source, problem);
}

async function instanceEndpoint(config: PlatformConfig, identifier: string): Promise<DatabaseEndpoint | undefined> {
  const rds = new RDSClient(awsClientSettings(config));
  try {
    const [instance] = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }))).DBInstances ?? [];
    const address = instance?.Endpoint?.Address;
    return address ? { host: address, port: instance.Endpoint?.Port ?? 5432 } : undefined;
  } catch (error) {
    if ((error as Error).name === 'DBInstanceNotFoundFault') return undefined;
    throw error;
  } finally {
    rds.destroy();
  }
}

/** Why nothing accepts a TCP connection at `endpoint`, or undefined when something does. */
function tcpProblem(endpoint: DatabaseEndpoint): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: endpoint.host, port: endpoint.port });
    const finish = (problem: string | undefined) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => finish(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`));
    socket.once('connect', () => finish(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
  });
}
