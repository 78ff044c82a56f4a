// Turns calendar entries into an iCalendar (.ics) text with ical-generator. Timed entries carry
// Geneva time (TZID=Europe/Zurich with its VTIMEZONE, so any client converts them right); all-day
// entries carry only their day. The output depends on the entries alone (DTSTAMP is the entry's
// last change), so exporting twice gives the same file and re-importing updates by UID.
import { createRequire } from 'node:module';
import { DateTime } from 'luxon';
import type { Lang } from '../i18n';

export const GENEVA_ZONE = 'Europe/Zurich';

// Loaded on first use, not at start: most processes never build a calendar.
const require = createRequire(import.meta.url);
const libraries = () => ({
  ...(require('ical-generator') as typeof import('ical-generator')),
  ...(require('@touch4it/ical-timezones') as typeof import('@touch4it/ical-timezones')),
});

export interface CalendarEntry {
  /** Stable across exports: the same item always has the same UID. */
  uid: string;
  summary: string;
  description: string;
  /** Timed entries: the instant (shown in Geneva time). */
  start: Date;
  end: Date;
  /** All-day entries: the day (YYYY-MM-DD) and the day after the last one. */
  allDay?: { start: string; endExclusive: string };
  cancelled: boolean;
  /** An estimated date (the title says so too). */
  tentative: boolean;
  lastModified: Date;
}

export interface CalendarMeta {
  name: string;
  description?: string;
  /** The language of the texts, named in the product id. */
  lang?: Lang;
}

export const PRODUCT_ID = { company: 'UPR advocacy bot', product: 'UPR calendar', language: 'EN' } as const;

export function buildIcs(meta: CalendarMeta, entries: readonly CalendarEntry[]): string {
  const { default: ical, ICalCalendarMethod, ICalEventStatus, ICalEventTransparency, getVtimezoneComponent } = libraries();
  const cal = ical({
    name: meta.name,
    prodId: { ...PRODUCT_ID, language: (meta.lang ?? 'en').toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    // No calendar-wide zone (DTSTAMP stays UTC, as RFC 5545 requires); the generator adds the
    // VTIMEZONE of every zone the events name.
    timezone: { name: null, generator: getVtimezoneComponent },
    ...(meta.description ? { description: meta.description } : {}),
  });
  for (const e of entries) {
    cal.createEvent({
      id: e.uid,
      summary: e.summary,
      description: e.description,
      stamp: e.lastModified,
      lastModified: e.lastModified,
      // SEQUENCE grows with each change so clients replace the copy they imported before.
      sequence: Math.max(0, Math.floor(e.lastModified.getTime() / 1000) - 1_700_000_000),
      status: e.cancelled ? ICalEventStatus.CANCELLED : e.tentative ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
      transparency: e.allDay ? ICalEventTransparency.TRANSPARENT : ICalEventTransparency.OPAQUE,
      ...(e.allDay
        ? {
            allDay: true,
            start: DateTime.fromISO(e.allDay.start, { zone: 'UTC' }),
            end: DateTime.fromISO(e.allDay.endExclusive, { zone: 'UTC' }),
          }
        : { start: DateTime.fromJSDate(e.start, { zone: GENEVA_ZONE }), end: DateTime.fromJSDate(e.end, { zone: GENEVA_ZONE }), timezone: GENEVA_ZONE }),
    });
  }
  return cal.toString();
}
