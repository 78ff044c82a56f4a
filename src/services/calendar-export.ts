// A server's UPR calendar as an .ics text: the reviews it tracks (optionally one session, one
// state, a window of days), their milestones and letter deadlines. Used by `/upr calendar` and
// the subscription feed, so both always show the same thing (the file in its reader's language,
// the feed in the server's).
import { DateTime } from 'luxon';
import { parseUserDate } from '../dates/parse';
import { DomainError, msg } from '../domain-error';
import { buildIcs, type CalendarEntry } from '../ical/build';
import { letterEntry, reviewEntries } from '../ical/entries';
import { postLanguageOf } from '../guild-data/language';
import { translator, type Lang } from '../i18n';
import { requireState, type ServiceDeps } from './common';
import { reviewMilestones } from './review-milestones';
import type { SettingsService } from './settings';

export interface CalendarExportFilters {
  session?: number | null;
  state?: string | null;
  from?: string | null;
  to?: string | null;
  /** The reader's language, for how typed dates read; English when left out. */
  lang?: Lang;
}

export interface CalendarExport {
  ics: string;
  /** Events in the file (cancelled ones included). */
  events: number;
  fileName: string;
}

export class CalendarExportService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly settings: SettingsService,
  ) {}

  /** `lang`: the texts' language; left out, the server's post language (the feed). */
  async export(guildId: string, filters: CalendarExportFilters = {}, lang?: Lang): Promise<CalendarExport> {
    const zone = await this.settings.timezone(guildId);
    const now = this.deps.clock.now();
    const stateCode = filters.state ? requireState(filters.state).code : undefined;
    const from = filters.from ? DateTime.fromISO(parseUserDate(filters.from, zone, now, filters.lang).isoDay, { zone }).startOf('day').toMillis() : -Infinity;
    const to = filters.to ? DateTime.fromISO(parseUserDate(filters.to, zone, now, filters.lang).isoDay, { zone }).endOf('day').toMillis() : Infinity;
    if (from > to) throw new DomainError('invalid', msg('upr:calendar.fromAfterTo'));

    const reviews = await this.deps.db.review.findMany({
      where: { guildId, ...(filters.session != null ? { session: filters.session } : {}), ...(stateCode ? { stateCode } : {}) },
      orderBy: { id: 'asc' },
    });
    const letters = reviews.length
      ? await this.deps.db.letter.findMany({ where: { guildId, reviewId: { in: reviews.map((r) => r.id) } }, orderBy: { id: 'asc' } })
      : [];
    const language = lang ?? (await postLanguageOf(this.deps.db, guildId));
    const byId = new Map(reviews.map((r) => [r.id, r]));
    const entries: CalendarEntry[] = [];
    for (const r of reviews) entries.push(...reviewEntries(guildId, zone, { ...r, milestones: reviewMilestones(r) }, language));
    for (const l of letters) entries.push(letterEntry(guildId, zone, l, byId.get(l.reviewId)!, language));
    const inWindow = entries.filter((e) => e.start.getTime() >= from && e.start.getTime() <= to);
    inWindow.sort((a, b) => a.start.getTime() - b.start.getTime() || a.uid.localeCompare(b.uid));

    const t = translator(language);
    const session = filters.session ?? null;
    const name =
      session !== null && stateCode
        ? t('posts:ical.nameSessionState', { session, code: stateCode })
        : session !== null
          ? t('posts:ical.nameSession', { session })
          : stateCode
            ? t('posts:ical.nameState', { code: stateCode })
            : t('posts:ical.name');
    const ics = buildIcs({ name, description: t('posts:ical.description'), lang: language }, inWindow);
    const slug = ['upr', filters.session != null ? `wg${filters.session}` : '', stateCode?.toLowerCase() ?? ''].filter(Boolean).join('-');
    return { ics, events: inWindow.length, fileName: `${slug}.ics` };
  }
}
