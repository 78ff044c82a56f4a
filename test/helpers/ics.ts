// Reads an .ics text with ical.js (an independent parser) into plain events for assertions.
import ICAL from 'ical.js';

export interface ParsedEvent {
  uid: string;
  summary: string;
  description: string;
  status: string | null;
  allDay: boolean;
  /** The instant (UTC), for timed events. */
  start: Date;
  end: Date;
  /** As written: the TZID and local wall time, or the day for all-day events. */
  tzid: string | null;
  localStart: string;
  localEnd: string;
  sequence: number | null;
}

export function parseIcs(text: string): { name: string | null; events: ParsedEvent[] } {
  const cal = new ICAL.Component(ICAL.parse(text));
  // Zones defined in the file, so TZID references resolve to real offsets.
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const events = cal.getAllSubcomponents('vevent').map((c) => {
    const e = new ICAL.Event(c);
    const start = e.startDate;
    const end = e.endDate;
    return {
      uid: e.uid,
      summary: e.summary,
      description: e.description,
      status: (c.getFirstPropertyValue('status') as string | null) ?? null,
      allDay: start.isDate,
      start: start.toJSDate(),
      end: end.toJSDate(),
      tzid: (c.getFirstProperty('dtstart')?.getParameter('tzid') as string | undefined) ?? null,
      localStart: start.toString(),
      localEnd: end.toString(),
      sequence: (c.getFirstPropertyValue('sequence') as number | null) ?? null,
    };
  });
  return { name: (cal.getFirstPropertyValue('x-wr-calname') as string | null) ?? null, events };
}
