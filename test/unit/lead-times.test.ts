import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LETTER_LEADS,
  DEFAULT_REVIEW_LEADS,
  describeLead,
  dueInstant,
  formatLeadTimes,
  leadFromKey,
  leadTimesOrDefault,
  parseLeadTimes,
} from '../../src/dates/lead-times';
import { DomainError } from '../../src/domain-error';
import { renderMessage, translator } from '../../src/i18n';

const en = translator('en');

const keys = (text: string) => parseLeadTimes(text).map((l) => l.key);

describe('parseLeadTimes', () => {
  it('reads the defaults', () => {
    expect(keys(DEFAULT_REVIEW_LEADS)).toEqual(['8w', '2w', '1d']);
    expect(keys(DEFAULT_LETTER_LEADS)).toEqual(['1w', '1d', '0d']);
    expect(parseLeadTimes('8w')[0]).toEqual({ key: '8w', amount: 8, unit: 'w' });
  });

  it('accepts spaces, words and "on the day", sorted farthest first without duplicates', () => {
    expect(keys('1d, 8w ,2w')).toEqual(['8w', '2w', '1d']);
    expect(keys('8w 2w 1d')).toEqual(['8w', '2w', '1d']);
    expect(keys('2 weeks, 1 day and 12 hours')).toEqual(['2w', '1d', '12h']);
    expect(keys('1 week, on the day')).toEqual(['1w', '0d']);
    expect(keys('0w')).toEqual(['0d']);
    expect(keys('1w,7d,168h,1d,1d')).toEqual(['1w', '1d']);
    expect(keys('3 Days; 6H')).toEqual(['3d', '6h']);
  });

  it.each([
    ['', 'No lead times given'],
    ['   ,, ', 'No lead times given'],
    ['8', '"8" is not a lead time'],
    ['8x', '"8x" is not a lead time'],
    ['soon', '"soon" is not a lead time'],
    ['-1d', '"-1d" is not a lead time'],
    ['1.5w', '"1.5w" is not a lead time'],
    ['53w', '53 weeks is too far ahead'],
    ['365d', '365 days is too far ahead'],
    ['1h,2h,3h,4h,5h,6h,7h,8h,9h,10h,11h', '11 lead times are too many'],
  ])('refuses %j', (text, message) => {
    let error: unknown;
    try {
      parseLeadTimes(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('invalid');
    expect((error as DomainError).message).toMatch(/^input:leadTimes\./);
    const told = renderMessage((error as DomainError).text, en);
    expect(told).toContain(message);
    expect(told).toContain('Lead times look like 8w,2w,1d');
  });

  it('accepts the limits', () => {
    expect(keys('52w,364d')).toEqual(['52w']);
    expect(keys('1h,2h,3h,4h,5h,6h,7h,8h,9h,10h')).toHaveLength(10);
  });

  it('formats, describes and reads keys back', () => {
    expect(formatLeadTimes(parseLeadTimes('1d,8w,2w'))).toBe('8w,2w,1d');
    const described = (key: string) => renderMessage(describeLead(parseLeadTimes(key)[0]!), en);
    expect(described('8w')).toBe('8 weeks');
    expect(described('1d')).toBe('1 day');
    expect(described('0d')).toBe('on the day');
    expect(leadFromKey('8w#2')).toEqual({ key: '8w', amount: 8, unit: 'w' });
    expect(leadFromKey('2026-W14')).toBeUndefined();
  });

  it('falls back to the defaults for empty or broken stored values', () => {
    expect(formatLeadTimes(leadTimesOrDefault(null, DEFAULT_REVIEW_LEADS))).toBe('8w,2w,1d');
    expect(formatLeadTimes(leadTimesOrDefault('nonsense', DEFAULT_REVIEW_LEADS))).toBe('8w,2w,1d');
    expect(formatLeadTimes(leadTimesOrDefault('4w,3d', DEFAULT_REVIEW_LEADS))).toBe('4w,3d');
  });
});

describe('dueInstant', () => {
  const lead = (k: string) => parseLeadTimes(k)[0]!;
  const zurich = 'Europe/Zurich';

  it('keeps 09:00 across the spring change in Zurich (CEST event, CET reminder)', () => {
    const review = new Date('2026-04-02T07:00:00Z'); // 09:00 CEST
    expect(dueInstant(review, lead('8w'), zurich).toISOString()).toBe('2026-02-05T08:00:00.000Z'); // 09:00 CET
    expect(dueInstant(review, lead('2w'), zurich).toISOString()).toBe('2026-03-19T08:00:00.000Z'); // 09:00 CET
    expect(dueInstant(review, lead('1d'), zurich).toISOString()).toBe('2026-04-01T07:00:00.000Z'); // 09:00 CEST
  });

  it('keeps 09:00 across the autumn change in Zurich (CET event, CEST reminder)', () => {
    const review = new Date('2026-11-03T08:00:00Z'); // 09:00 CET
    expect(dueInstant(review, lead('8w'), zurich).toISOString()).toBe('2026-09-08T07:00:00.000Z'); // 09:00 CEST
    expect(dueInstant(review, lead('1w'), zurich).toISOString()).toBe('2026-10-27T08:00:00.000Z'); // 09:00 CET
    expect(dueInstant(review, lead('2w'), zurich).toISOString()).toBe('2026-10-20T07:00:00.000Z'); // 09:00 CEST
  });

  it('subtracts hours as exact time across a change', () => {
    const event = new Date('2026-03-29T08:00:00Z'); // 10:00 CEST, the day clocks went forward at 02:00
    expect(dueInstant(event, lead('12h'), zurich).toISOString()).toBe('2026-03-28T20:00:00.000Z'); // 21:00 CET
    expect(dueInstant(event, lead('1d'), zurich).toISOString()).toBe('2026-03-28T09:00:00.000Z'); // 10:00 CET (23 h earlier)
  });

  it('is plain arithmetic in Buenos Aires (no DST)', () => {
    const review = new Date('2026-04-02T12:00:00Z'); // 09:00 -03
    expect(dueInstant(review, lead('8w'), 'America/Argentina/Buenos_Aires').toISOString()).toBe('2026-02-05T12:00:00.000Z');
    expect(dueInstant(review, lead('1d'), 'America/Argentina/Buenos_Aires').toISOString()).toBe('2026-04-01T12:00:00.000Z');
  });

  it('on the day is the event instant', () => {
    const at = new Date('2026-05-05T07:00:00Z');
    expect(dueInstant(at, lead('0d'), zurich).getTime()).toBe(at.getTime());
  });
});
