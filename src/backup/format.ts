// The backup file: JSON lines, gzip-compressed, one record per line, versioned. Version 2 is
// written; version 1 files (one JSON document, no reminders or audit trail) are read through an
// upgrade. docs/backup-format.md describes both. Pure: bytes in, validated records out.
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { msg, type Message } from '../domain-error';

export const FORMAT = 'upr-bot-backup';
export const VERSION = 2;
/** Discord's attachment limit for bots is 10 MiB; parts stay well under it. */
export const MAX_PART_BYTES = 8 * 1024 * 1024;
/** What an import reads in all (every part, uncompressed). */
export const MAX_TOTAL_BYTES = 200 * 1024 * 1024;

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const maybeInstant = instant.nullable();
const id = z.number().int().positive();
const str = (max = 4000) => z.string().max(max);
const snowflake = z.string().regex(/^\d{15,21}$/);

export const settingsRecord = z.object({
  type: z.literal('settings'),
  reminderChannelId: snowflake.nullable(),
  timezone: str(100).nullable(),
  coordinatorRoleId: snowflake.nullable(),
  pingRoleId: snowflake.nullable(),
  reviewLeadTimes: str(200).nullable(),
  letterLeadTimes: str(200).nullable(),
  paused: z.boolean(),
  digestWeekday: z.number().int().min(1).max(7).nullable(),
  digestHour: z.number().int().min(0).max(23).nullable(),
  /** The language of the server's posts (absent in files made before it existed: the preferred locale). */
  language: z.enum(['en', 'es']).nullable().optional(),
  createdAt: instant,
  updatedAt: instant,
});

export const reviewRecord = z.object({
  type: z.literal('review'),
  id,
  stateCode: z.string().regex(/^[A-Z]{3}$/),
  session: z.number().int().min(1).max(99),
  cycle: z.number().int().min(1),
  reviewAt: maybeInstant,
  reviewTimeKnown: z.boolean(),
  status: z.enum(['scheduled', 'held', 'postponed', 'rescheduled', 'not_held']),
  notes: str().nullable(),
  channelId: snowflake.nullable(),
  source: str(40),
  dateConfidence: str(40).nullable(),
  userEditedFields: str(400).nullable(),
  submissionDeadlineAt: maybeInstant,
  preSessionAt: maybeInstant,
  documentsPublishedAt: maybeInstant,
  hrcAdoptionAt: maybeInstant,
  midTermReportAt: maybeInstant,
  createdBy: str(40).nullable(),
  createdAt: instant,
  updatedAt: instant,
});

export const letterRecord = z.object({
  type: z.literal('letter'),
  id,
  reviewId: id,
  stateCode: z.string().regex(/^[A-Z]{3}$/),
  recipient: str().nullable(),
  ask: str().nullable(),
  deadlineAt: instant,
  deadlineTimeKnown: z.boolean(),
  sentAt: maybeInstant,
  status: z.enum(['planned', 'sent', 'cancelled']),
  channelId: snowflake.nullable(),
  createdBy: str(40),
  createdAt: instant,
  updatedAt: instant,
});

export const interventionRecord = z.object({
  type: z.literal('intervention'),
  id,
  reviewId: id,
  stateCode: z.string().regex(/^[A-Z]{3}$/),
  source: str(200).nullable(),
  createdAt: instant,
});

export const recommendationRecord = z.object({
  type: z.literal('recommendation'),
  id,
  reviewId: id,
  text: str(),
  paragraph: str(40).nullable(),
  response: z.enum(['supported', 'noted', 'pending']),
  actionCategory: z.number().int().min(1).max(5).nullable(),
  source: str(200).nullable(),
  dedupeKey: str(200),
  createdAt: instant,
  states: z.array(z.string().regex(/^[A-Z]{3}$/)),
  themes: z.array(str(200)),
});

export const reminderRecord = z.object({
  type: z.literal('reminder'),
  id,
  kind: str(20),
  itemKey: str(200),
  leadKey: str(40),
  reviewId: id.nullable(),
  letterId: id.nullable(),
  eventAt: instant,
  dueAt: instant,
  runAt: instant,
  channelId: snowflake.nullable(),
  status: z.enum(['pending', 'claimed', 'posted', 'failed', 'skipped', 'cancelled']),
  attempts: z.number().int().min(0),
  lastError: str().nullable(),
  messageId: snowflake.nullable(),
  postedAt: maybeInstant,
  late: z.boolean(),
  /** First claimed to be posted (absent in files made before it was recorded). */
  sentAt: maybeInstant.optional(),
  createdAt: instant,
  updatedAt: instant,
});

export const auditRecord = z.object({
  type: z.literal('audit'),
  id,
  at: instant,
  actorId: str(40),
  actorName: str(200),
  action: str(200),
  items: z.string(),
  rowKeys: z.string(),
  changes: z.string(),
  counts: z.string(),
  undoOf: id.nullable(),
  undoneById: id.nullable(),
});

