import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../scripts/snowflake-bootstrap';
import { runCli } from '../support/cli';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const folder = mkdtempSync(join(tmpdir(), 'bootstrap-'));
const publicFile = join(folder, 'terraform.pub');
const privateFile = join(folder, 'terraform.p8');
writeFileSync(publicFile, publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));

const run = (argv: string[]) => runCli(main, argv);

describe('npm run snowflake:bootstrap', () => {
  it('writes the owner role, its account privileges and the Terraform service user with its key, named as the environment configures them', () => {
    const { status, stdout } = run(['--env', 'prod', '--public-key', publicFile]);
    expect(status).toBe(0);
    const body = publicKey
      .export({ type: 'spki', format: 'pem' })
      .toString()
      .replace(/-----[A-Z ]+-----|\s/g, '');
    expect(stdout).toContain('account DATAPLATFORM-PROD');
    expect(stdout).toContain('CREATE ROLE IF NOT EXISTS PLATFORM_OWNER COMMENT');
    expect(stdout).toContain('CREATE USER IF NOT EXISTS TERRAFORM TYPE = SERVICE DEFAULT_ROLE = PLATFORM_OWNER DEFAULT_SECONDARY_ROLES = ()');
    expect(stdout).toContain(`  RSA_PUBLIC_KEY = '${body}'`);
    expect(stdout).toContain('GRANT CREATE DATABASE, CREATE INTEGRATION ON ACCOUNT TO ROLE PLATFORM_OWNER;');
    expect(stdout.match(/^GRANT ROLE \w+ TO USER TERRAFORM;$/gm)).toEqual([
      'GRANT ROLE PLATFORM_OWNER TO USER TERRAFORM;',
      'GRANT ROLE SECURITYADMIN TO USER TERRAFORM;',
      'GRANT ROLE ACCOUNTADMIN TO USER TERRAFORM;',
    ]);
    expect(stdout).not.toMatch(/PASSWORD/i);
  });

  it('refuses a private key, a missing key file or flag, naming the problem', () => {
    expect(run(['--public-key', privateFile])).toMatchObject({ status: 2, stderr: expect.stringContaining('is not an RSA public key') });
    expect(run(['--public-key', join(folder, 'missing.pub')])).toMatchObject({ status: 2, stderr: expect.stringContaining('cannot read') });
    expect(run([])).toMatchObject({ status: 2, stderr: expect.stringContaining('--public-key is required') });
    expect(run(['--env', 'staging', '--public-key', publicFile])).toMatchObject({ status: 2, stderr: expect.stringContaining('"staging" is not a known environment') });
  });
});
