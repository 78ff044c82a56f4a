import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain-error';
import { renderMessage, translator } from '../../src/i18n';
import { discordTimestamp, discordWhen, sessionMonths, shortDay } from '../../src/dates/format';
import { parseLeadTimes } from '../../src/dates/lead-times';
import { parseTimeOfDay, parseUserDate, parseUserDateTime } from '../../src/dates/parse';

const Z = 'Europe/Zurich';

/** What an English reader is told when `parse` refuses (the error's catalog message, translated). */
function refusal(parse: () => unknown): string {
  try {
    parse();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return renderMessage((err as DomainError).text, translator('en'));
  }
  throw new Error('not refused');
}

describe('parseUserDate', () => {
  it.each([
    ['2025-11-03', '2025-11-03T08:00:00.000Z', false],
    ['2025-11-03 09:00', '2025-11-03T08:00:00.000Z', true],
    ['2025-11-03T14:30', '2025-11-03T13:30:00.000Z', true],
    ['3 Nov 2025', '2025-11-03T08:00:00.000Z', false],
    ['3 November 2025', '2025-11-03T08:00:00.000Z', false],
    ['Nov 3, 2025', '2025-11-03T08:00:00.000Z', false],
    ['November 3rd 2025 2:30 pm', '2025-11-03T13:30:00.000Z', true],
    ['3 de noviembre de 2025', '2025-11-03T08:00:00.000Z', false],
    ['30 sept 2025', '2025-09-30T07:00:00.000Z', false],
    ['25 septiembre 2025 10:15', '2025-09-25T08:15:00.000Z', true],
  ])('%s', (input, iso, timeKnown) => {
    const r = parseUserDate(input, Z);
    expect(r.instant.toISOString()).toBe(iso);
    expect(r.timeKnown).toBe(timeKnown);
  });

  it('reads dates in the given zone (09:00 local without a time)', () => {
    const r = parseUserDate('2025-11-03', 'America/Argentina/Buenos_Aires');
    expect(r.instant.toISOString()).toBe('2025-11-03T12:00:00.000Z');
    expect(r.isoDay).toBe('2025-11-03');
  });

  it('refuses slashed dates as ambiguous', () => {
    expect(refusal(() => parseUserDate('03/11/2025', Z))).toMatch(/ambiguous.*2025-11-03 or 3 Nov 2025/);
    expect(refusal(() => parseUserDate('3.11.2025', Z))).toMatch(/ambiguous/);
  });

  it('refuses impossible dates with the reason', () => {
    expect(refusal(() => parseUserDate('2025-02-30', Z))).toMatch(/February 2025 has 28 days/);
    expect(refusal(() => parseUserDate('31 Apr 2026', Z))).toMatch(/April 2026 has 30 days/);
    expect(refusal(() => parseUserDate('2025-13-01', Z))).toMatch(/no month 13/);
    expect(() => parseUserDate('2024-02-29', Z)).not.toThrow();
    expect(refusal(() => parseUserDate('2025-11-03 25:00', Z))).toMatch(/hour/);
    expect(refusal(() => parseUserDate('3 Nox 2025', Z))).toMatch(/not a month/);
    expect(() => parseUserDate('next week', Z)).toThrow(DomainError);
    expect(refusal(() => parseUserDate('3 Nov', Z))).toMatch(/include the year/);
  });

  it('handles the daylight-saving gap and overlap', () => {
    // 30 Mar 2025 02:30 does not exist in Zurich: moved forward to 03:30 CEST = 01:30Z.
    expect(parseUserDate('2025-03-30 02:30', Z).instant.toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(parseUserDate('2025-10-26 09:00', Z).instant.toISOString()).toBe('2025-10-26T08:00:00.000Z');
  });

  it('understands today/tomorrow with a clock', () => {
    const now = new Date('2025-09-01T23:30:00Z'); // 2 Sep 01:30 in Zurich
    expect(parseUserDate('today', Z, now).isoDay).toBe('2025-09-02');
    expect(parseUserDate('tomorrow 10:00', Z, now).instant.toISOString()).toBe('2025-09-03T08:00:00.000Z');
  });

  it('combines a separate time, refusing it twice', () => {
    expect(parseUserDateTime('3 Nov 2025', '10:00', Z).instant.toISOString()).toBe('2025-11-03T09:00:00.000Z');
    expect(refusal(() => parseUserDateTime('3 Nov 2025 10:00', '11:00', Z))).toMatch(/twice/);
  });

  it('parses times', () => {
    expect(parseTimeOfDay('9am')).toEqual({ hour: 9, minute: 0 });
    expect(parseTimeOfDay('12am')).toEqual({ hour: 0, minute: 0 });
    expect(parseTimeOfDay('14h30')).toEqual({ hour: 14, minute: 30 });
    expect(refusal(() => parseTimeOfDay('9'))).toMatch(/not a time/);
    expect(refusal(() => parseTimeOfDay('10:75'))).toMatch(/minutes/);
  });
});

describe('format', () => {
  it('renders Discord timestamps', () => {
    const d = new Date('2025-11-03T08:00:00Z');
    expect(discordTimestamp(d, 'F')).toBe('<t:1762156800:F>');
    expect(discordTimestamp(d, 'R')).toBe('<t:1762156800:R>');
    expect(discordTimestamp(d)).toBe('<t:1762156800:f>');
    expect(discordWhen(d, false)).toBe('<t:1762156800:D> (<t:1762156800:R>)');
    expect(shortDay(d, Z)).toBe('3 Nov 2025');
    expect(sessionMonths('2026-04/05')).toBe('Apr/May 2026');
  });
});

describe('parseLeadTimes', () => {
  it('parses and sorts', () => {
    expect(parseLeadTimes('1d, 8w,2w').map((l) => l.key)).toEqual(['8w', '2w', '1d']);
    expect(parseLeadTimes('2 weeks 1 day 0d').map((l) => l.key)).toEqual(['2w', '1d', '0d']);
    expect(parseLeadTimes('7d,1w').map((l) => l.key)).toEqual(['7d']);
  });
  it('refuses bad input', () => {
    expect(refusal(() => parseLeadTimes('8x'))).toMatch(/not a lead time/);
    expect(refusal(() => parseLeadTimes(''))).toMatch(/No lead times/);
    expect(refusal(() => parseLeadTimes('60w'))).toMatch(/too far/);
  });
});