export const dataRecord = z.discriminatedUnion('type', [settingsRecord, reviewRecord, letterRecord, interventionRecord, recommendationRecord, reminderRecord, auditRecord]);
export type DataRecord = z.infer<typeof dataRecord>;
export type RecordOf<T extends DataRecord['type']> = Extract<DataRecord, { type: T }>;

const header = z.object({
  format: z.literal(FORMAT),
  version: z.number().int(),
  guildId: snowflake,
  exportedAt: instant,
  exportId: z.string().max(40).optional(),
  part: z.number().int().min(1).optional(),
  parts: z.number().int().min(1).optional(),
});
const endRecord = z.object({ type: z.literal('end'), records: z.number().int().min(0) });

export interface Backup {
  version: number;
  guildId: string;
  exportedAt: Date;
  records: DataRecord[];
}

/** What is wrong with a file, as a catalog message (the reply translates it); `message` is its key for logs. */
export class BackupFormatError extends Error {
  readonly reason: Message;
  constructor(key: string, vars?: Record<string, unknown>) {
    const reason = msg(`backup:format.${key}`, vars);
    super(`${reason.key}${vars ? ` ${JSON.stringify(vars)}` : ''}`);
    this.reason = reason;
  }
}

// ---- writing ----------------------------------------------------------------------------------

const line = (value: unknown): string => JSON.stringify(value);

/**
 * The file(s) for a server's records: one gzip part when it fits under `maxPartBytes`, else
 * several, each with its own header (part i of n) and the last one with the end record.
 */
export function writeBackup(guildId: string, exportedAt: Date, records: readonly DataRecord[], maxPartBytes = MAX_PART_BYTES): Buffer[] {
  const exportId = exportedAt.getTime().toString(36);
  const lines = records.map(line);
  const build = (chunk: string[], part: number, parts: number, last: boolean) =>
    gzipSync(
      [line({ format: FORMAT, version: VERSION, guildId, exportedAt: exportedAt.toISOString(), exportId, ...(parts > 1 ? { part, parts } : {}) }), ...chunk, ...(last ? [line({ type: 'end', records: records.length })] : [])].join('\n') + '\n',
    );
  const whole = build(lines, 1, 1, true);
  if (whole.length <= maxPartBytes) return [whole];
  // Compressed size is roughly proportional to text size: cut by that ratio, smaller until every part fits.
  let budget = Math.floor(maxPartBytes / (whole.length / Buffer.byteLength(lines.join('\n'))));
  for (;;) {
    const chunks: string[][] = [[]];
    let size = 0;
    for (const l of lines) {
      if (size + l.length > budget && chunks.at(-1)!.length) {
        chunks.push([]);
        size = 0;
      }
      chunks.at(-1)!.push(l);
      size += l.length + 1;
    }
    const parts = chunks.map((c, i) => build(c, i + 1, chunks.length, i === chunks.length - 1));
    if (parts.every((p) => p.length <= maxPartBytes)) return parts;
    if (chunks.every((c) => c.length === 1)) throw new Error('a single record is larger than a backup part');
    budget = Math.floor(budget * 0.8);
  }
}

// ---- reading ----------------------------------------------------------------------------------

function decompress(bytes: Buffer): string {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes, { maxOutputLength: MAX_TOTAL_BYTES }).toString('utf8');
    } catch {
      throw new BackupFormatError('gzipDamaged');
    }
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) throw new BackupFormatError('zip');
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

/** Where a record breaks the schema: the field path and the schema's own (technical) words. */
function where(issue: z.core.$ZodIssue): string {
  return `${issue.path.join('.') || 'record'}: ${issue.message}`;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function parseJson(text: string, what: Message): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BackupFormatError('notJson', { what });
  }
}

interface Part {
  header: z.infer<typeof header>;
  records: DataRecord[];
  end?: number;
}

function readPart(bytes: Buffer): Part {
  const text = decompress(bytes);
  const trimmed = text.trimStart();
  if (!trimmed) throw new BackupFormatError('empty');
  const lines = trimmed.split('\n').filter((l) => l.trim());
  // Version 1 is one (pretty-printed) JSON document; version 2 is one JSON value per line.
  const whole = lines.length > 1 && trimmed.startsWith('{') ? tryJson(trimmed) : undefined;
  if (whole !== undefined) {
    const v = z.object({ format: z.literal(FORMAT), version: z.literal(1) }).safeParse(whole);
    if (v.success) return upgradeV1(whole);
  }
  const first = parseJson(lines[0]!, msg('backup:format.where.firstLine'));
  const h = z.object({ format: z.string(), version: z.number() }).safeParse(first);
  if (!h.success || h.data.format !== FORMAT) throw new BackupFormatError('notBackup', { format: FORMAT });
  if (h.data.version === 1) return upgradeV1(parseJson(trimmed, msg('backup:format.where.v1')));
  if (h.data.version > VERSION) throw new BackupFormatError('newer', { version: h.data.version, supported: VERSION });
  if (h.data.version !== VERSION) throw new BackupFormatError('unknownVersion', { version: h.data.version });
  const hd = header.safeParse(first);
  if (!hd.success) throw new BackupFormatError('badHeader', { detail: where(hd.error.issues[0]!) });
  const records: DataRecord[] = [];
  let end: number | undefined;
  for (let i = 1; i < lines.length; i++) {
    const value = parseJson(lines[i]!, msg('backup:format.where.line', { line: i + 1 }));
    if ((value as { type?: unknown })?.type === 'end') {
      const e = endRecord.safeParse(value);
      if (!e.success || i !== lines.length - 1) throw new BackupFormatError('badEnd', { line: i + 1 });
      end = e.data.records;
      continue;
    }
    const r = dataRecord.safeParse(value);
    if (!r.success) throw new BackupFormatError('badRecord', { line: i + 1, detail: where(r.error.issues[0]!) });
    records.push(r.data);
  }
  return { header: hd.data, records, end };
}

