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
import { CalendarExportService } from './calendar-export';
import { CalendarFeedService } from './calendar-feed';
import { FollowsService } from './follows';
import { CalendarImportService } from './calendar-import';
import { reviewsChanged, type ReminderHooks } from './common';
import { InterventionsService } from './interventions';
import { LettersService } from './letters';
import { ReviewsService } from './reviews';
import { SettingsService } from './settings';

/** What `/reminders` calls (`RemindersAdmin`). */
export type RemindersAdminApi = Pick<RemindersAdmin, 'list' | 'sendTest' | 'pause' | 'resume'>;

/** What `/settings discord-events` calls (src/discord-events/sync.ts). */
export interface DiscordEventsApi {
  enable(guildId: string): Promise<{ created: number; updated: number; deleted: number; unchanged: number }>;
  disable(guildId: string): Promise<{ deleted: number; wasOn: boolean }>;
}

export interface Services {
  settings: SettingsService;
  reviews: ReviewsService;
  calendar: CalendarImportService;
  calendarExport: CalendarExportService;
  calendarFeed: CalendarFeedService;
  follows: FollowsService;
  /** Absent where the composition root runs without Discord (scripts, service tests). */
  discordEvents?: DiscordEventsApi;
  letters: LettersService;
  interventions: InterventionsService;
  /** The audit trail: every change runs through `audit.run` (one transaction, one entry). */
  audit: AuditService;
  /** Backup files of a server's data: export and restore. */
  backup: BackupService;
  /** What happens to a server's data when the bot leaves it. */
  retention: RetentionService;
  remindersAdmin: RemindersAdminApi;
}

export interface CreateServicesDeps {
  db: Db;
  clock: Clock;
  /** dataRetentionDays: how long a server's data outlives the bot's removal (default 30). */
  config: { defaultTimezone: string; dataRetentionDays?: number };
  logger: Logger;
  /** The reminder planner (src/reminders/planner.ts). */
  reminders: ReminderHooks;
  remindersAdmin: RemindersAdminApi;
  /** Where users reach the bot's HTTP server (calendar feed links); undefined without one. */
  calendarFeedBaseUrl?: string;
  /** Told after each committed change to a server's reviews. */
  reviewsChanged?: (guildId: string) => void;
  discordEvents?: DiscordEventsApi;
}

export function createServices(deps: CreateServicesDeps): Services {
  // Services write through the audited database: inside a change (audit.run) their writes share
  // one transaction and are recorded; outside one it is the plain client.
  const db = auditedDatabase(deps.db);
  const base = { db, clock: deps.clock, config: deps.config, logger: deps.logger, reminders: deps.reminders, reviewsChanged: deps.reviewsChanged };
  const settings = new SettingsService(base);
  const reviews = new ReviewsService(base, settings);
  return {
    settings,
    reviews,
    calendar: new CalendarImportService(base, settings),
    calendarExport: new CalendarExportService(base, settings),
    calendarFeed: new CalendarFeedService(base, deps.calendarFeedBaseUrl),
    follows: new FollowsService(base),
    letters: new LettersService(base, settings, reviews),
    interventions: new InterventionsService(base, reviews, settings),
    audit: new AuditService({ db, clock: deps.clock, logger: deps.logger, reminders: deps.reminders, reviewsChanged: (guildId) => reviewsChanged(base, guildId) }),
    // Restores and purges write whole servers: they run on the plain client, outside the trail.
    backup: new BackupService({ db: deps.db, clock: deps.clock, logger: deps.logger, reminders: deps.reminders }),
    retention: new RetentionService({ db: deps.db, clock: deps.clock, logger: deps.logger, retentionDays: deps.config.dataRetentionDays ?? 30 }),
    remindersAdmin: deps.remindersAdmin,
    ...(deps.discordEvents ? { discordEvents: deps.discordEvents } : {}),
  };
}

export { DomainError } from '../domain-error';
export type { ReminderHooks } from './common';
