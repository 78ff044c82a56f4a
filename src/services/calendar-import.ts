// `/upr import [session]`: the 4th-cycle calendar into a server. Idempotent on (guild, state,
// session); fields users edited (Review.userEditedFields) are left alone; reports what changed.
import { calendarSession, calendarSessions, type CalendarSession } from '../calendar/cycle4';
import { DomainError, msg } from '../domain-error';
import { atDayInZone } from '../dates/parse';
import { getState } from '../states';
import { editedSet, replanAfterCommit, reviewsChanged, type ServiceDeps } from './common';
import { milestoneUpdate } from '../calendar/milestones';
import type { ReviewStatus } from './reviews';
import type { SettingsService } from './settings';

export interface CalendarImportResult {
  sessions: number[];
  created: number;
  updated: number;
  unchanged: number;
  /** Fields left as users edited them, counted per review. */
  keptUserEdits: number;
  /** What an update changed, per review (fields by name). */
  changes: Array<{ stateCode: string; session: number; fields: string[] }>;
}

const sameValue = (a: unknown, b: unknown): boolean =>
  a instanceof Date || b instanceof Date ? (a as Date | null)?.getTime() === (b as Date | null)?.getTime() : a === b;

export class CalendarImportService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly settings: SettingsService,
  ) {}

  async import(guildId: string, session?: number | null): Promise<CalendarImportResult> {
    let sessions: readonly CalendarSession[];
    if (session != null) {
      const s = calendarSession(session);
      if (!s) {
        const known = calendarSessions.map((x) => x.session);
        throw new DomainError('invalid', msg('upr:import.noSession', { session, first: known[0], last: known[known.length - 1] }));
      }
      sessions = [s];
    } else {
      sessions = calendarSessions;
    }
    const zone = await this.settings.timezone(guildId);
    const result: CalendarImportResult = { sessions: sessions.map((s) => s.session), created: 0, updated: 0, unchanged: 0, keptUserEdits: 0, changes: [] };

    for (const s of sessions) {
      await this.deps.db.$transaction(
        async (tx) => {
          const existing = await tx.review.findMany({ where: { guildId, session: s.session } });
          const byState = new Map(existing.map((r) => [r.stateCode, r]));
          for (const entry of s.reviews) {
            if (!getState(entry.iso3)) continue;
            const reviewAt = entry.reviewDate ? atDayInZone(entry.reviewDate, zone) : null;
            const confidence = entry.listConfidence !== 'confirmed' ? entry.listConfidence : s.datesConfidence;
            const status: ReviewStatus =
              entry.status === 'not held' ? 'not_held' : entry.note && /did not attend|rescheduled to|postponed/i.test(entry.note) ? 'rescheduled' : 'scheduled';
            const current = byState.get(entry.iso3);
            const edited = editedSet(current?.userEditedFields);
            const desired: Record<string, unknown> = {
              reviewAt,
              reviewTimeKnown: false,
              status,
              notes: entry.note ?? null,
              dateConfidence: confidence,
            };
            if (!current) {
              await tx.review.create({
                data: {
                  guildId,
                  stateCode: entry.iso3,
                  session: s.session,
                  cycle: s.cycle,
                  source: 'calendar',
                  ...(desired as { reviewAt: Date | null; reviewTimeKnown: boolean; status: ReviewStatus; notes: string | null; dateConfidence: string }),
                  ...milestoneUpdate({ reviewAt, session: s.session }, new Set()),
                },
              });
              result.created++;
              continue;
            }
            const data: Record<string, unknown> = {};
            let kept = 0;
            for (const [field, value] of Object.entries(desired)) {
              const guard = field === 'reviewTimeKnown' ? 'reviewAt' : field;
              if (edited.has(guard)) {
                kept++;
                continue;
              }
              if (!sameValue((current as Record<string, unknown>)[field], value)) data[field] = value;
            }
            const base = edited.has('reviewAt') ? current.reviewAt : reviewAt;
            for (const [field, value] of Object.entries(milestoneUpdate({ reviewAt: base, session: s.session }, edited))) {
              if (!sameValue((current as Record<string, unknown>)[field], value)) data[field] = value;
            }
            if (kept) result.keptUserEdits++;
            if (Object.keys(data).length) {
              await tx.review.update({ where: { id: current.id }, data });
              result.updated++;
              result.changes.push({ stateCode: entry.iso3, session: s.session, fields: Object.keys(data).filter((f) => f !== 'reviewTimeKnown') });
            } else {
              result.unchanged++;
            }
          }
        },
        { timeout: 60_000 },
      );
    }
    if (result.created || result.updated) {
      await replanAfterCommit(this.deps, 'calendar.import', (r) => r.replanGuild(guildId));
      reviewsChanged(this.deps, guildId);
    }
    return result;
  }
}
