// The services, wired once: the composition root (src/app.ts) and tests build them with
// createServices and hand them to the Discord router and other entry points.
import { auditedDatabase } from '../audit/database';
import { AuditService } from '../audit/service';
import { BackupService } from '../backup/service';
import { RetentionService } from '../retention/service';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import type { Logger } from '../logging/logger';
import type { RemindersAdmin } from '../reminders/admin';
import { CalendarImportService } from './calendar-import';
import type { ReminderHooks } from './common';
import { InterventionsService } from './interventions';
import { LettersService } from './letters';
import { ReviewsService } from './reviews';
import { SettingsService } from './settings';

/** What `/reminders` calls (the reminders engineer's `RemindersAdmin`). */
export type RemindersAdminApi = Pick<RemindersAdmin, 'list' | 'sendTest' | 'pause' | 'resume'>;

export interface Services {
  settings: SettingsService;
  reviews: ReviewsService;
  calendar: CalendarImportService;
  letters: LettersService;
  interventions: InterventionsService;
  /** The audit trail: every change runs through `audit.run` (one transaction, one entry). */
  audit: AuditService;
  /** Backup files of a server's data: export and restore. */
  backup: BackupService;
  /** What happens to a server's data when the bot leaves it. */
  retention: RetentionService;
  /** Absent until the composition root provides it; `/reminders` then says so. */
  remindersAdmin?: RemindersAdminApi;
}

export interface CreateServicesDeps {
  db: Db;
  clock: Clock;
  /** dataRetentionDays: how long a server's data outlives the bot's removal (default 30). */
  config: { defaultTimezone: string; dataRetentionDays?: number };
  logger: Logger;
  /** The reminder planner (src/reminders/planner.ts). */
  reminders: ReminderHooks;
  remindersAdmin?: RemindersAdminApi;
}

export function createServices(deps: CreateServicesDeps): Services {
  // Services write through the audited database: inside a change (audit.run) their writes share
  // one transaction and are recorded; outside one it is the plain client.
  const db = auditedDatabase(deps.db);
  const base = { db, clock: deps.clock, config: deps.config, logger: deps.logger, reminders: deps.reminders };
  const settings = new SettingsService(base);
  const reviews = new ReviewsService(base, settings);
  return {
    settings,
    reviews,
    calendar: new CalendarImportService(base, settings),
    letters: new LettersService(base, settings, reviews),
    interventions: new InterventionsService(base, reviews),
    audit: new AuditService({ db, clock: deps.clock, logger: deps.logger, reminders: deps.reminders }),
    // Restores and purges write whole servers: they run on the plain client, outside the trail.
    backup: new BackupService({ db: deps.db, clock: deps.clock, logger: deps.logger, reminders: deps.reminders }),
    retention: new RetentionService({ db: deps.db, clock: deps.clock, logger: deps.logger, retentionDays: deps.config.dataRetentionDays ?? 30 }),
    ...(deps.remindersAdmin ? { remindersAdmin: deps.remindersAdmin } : {}),
  };
}

export { DomainError } from '../domain-error';
export type { ReminderHooks } from './common';