/** Reads one file or the parts of one export (any order); throws BackupFormatError saying what is wrong. */
export function readBackup(files: readonly Buffer[]): Backup {
  if (!files.length) throw new BackupFormatError('noFile');
  const parts = files.map(readPart);
  const first = parts[0]!.header;
  const count = first.parts ?? 1;
  if (parts.some((p) => p.header.guildId !== first.guildId || p.header.exportId !== first.exportId || (p.header.parts ?? 1) !== count)) {
    throw new BackupFormatError('notSameExport');
  }
  if (parts.length !== count) throw new BackupFormatError('partCount', { parts: count, count: parts.length });
  parts.sort((a, b) => (a.header.part ?? 1) - (b.header.part ?? 1));
  if (parts.some((p, i) => (p.header.part ?? 1) !== i + 1)) throw new BackupFormatError('partMissing');
  const records = parts.flatMap((p) => p.records);
  const end = parts.at(-1)!.end;
  if (end === undefined) throw new BackupFormatError('noEnd');
  if (end !== records.length) throw new BackupFormatError('incomplete', { records: records.length, end });
  checkReferences(records);
  return { version: first.version, guildId: first.guildId, exportedAt: first.exportedAt, records };
}

/** "review 5", "letter 7": a record as the file names it. */
const recordName = (type: string, id: number): Message => msg(`backup:format.record.${type}`, { id });

/** Every id a record refers to is in the file, and ids are unique per type. */
function checkReferences(records: readonly DataRecord[]): void {
  const ids = new Map<string, Set<number>>();
  for (const r of records) {
    if (r.type === 'settings') continue;
    const set = ids.get(r.type) ?? new Set<number>();
    if (set.has(r.id)) throw new BackupFormatError('twice', { record: recordName(r.type, r.id) });
    set.add(r.id);
    ids.set(r.type, set);
  }
  if (records.filter((r) => r.type === 'settings').length > 1) throw new BackupFormatError('settingsTwice');
  const has = (type: string, id: number) => ids.get(type)?.has(id) ?? false;
  for (const r of records) {
    if ((r.type === 'letter' || r.type === 'intervention' || r.type === 'recommendation') && !has('review', r.reviewId)) {
      throw new BackupFormatError('missingReview', { record: recordName(r.type, r.id), review: r.reviewId });
    }
  }
}

// ---- version 1 --------------------------------------------------------------------------------

// Version 1 was one JSON document: settings and the four item lists, recommendations with their
// states as `recommendingStates`, letters without `deadlineTimeKnown`; no reminders, no audit.
const v1 = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  guildId: snowflake,
  exportedAt: instant,
  settings: settingsRecord.omit({ type: true }).nullable(),
  reviews: z.array(reviewRecord.omit({ type: true })),
  letters: z.array(letterRecord.omit({ type: true, deadlineTimeKnown: true })),
  interventions: z.array(interventionRecord.omit({ type: true })),
  recommendations: z.array(recommendationRecord.omit({ type: true, states: true }).extend({ recommendingStates: z.array(z.string().regex(/^[A-Z]{3}$/)) })),
});

function upgradeV1(doc: unknown): Part {
  const parsed = v1.safeParse(doc);
  if (!parsed.success) throw new BackupFormatError('badV1', { detail: where(parsed.error.issues[0]!) });
  const d = parsed.data;
  const records: DataRecord[] = [
    ...(d.settings ? [{ type: 'settings' as const, ...d.settings }] : []),
    ...d.reviews.map((r) => ({ type: 'review' as const, ...r })),
    // A version 1 deadline was always a whole day.
    ...d.letters.map((l) => ({ type: 'letter' as const, ...l, deadlineTimeKnown: false })),
    ...d.interventions.map((i) => ({ type: 'intervention' as const, ...i })),
    ...d.recommendations.map(({ recommendingStates, ...r }) => ({ type: 'recommendation' as const, ...r, states: recommendingStates })),
  ];
  return { header: { format: FORMAT, version: 1, guildId: d.guildId, exportedAt: d.exportedAt }, records, end: records.length };
}
