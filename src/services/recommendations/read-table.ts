// An uploaded file -> a table of text cells with the line each row starts on. CSV in any of the
// separators, line ends and encodings spreadsheets write; .xlsx through read-excel-file. The
// import size limits live here and only here.
import { createRequire } from 'node:module';
import { DomainError, msg, type Message } from '../../domain-error';
import { decodeText, type TextEncoding } from './decode-text';

// The parsers load on first use, not at start: most processes never read a file.
const require = createRequire(import.meta.url);
const csvParse = () => (require('csv-parse/sync') as typeof import('csv-parse/sync')).parse;

export const MAX_IMPORT_BYTES = 5_000_000;
export const MAX_IMPORT_ROWS = 5000;

export interface TableRow {
  line: number;
  cells: string[];
}

export interface Table {
  header: string[];
  rows: TableRow[];
  kind: 'csv' | 'xlsx';
  encoding?: TextEncoding;
}

export function checkImportSize(bytes: number): void {
  if (bytes > MAX_IMPORT_BYTES) {
    throw new DomainError('invalid', msg('intervention:file.tooLarge', { kb: Math.round(bytes / 1000), mb: MAX_IMPORT_BYTES / 1_000_000 }));
  }
}

const isZip = (b: Uint8Array): boolean => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Files people attach by mistake, told apart by their first bytes. */
function knownBinary(b: Uint8Array): 'pdf' | 'xls' | 'image' | null {
  const head = Buffer.from(b.subarray(0, 8)).toString('latin1');
  if (head.startsWith('%PDF')) return 'pdf';
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'xls';
  if (head.startsWith('\x89PNG') || (b[0] === 0xff && b[1] === 0xd8)) return 'image';
  return null;
}

export async function readTable(bytes: Uint8Array, fileName: string): Promise<Table> {
  checkImportSize(bytes.byteLength);
  if (!bytes.byteLength) throw new DomainError('invalid', msg('intervention:file.empty'));
  const other = knownBinary(bytes);
  if (other) throw new DomainError('invalid', msg(`intervention:file.binary.${other}`, { file: fileName }));
  const table = isZip(bytes) ? await readXlsx(bytes, fileName) : readCsv(bytes, fileName);
  if (!table.rows.length) {
    throw new DomainError('invalid', msg('intervention:file.headerOnly', { file: fileName }));
  }
  if (table.rows.length > MAX_IMPORT_ROWS) {
    throw new DomainError('invalid', msg('intervention:file.tooManyRows', { rows: table.rows.length, max: MAX_IMPORT_ROWS }));
  }
  return table;
}

/** The separator of the header line, outside quotes: the most frequent of `,` `;` tab. */
function detectDelimiter(text: string): string {
  const first = text.split(/\r\n|\r|\n/, 1)[0] ?? '';
  const outside = first.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, outside.split(d).length - 1] as const).sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

function readCsv(bytes: Uint8Array, fileName: string): Table {
  const { text, encoding } = decodeText(bytes, fileName);
  if (!text.trim()) throw new DomainError('invalid', msg('intervention:file.empty'));
  // One line end: csv-parse counts a CRLF inside a quoted field as two lines, and an old-Mac
  // CR-only file as one line.
  const lf = text.replace(/\r\n?/g, '\n');
  let records: Array<{ record: string[]; info: { lines: number }; raw: string }>;
  try {
    records = csvParse()(lf, { delimiter: detectDelimiter(lf), relax_column_count: true, relax_quotes: false, skip_empty_lines: true, info: true, raw: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { message?: string; lines?: number; code?: string; raw?: unknown };
    // An unclosed quote is only noticed at the end of the file: name the line where it opened.
    const unclosed = e.code === 'CSV_QUOTE_NOT_CLOSED' && typeof e.raw === 'string' && e.lines;
    const line = unclosed ? e.lines! - ((e.raw as string).replace(/\n$/, '').match(/\n/g) ?? []).length : e.lines;
    const reason = unclosed ? msg('intervention:file.csv.unclosed') : describeCsvError(e.code);
    throw new DomainError('invalid', line ? msg('intervention:file.csv.invalidAt', { file: fileName, line, reason }) : msg('intervention:file.csv.invalid', { file: fileName, reason }));
  }
  const [header, ...body] = records;
  if (!header) throw new DomainError('invalid', msg('intervention:file.empty'));
  const rows: TableRow[] = [];
  for (const { record, info, raw } of body) {
    if (record.every((c) => !c.trim())) continue;
    rows.push({ line: info.lines - (raw.replace(/\n$/, '').match(/\n/g) ?? []).length, cells: record });
  }
  return { header: header.record.map((h) => h.trim()), rows, kind: 'csv', encoding };
}

/** csv-parse's messages quote the input; say what is wrong in our words instead. */
function describeCsvError(code: string | undefined): Message {
  switch (code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
      return msg('intervention:file.csv.closingQuote');
    case 'INVALID_OPENING_QUOTE':
      return msg('intervention:file.csv.openingQuote');
    default:
      return msg('intervention:file.csv.unsplittable');
  }
}

/** 1 Jan 1900 is serial 1 with Excel's leap-day bug; serial 25569 is 1 Jan 1970. */
export const excelSerialDay = (serial: number): string => new Date(Math.round((serial - 25569) * 86_400_000)).toISOString().slice(0, 10);

function cellText(v: unknown): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  // A workbook's strings may hold control characters that no text field should keep.
  // eslint-disable-next-line no-control-regex
  return String(v).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

async function readXlsx(bytes: Uint8Array, fileName: string): Promise<Table> {
  let sheet: unknown[][];
  try {
    const { readSheet } = await import('read-excel-file/node');
    sheet = (await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) as unknown[][];
  } catch {
    throw new DomainError('invalid', msg('intervention:file.badXlsx', { file: fileName }));
  }
  const first = sheet.findIndex((r) => r.some((c) => cellText(c).trim()));
  if (first < 0) throw new DomainError('invalid', msg('intervention:file.emptySheet', { file: fileName }));
  const rows: TableRow[] = [];
  for (let i = first + 1; i < sheet.length; i++) {
    const cells = sheet[i]!.map(cellText);
    if (cells.some((c) => c.trim())) rows.push({ line: i + 1, cells });
  }
  return { header: sheet[first]!.map((c) => cellText(c).trim()), rows, kind: 'xlsx' };
}
