import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CsvSyntaxError, parseCsv } from './csv';

/** An input file is missing or does not follow the data contract; the message says which and how to fix it. */
export class InputFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputFileError';
  }
}

/** A raw table as read from `<table>.csv`: every value text, columns in `columns` order. */
export interface RawTable {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly string[][];
}

/**
 * Reads `<dir>/<table>.csv` and returns its rows with the columns in `columns` order.
 * Header names are matched case-insensitively after trimming, in any order; the header
 * must name each expected column exactly once and nothing else.
 */
export function readRawTable(dir: string, table: string, columns: readonly string[]): RawTable {
  const fileName = `${table}.csv`;
  const path = join(dir, fileName);
  const expected = `expected a header naming ${columns.join(', ')} (any order, any case)`;
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new InputFileError(`${fileName}: file not found in ${dir}; put the ${table} export there as ${fileName}.`);
  }
  const text = decodeUtf8(readFileSync(path), fileName);
  let records;
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new InputFileError(`${fileName}: not valid CSV (RFC 4180) at ${error.message}.`);
    }
    throw error;
  }
  const [header, ...data] = records;
  if (header === undefined) {
    throw new InputFileError(`${fileName}: the file is empty; ${expected}.`);
  }
  const positions = matchHeader(header.fields, columns, fileName, expected);
  const rows = data.map((record) => {
    if (record.fields.length !== header.fields.length) {
      throw new InputFileError(
        `${fileName}: line ${record.line} has ${record.fields.length} fields but the header has ${header.fields.length}; ` +
          'quote values that contain commas or line breaks.',
      );
    }
    return positions.map((position) => record.fields[position]);
  });
  return { table, columns, rows };
}

function decodeUtf8(bytes: Buffer, fileName: string): string {
  if (bytes.includes(0)) {
    throw new InputFileError(`${fileName}: not a CSV text file (it contains NUL bytes, as binary files do).`);
  }
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
