import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config';
import { assertStateMatchesEmulator, StaleStateError } from '../../scripts/lib/stale-state';

/** An EC2 endpoint that knows exactly one VPC, answering DescribeVpcs as EC2 does. */
function fakeEc2(knownVpc: string): Promise<Server> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const asked = new URLSearchParams(body).get('VpcId.1');
      if (asked === knownVpc) {
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.end(`<DescribeVpcsResponse><requestId>r</requestId><vpcSet><item><vpcId>${knownVpc}</vpcId></item></vpcSet></DescribeVpcsResponse>`);
      } else {
        response.writeHead(400, { 'content-type': 'text/xml' });
        response.end(`<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>The vpc ID '${asked}' does not exist</Message></Error></Errors><RequestID>r</RequestID></Response>`);
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A project folder whose local state for `network` records `vpcId`. */
function projectWithState(vpcId: string): string {
  const root = mkdtempSync(join(tmpdir(), 'stale-state-'));
  mkdirSync(join(root, 'terraform-state', 'local'), { recursive: true });
  const state = { version: 4, resources: [{ mode: 'managed', type: 'aws_vpc', name: 'vpc', instances: [{ attributes: { id: vpcId } }] }] };
  writeFileSync(join(root, 'terraform-state', 'local', 'network.tfstate'), JSON.stringify(state));
  return root;
}

describe('local state checked against the emulator before a deploy', () => {
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    server = await fakeEc2('vpc-0still0there');
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const localConfig = () => loadConfig({ env: 'dev', overrides: { environment: 'local', awsEndpoint: endpoint, stateBackend: { type: 'local', directory: 'terraform-state/local' } } });

  it('stops with the state file, the missing resource and how to reset, when the emulator has forgotten it', async () => {
    const check = assertStateMatchesEmulator(localConfig(), ['network', 'storage'], projectWithState('vpc-0gone'));
    await expect(check).rejects.toThrow(StaleStateError);
    await expect(check).rejects.toThrow(
      `terraform-state/local/network.tfstate records VPC vpc-0gone, which the emulator at ${endpoint} does not have: the state was written against an emulator that has since restarted or been reset`,
    );
    await expect(check).rejects.toThrow('Start from empty state: rm -rf terraform-state/local   then run npm run deploy again. Nothing was deployed.');
  });

  it('lets the deploy go on when the emulator still holds what state records, or there is no state yet', async () => {
    await expect(assertStateMatchesEmulator(localConfig(), ['network'], projectWithState('vpc-0still0there'))).resolves.toBeUndefined();
    await expect(assertStateMatchesEmulator(localConfig(), ['network'], mkdtempSync(join(tmpdir(), 'no-state-')))).resolves.toBeUndefined();
  });

  it('checks nothing outside the emulator environment', async () => {
    await expect(assertStateMatchesEmulator(loadConfig({ env: 'dev' }), ['network'], projectWithState('vpc-0gone'))).resolves.toBeUndefined();
  });
});
