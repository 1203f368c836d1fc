import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CsvSyntaxError, parseCsv } from './csv';
import { quoteIdentifier, quoteLiteral, type LocalWarehouse } from './warehouse';

/** An input file is missing or does not follow the data contract; the message says which and how to fix it. */
export class InputFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputFileError';
  }
}

/** `<table>.csv` with a header that names the expected columns, not yet read past the header. */
export interface InputFile {
  readonly table: string;
  readonly fileName: string;
  readonly path: string;
  /** The expected columns, in the order the raw table has them. */
  readonly columns: readonly string[];
  /** Fields in the header, and so in every record. */
  readonly fieldCount: number;
  /** For each expected column, the position of its field in a record. */
  readonly positions: readonly number[];
}

/** Where a raw table lives and the column that records each row's load time. */
export interface RawTableTarget {
  readonly database: string;
  readonly schema: string;
  readonly loadedAtColumn: string;
}

/** The header is read from this much of the start of the file; binary content shows there too. */
const HEADER_BYTES = 64 * 1024;

/**
 * Checks `<dir>/<table>.csv` up to its header: the file exists, is UTF-8 text and its
 * header names each expected column exactly once and nothing else (matched
 * case-insensitively after trimming, in any order). The records are read by DuckDB when
 * the file is loaded.
 */
export function readInputFile(dir: string, table: string, columns: readonly string[]): InputFile {
  const fileName = `${table}.csv`;
  const path = join(dir, fileName);
  const expected = `expected a header naming ${columns.join(', ')} (any order, any case)`;
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new InputFileError(`${fileName}: file not found in ${dir}; put the ${table} export there as ${fileName}.`);
  }
  const start = readStart(path);
  if (start.length === 0) throw new InputFileError(`${fileName}: the file is empty; ${expected}.`);
  if (start.includes(0)) {
    throw new InputFileError(`${fileName}: not a CSV text file (it contains NUL bytes, as binary files do).`);
  }
  const lineEnd = start.indexOf(0x0a);
  const headerText = decodeUtf8(lineEnd === -1 ? start : start.subarray(0, lineEnd), fileName)
    .replace(/^\uFEFF/, '')
    .replace(/\r$/, '');
  let header;
  try {
    [header] = parseCsv(headerText);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new InputFileError(`${fileName}: not valid CSV (RFC 4180) at ${error.message}.`);
    throw error;
  }
  if (header === undefined) throw new InputFileError(`${fileName}: line 1 is empty; ${expected}.`);
  const positions = matchHeader(header.fields, columns, fileName, expected);
  return { table, fileName, path, columns, fieldCount: header.fields.length, positions };
}

/**
 * Appends the records of `file` to its raw table (created on the first load: every
 * column text, plus the load-time column), each stamped with `loadedAt` as the loader
 * (Airbyte) does. DuckDB's CSV reader parses the file (RFC 4180, strict); a malformed
 * record stops the load with the file, the line and the problem named. Returns the
 * relation and the number of rows loaded.
 */
export async function loadInputFile(
  warehouse: LocalWarehouse,
  file: InputFile,
  target: RawTableTarget,
  loadedAt: Date,
): Promise<{ relation: string; rows: number }> {
  const schema = `${quoteIdentifier(target.database)}.${quoteIdentifier(target.schema)}`;
  const relation = `${schema}.${quoteIdentifier(file.table)}`;
  const loadedAtColumn = quoteIdentifier(target.loadedAtColumn);
  const columns = file.columns.map(quoteIdentifier);
  await warehouse.run(`create schema if not exists ${schema}`);
  await warehouse.run(
    `create table if not exists ${relation} (${[...columns.map((column) => `${column} varchar`), `${loadedAtColumn} timestamp`].join(', ')})`,
  );
  const loadTime = `cast(${quoteLiteral(loadedAt.toISOString().replace('T', ' ').replace('Z', ''))} as timestamp)`;
  await checkLoadTimeIsNewer(warehouse, relation, loadedAtColumn, loadTime, file);
  const fieldNames = Array.from({ length: file.fieldCount }, (_, position) => `field_${position}`);
  const fieldTypes = fieldNames.map((name) => `${quoteLiteral(name)}: 'varchar'`).join(', ');
  // Raw tables hold the text as delivered: an empty field is an empty string, not NULL.
  const keepEmptyText = fieldNames.map(quoteLiteral).join(', ');
  try {
    const rows = await warehouse.run(
      `insert into ${relation} (${[...columns, loadedAtColumn].join(', ')}) ` +
        `select ${[...file.positions.map((position) => fieldNames[position]), loadTime].join(', ')} ` +
        `from read_csv(${quoteLiteral(file.path)}, header = true, auto_detect = false, strict_mode = true, ` +
        `delim = ',', quote = '"', escape = '"', columns = {${fieldTypes}}, force_not_null = [${keepEmptyText}])`,
    );
    return { relation, rows };
  } catch (error) {
    throw csvError(file.fileName, (error as Error).message);
  }
}

