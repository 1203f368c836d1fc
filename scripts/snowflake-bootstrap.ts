/**
 * `npm run snowflake:bootstrap -- --public-key <file> [--env <name>]`: prints the SQL an
 * account administrator runs once, by hand, before the snowflake stack's first deploy. Nothing
 * can log in to Snowflake as Terraform before its user exists, so this one step cannot be
 * code; the script at least writes it from the environment's configuration, so its names are
 * the ones the stack logs in with. Exit 2 on a bad flag, configuration or key file.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, DEFAULT_ENVIRONMENT, loadConfig } from '../config';
import { rsaPublicKeyField, type SnowflakeConfig } from '../config/sections/snowflake';

const USAGE = [
  'Usage: npm run snowflake:bootstrap -- --public-key <file> [--env <name>]',
  "  --public-key <file>  the Terraform user's RSA public key (openssl rsa -in terraform.p8 -pubout -out terraform.pub)",
  '  --env <name>         environment in config/environments/ (default: PLATFORM_ENV, else dev)',
].join('\n');

/** The bootstrap SQL: the owner role with the account privileges it creates objects with, and the Terraform user. */
export function bootstrapSql(environment: string, snowflake: SnowflakeConfig, publicKey: string): string {
  const owner = snowflake.roles.owner;
  const user = snowflake.terraformLogin.user;
  return [
    `-- One-time bootstrap of the snowflake stack, environment "${environment}", account ${snowflake.organizationName}-${snowflake.accountName}.`,
    "-- Run once as a user holding ACCOUNTADMIN. Everything after this is the snowflake stack's.",
    'USE ROLE USERADMIN;',
    `CREATE ROLE IF NOT EXISTS ${owner} COMMENT = 'Owns the data platform objects; the snowflake stack logs in with it.';`,
    `CREATE USER IF NOT EXISTS ${user} TYPE = SERVICE DEFAULT_ROLE = ${owner} DEFAULT_SECONDARY_ROLES = ()`,
    `  RSA_PUBLIC_KEY = '${publicKey}'`,
    "  COMMENT = 'Terraform (snowflake stack); key pair in Secrets Manager snowflake/terraform.';",
    'USE ROLE ACCOUNTADMIN;',
    `-- The owner role creates the databases and the storage integration, and so owns them.`,
    `GRANT CREATE DATABASE, CREATE INTEGRATION ON ACCOUNT TO ROLE ${owner};`,
    `GRANT ROLE ${owner} TO USER ${user};`,
    `-- Roles, users, network policies and grants (SECURITYADMIN); resource monitors, and the warehouses they are assigned to (ACCOUNTADMIN only).`,
    `-- The stack uses each role only for those resources, in a provider configuration of its own.`,
    `GRANT ROLE SECURITYADMIN TO USER ${user};`,
    `GRANT ROLE ACCOUNTADMIN TO USER ${user};`,
    '',
  ].join('\n');
}

export function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { env: { type: 'string' }, 'public-key': { type: 'string' }, help: { type: 'boolean' } }, strict: true }));
  } catch (error) {
    process.stderr.write(`snowflake:bootstrap: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values['public-key']) {
    process.stderr.write(`snowflake:bootstrap: --public-key is required\n\n${USAGE}\n`);
    return 2;
  }
  const env = values.env ?? process.env.PLATFORM_ENV ?? DEFAULT_ENVIRONMENT;
  let text: string;
  try {
    text = readFileSync(values['public-key'], 'utf8');
  } catch (error) {
    process.stderr.write(`snowflake:bootstrap: cannot read ${values['public-key']}: ${(error as Error).message}\n`);
    return 2;
  }
  const key = rsaPublicKeyField.safeParse(text);
  if (!key.success) {
    process.stderr.write(`snowflake:bootstrap: ${values['public-key']} ${key.error.issues[0].message}\n`);
    return 2;
  }
  try {
    process.stdout.write(bootstrapSql(env, loadConfig({ env }).snowflake, key.data));
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
