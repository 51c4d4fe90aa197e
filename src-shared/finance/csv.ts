/**
 * RFC 4180 CSV writer and parser shared by every export and import in the app.
 *
 * Writer: records end with CRLF (RFC 4180 §2.1), including the last one, so files concatenate
 * and every line ending is the same. A field is quoted when it contains a comma, a double quote,
 * CR or LF, or leading/trailing spaces; inner quotes are doubled. No BOM unless asked
 * (Excel needs one to detect UTF-8). Text that would start a formula is defused (csvSafeText).
 *
 * Parser: accepts CRLF, LF or CR line endings, quoted fields with embedded separators and line
 * breaks, doubled quotes, and a leading UTF-8 BOM. Throws CsvParseError with a 1-based line and
 * column on a malformed quote.
 */

export const CSV_EOL = '\r\n';
export const UTF8_BOM = '\uFEFF';

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvWriteOptions {
  /** Prepend a UTF-8 BOM (for Excel). Default false. */
  bom?: boolean;
  /** Field separator. Default ",". */
  separator?: string;
}

const NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Text a spreadsheet would run as a formula (it starts with =, +, -, @, tab or CR: a run named
 * "=HYPERLINK(…)") gets a leading apostrophe, so Excel and LibreOffice show it as text (OWASP's
 * CSV-injection advice). Numbers, strings that are plain numbers ("-12.50") and a lone "-" are unchanged.
 */
export function csvSafeText(s: string): string {
  return /^[=@\t\r]/.test(s) || (/^[+-]./s.test(s) && !NUMBER_TEXT.test(s)) ? `'${s}` : s;
}

/** Encode one field. null/undefined become an empty field; numbers use String(n); text is csvSafeText. */
export function csvField(value: CsvValue, separator = ','): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? csvSafeText(value) : String(value);
  const needsQuote =
    s.includes(separator) || s.includes('"') || s.includes('\n') || s.includes('\r') || /^\s|\s$/.test(s);
  return needsQuote ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Encode rows (the first is usually the header) as RFC 4180 text, CRLF after every record. */
export function toCsv(rows: readonly (readonly CsvValue[])[], opts: CsvWriteOptions = {}): string {
  const sep = opts.separator ?? ',';
  const body = rows.map((r) => r.map((v) => csvField(v, sep)).join(sep) + CSV_EOL).join('');
  return (opts.bom ? UTF8_BOM : '') + body;
}

export class CsvParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'CsvParseError';
  }
}

export interface CsvParseOptions {
  separator?: string;
}

/**
 * Parse CSV text into records of string fields. A trailing line break does not create an empty
 * record; a blank line in the middle yields a record with one empty field (callers skip those).
 */
export function parseCsv(text: string, opts: CsvParseOptions = {}): string[][] {
  const sep = opts.separator ?? ',';
  if (sep.length !== 1 || sep === '"' || sep === '\n' || sep === '\r') {
    throw new Error(`invalid CSV separator ${JSON.stringify(sep)}: expected one character other than a quote or line break`);
  }
  const src = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let atFieldStart = true;
  let quoted = false; // the current field was quoted (so an empty quoted field still counts)
  const n = src.length;

  const endField = () => {
    row.push(field);
    field = '';
    atFieldStart = true;
    quoted = false;
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };

  while (i < n) {
    const c = src[i];
    if (atFieldStart && c === '"') {
      // Quoted field: read until the closing quote that is not doubled.
      const qLine = line;
      const qCol = i - lineStart + 1;
      i++;
      let closed = false;
      while (i < n) {
        const d = src[i];
        if (d === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (d === '\n' || (d === '\r' && src[i + 1] !== '\n')) {
          line++;
          lineStart = i + 1;
        }
        field += d;
        i++;
      }
      if (!closed) throw new CsvParseError(`unterminated quoted field starting at line ${qLine}, column ${qCol}`, qLine, qCol);
      quoted = true;
      atFieldStart = false;
      const after = src[i];
      if (i < n && after !== sep && after !== '\n' && after !== '\r') {
        const col = i - lineStart + 1;
        throw new CsvParseError(
          `unexpected character ${JSON.stringify(after)} after closing quote at line ${line}, column ${col}: a quoted field must be followed by "${sep}" or a line break`,
          line,
          col,
        );
      }
      continue;
    }
    if (c === sep) {
      endField();
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      lineStart = i;
      continue;
    }
    if (c === '"') {
      const col = i - lineStart + 1;
      throw new CsvParseError(
        `unexpected quote inside an unquoted field at line ${line}, column ${col}: quote the whole field and double inner quotes`,
        line,
        col,
      );
    }
    field += c;
    atFieldStart = false;
    i++;
  }
  // Last record without a trailing line break.
  if (!atFieldStart || quoted || row.length > 0 || field !== '') endRow();
  return rows;
}
