// `npm run db:copy-to-postgres -- --from file:./data/upr-bot.db --to postgresql://…`
// Migrates the target, copies every table, and prints per-table counts and digest checks.
import { loadDotenv } from '../config/env';
import { openDatabase } from '../db/client';
import { copyDatabase } from '../db/copy';
import { parseDatabaseUrl, redactUrl } from '../db/database-url';
import { applyMigrations } from '../db/migrations';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

loadDotenv();
const from = arg('from') ?? process.env.DATABASE_URL ?? 'file:./data/upr-bot.db';
const to = arg('to');
try {
  if (!to) throw new Error('usage: npm run db:copy-to-postgres -- [--from file:./data/upr-bot.db] --to postgresql://user:pass@host:5432/db');
  const source = parseDatabaseUrl(from);
  const target = parseDatabaseUrl(to);
  await applyMigrations(source);
  await applyMigrations(target);
  const a = openDatabase(source);
  const b = openDatabase(target);
  try {
    const reports = await copyDatabase(a.prisma, b.prisma, target.provider);
    for (const r of reports) console.log(`${r.ok ? 'ok  ' : 'DIFF'} ${r.table.padEnd(20)} ${r.source} → ${r.target} rows`);
    const bad = reports.filter((r) => !r.ok);
    if (bad.length) throw new Error(`copy check failed for ${bad.map((r) => r.table).join(', ')}`);
    console.log(`Copied ${redactUrl(from)} into ${redactUrl(to)}. Point DATABASE_URL at it and restart the bot.`);
  } finally {
    await a.close();
    await b.close();
  }
  process.exit(0);
} catch (err) {
  console.error(`Copy failed: ${(err as Error).message}`);
  process.exit(1);
}