/**
 * An incremental run picks up the raw rows loaded after each model's newest etl_timestamp,
 * so a batch stamped no later than rows already loaded would go unseen.
 */
async function checkLoadTimeIsNewer(
  warehouse: LocalWarehouse,
  relation: string,
  loadedAtColumn: string,
  loadTime: string,
  file: InputFile,
): Promise<void> {
  const [row] = await warehouse.query(
    `select cast(max(${loadedAtColumn}) as varchar) as latest, cast(${loadTime} as varchar) as this_load, ` +
      `max(${loadedAtColumn}) >= ${loadTime} as not_before from ${relation}`,
  );
  if (row?.not_before === true) {
    throw new InputFileError(
      `${file.fileName}: the warehouse already holds ${file.table} rows loaded at ${row.latest}, not before this run's load ` +
        `time ${row.this_load}; incremental models only pick up rows loaded after their last run, so load each batch later than the one before.`,
    );
  }
}

/** DuckDB's CSV error, told as the file, the line and what to change there. */
function csvError(fileName: string, message: string): Error {
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  if (line === undefined) return new InputFileError(`${fileName}: could not be loaded: ${message.split('\n')[0]}`);
  const fieldCounts = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  if (fieldCounts !== null) {
    return new InputFileError(
      `${fileName}: line ${line} has ${fieldCounts[2]} fields but the header has ${fieldCounts[1]}; ` +
        'quote values that contain commas or line breaks.',
    );
  }
  if (/Invalid unicode/i.test(message)) return new InputFileError(`${fileName}: not UTF-8 text (line ${line}); export the file as UTF-8 CSV.`);
  const originalLine = /Original Line: ?\n?(.*)/.exec(message)?.[1] ?? '';
  return new InputFileError(`${fileName}: not valid CSV (RFC 4180) at line ${line}: ${quotingProblem(originalLine)}.`);
}

/** What is wrong with the quotes on a line DuckDB could not read, in the words of the RFC 4180 parser. */
function quotingProblem(line: string): string {
  try {
    parseCsv(line);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return error.problem;
  }
  return `a quoted field is not closed where it should be (the line reads ${JSON.stringify(line)})`;
}

function readStart(path: string): Buffer {
  const buffer = Buffer.alloc(HEADER_BYTES);
  const file = openSync(path, 'r');
  try {
    return buffer.subarray(0, readSync(file, buffer, 0, HEADER_BYTES, 0));
  } finally {
    closeSync(file);
  }
}

function decodeUtf8(bytes: Buffer, fileName: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputFileError(`${fileName}: not UTF-8 text; export the file as UTF-8 CSV.`);
  }
}

/** For each expected column, the position of its header field. */
function matchHeader(fields: readonly string[], columns: readonly string[], fileName: string, expected: string): number[] {
  const names = fields.map((field) => field.trim().toLowerCase());
  const problems: string[] = [];
  const duplicated = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
  if (duplicated.length > 0) problems.push(`duplicated column ${quoteList(duplicated)}`);
  const missing = columns.filter((column) => !names.includes(column));
  if (missing.length > 0) problems.push(`missing column ${quoteList(missing)}`);
  const unexpected = names.filter((name) => !columns.includes(name));
  if (unexpected.length > 0) problems.push(`unexpected column ${quoteList(unexpected)}`);
  if (problems.length > 0) {
    throw new InputFileError(`${fileName}: wrong header: ${problems.join('; ')}; ${expected}.`);
  }
  return columns.map((column) => names.indexOf(column));
}

function quoteList(names: readonly string[]): string {
  return names.map((name) => JSON.stringify(name)).join(', ');
}
