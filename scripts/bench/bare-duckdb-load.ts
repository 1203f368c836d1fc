/**
 * The reference `npm run bench:pipeline` measures the pipeline against: DuckDB alone
 * loading the same files into a database file, one `create table as` per CSV file.
 * Usage: node --import tsx scripts/bench/bare-duckdb-load.ts <input folder> <database file>
 */
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

async function load(inputDir: string, databaseFile: string): Promise<void> {
  const instance = await DuckDBInstance.create(databaseFile);
  const connection = await instance.connect();
  for (const table of ['customers', 'projects']) {
    const path = join(inputDir, `${table}.csv`).replace(/'/g, "''");
    await connection.run(`create table ${table} as select * from read_csv('${path}')`);
  }
  connection.closeSync();
  instance.closeSync();
}

const [inputDir, databaseFile] = process.argv.slice(2);
if (inputDir === undefined || databaseFile === undefined) {
  console.error('usage: bare-duckdb-load.ts <input folder> <database file>');
  process.exit(2);
}
load(inputDir, databaseFile).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
