/**
 * RFC 4180 CSV parsing: comma-separated, fields optionally enclosed in double quotes, a
 * doubled quote inside a quoted field stands for one quote, records end with CRLF or LF,
 * and quoted fields may span lines. Completely empty lines are skipped.
 */

/** One CSV record and the line it starts on (1-based), for error messages. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/** The text is not CSV; `line` is where the problem was found. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'CsvSyntaxError';
  }
}

const QUOTE = '"';
const COMMA = ',';

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  // A record of one empty, unquoted field is an empty line, not data.
  let recordHasContent = false;
  let position = 0;

  const endField = (): void => {
    fields.push(field);
    field = '';
  };
  const endRecord = (): void => {
    endField();
    if (recordHasContent || fields.length > 1) {
      records.push({ line: recordLine, fields });
    }
    fields = [];
    recordHasContent = false;
  };
  const atLineBreak = (at: number): number => {
    if (text[at] === '\n') return 1;
    if (text[at] === '\r' && text[at + 1] === '\n') return 2;
    return 0;
  };

  while (position < text.length) {
    if (field === '' && text[position] === QUOTE) {
      const quoteLine = line;
      recordHasContent = true;
      position += 1;
      for (;;) {
        if (position >= text.length) {
          throw new CsvSyntaxError(quoteLine, 'a quoted field is never closed (missing closing double quote)');
        }
        const char = text[position];
        if (char === QUOTE && text[position + 1] === QUOTE) {
          field += QUOTE;
          position += 2;
        } else if (char === QUOTE) {
          position += 1;
          break;
        } else {
          if (char === '\n') line += 1;
          field += char;
          position += 1;
        }
      }
      const breakLength = atLineBreak(position);
      if (position < text.length && text[position] !== COMMA && breakLength === 0) {
        throw new CsvSyntaxError(line, `unexpected ${JSON.stringify(text[position])} after a closing double quote`);
      }
      continue;
    }
    const breakLength = atLineBreak(position);
    if (breakLength > 0) {
      endRecord();
      position += breakLength;
      line += 1;
      recordLine = line;
    } else if (text[position] === COMMA) {
      endField();
      recordHasContent = true;
      position += 1;
    } else if (text[position] === QUOTE) {
      throw new CsvSyntaxError(line, 'a double quote inside an unquoted field (quote the whole field and double the quote)');
    } else {
      field += text[position];
      recordHasContent = true;
      position += 1;
    }
  }
  if (field !== '' || fields.length > 0 || recordHasContent) endRecord();
  return records;
}
