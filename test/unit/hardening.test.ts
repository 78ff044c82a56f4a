// The pure rules behind the bot's hardening: user text hygiene and display, role use, silent
// pings, and dates that cannot be right.
import { describe, expect, it } from 'vitest';
import { roleUseRefusal, pingNotifies } from '../../src/discord/roles';
import { withoutSilentPings } from '../../src/discord/ping-guard';
import { NEXT_STEPS, withNextStep } from '../../src/discord/next-steps';
import { isDomainError, type Message } from '../../src/domain-error';
import { renderMessage, translator } from '../../src/i18n';
import { checkLetterDay, checkReviewDay, checkSubmissionDeadline, expectedSessionYear } from '../../src/services/date-sense';
import { text } from '../../src/services/common';
import { hasLineBreak, stripInvisible } from '../../src/text/clean';
import { shownBlock, shownInline, withoutLinks } from '../../src/text/user-text';
import { normaliseTimezone } from '../../src/services/settings';
import { inEnglish } from '../helpers/in-english';

const en = translator('en');
/** What a refusal says to an English reader. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isDomainError(err)) return renderMessage(err.text, en);
    throw err;
  }
  throw new Error('not refused');
}
const warning = (w: Message | null): string | null => (w ? renderMessage(w, en) : null);

describe('user text', () => {
  it('loses bidirectional controls and zero-width characters, keeps joiners inside words and emoji', () => {
    expect(stripInvisible('a\u202Egpj.exe\u200B\uFEFF\u2066x\u2069')).toBe('agpj.exex');
    expect(stripInvisible('می\u200Cخواهم')).toBe('می\u200Cخواهم');
    expect(stripInvisible('👨\u200D👩\u200D👧')).toBe('👨\u200D👩\u200D👧');
    expect(stripInvisible('\u200Dword\u200C ')).toBe('word ');
    expect(hasLineBreak('a\u2028b')).toBe(true);
  });

  it('is refused with a line break in a one-line field, and stored clean', () => {
    expect(refusal(() => text('Permanent Mission\nof Argentina', 'recipient', 200, { oneLine: true }))).toContain('The recipient must be on one line: it contains a line break.');
    expect(text(' Mission\u202E ', 'recipient', 200, { oneLine: true })).toBe('Mission');
    expect(text('line 1\nline 2', 'notes', 1000)).toBe('line 1\nline 2');
  });

  it('shows as typed: markdown escaped, links and mentions inert', () => {
    expect(shownInline('[click](http://evil.example)')).toBe('\\[click\\](http:\\/\\/evil.example)');
    expect(shownBlock('# Heading\n> quote\n- item\n-# small')).toBe('\\# Heading\n\\> quote\n\\- item\n\\-# small');
    expect(shownInline('**a**\n__b__ <@123> @everyone')).toBe('\\*\\*a\\*\\* \\_\\_b\\_\\_ \\<@123> @\u200beveryone');
  });

  it('keeps the bot\'s own wording in a quoted error while unlinking what it quotes', () => {
    expect(withoutLinks('"[x](https://e.example)" is not a date. Use **2025-11-03**.')).toBe('"\\[x\\](https:\\/\\/e.example)" is not a date. Use **2025-11-03**.');
    expect(withoutLinks('Reminders in <#123>, <t:1:R>')).toBe('Reminders in <#123>, <t:1:R>');
  });

  it('leaves the addresses the bot wrote itself clickable, and only those', () => {
    const own = 'http://127.0.0.1:8080/calendar/abc_DEF-123.ics';
    const text = `Subscribe: <${own}> (not https://evil.example/${own.slice(7)})`;
    expect(withoutLinks(text, [own])).toBe(`Subscribe: <${own}> (not https:\\/\\/evil.example/127.0.0.1:8080/calendar/abc_DEF-123.ics)`);
    expect(withoutLinks(text)).not.toContain(own);
  });
});

describe('roles', () => {
  const role = { id: '2', name: 'coordinator', everyone: false, managed: false, mentionable: false };
  it('refuses @everyone and managed roles for either use', () => {
    const refusal = (r: typeof role, use: 'coordinator' | 'ping') => {
      const m = roleUseRefusal(r, use);
      return m && inEnglish(m);
    };
    expect(refusal({ ...role, id: '1', name: '@everyone', everyone: true }, 'coordinator')).toMatch(/cannot be the coordinator role: every member has it/);
    expect(refusal({ ...role, id: '1', name: '@everyone', everyone: true }, 'ping')).toMatch(/cannot be the ping role/);
    expect(refusal({ ...role, name: 'UPR **Bot**', managed: true }, 'ping')).toBe('**UPR \\*\\*Bot\\*\\*** is managed by a bot or an integration: it cannot be given to people by hand. Pick a role you give to your members who follow reviews.');
    expect(roleUseRefusal(role, 'coordinator')).toBeNull();
  });
  it('knows a mention notifies when the role is mentionable or the bot has Mention Everyone', () => {
    expect(pingNotifies(role, false)).toBe(false);
    expect(pingNotifies({ mentionable: true }, false)).toBe(true);
    expect(pingNotifies(role, true)).toBe(true);
  });
  it('drops a mention that would notify nobody from a post', () => {
    const msg = { content: '<@&77>\n📅 **Review of Belarus**', allowedMentions: { parse: [] as [], roles: ['77'] }, nonce: 'n' };
    expect(withoutSilentPings(msg, () => false)).toEqual({ content: '📅 **Review of Belarus**', allowedMentions: { parse: [], roles: [] }, nonce: 'n' });
    expect(withoutSilentPings(msg, () => true)).toBe(msg);
  });
});

describe('next steps', () => {
  it('are worded for every step the services name', () => {
    expect(withNextStep('No review of Chile in this server.', 'add-review', en)).toBe('No review of Chile in this server. Add it with /upr add or /upr import.');
    for (const lang of ['en', 'es'] as const) {
      for (const step of NEXT_STEPS) expect(translator(lang)(`common:next.${step}`)).toMatch(/^[A-ZÁÉÍÓÚ].*\.$/);
    }
  });
});

describe('dates that cannot be right', () => {
  it('refuses a review far from its session, warns near it, accepts inside it', () => {
    expect(checkReviewDay(50, '2025-11-05')).toBeNull();
    expect(warning(checkReviewDay(50, '2025-11-20'))).toMatch(/outside WG session 50's dates \(3 Nov 2025 – 14 Nov 2025\); stored as given/);
    expect(refusal(() => checkReviewDay(54, '1990-01-01'))).toMatch(/^WG session 54 meets 1 Jan 2027 – 28 Feb 2027, projected; 1 Jan 1990 is \d+ days outside it/);
    expect(refusal(() => checkReviewDay(99, '2027-01-20'))).toContain('WG session 99 meets around 2042, not on 20 Jan 2027.');
    expect(warning(checkReviewDay(36, '2020-11-03'))).toMatch(/not in the bot's calendar/);
    expect(Math.floor(expectedSessionYear(54))).toBe(2027);
  });
  it('refuses a submission deadline after the review; letters years before it; warns after it', () => {
    const review = new Date('2027-01-20T09:00:00Z');
    expect(refusal(() => checkSubmissionDeadline(new Date('2027-02-01T11:00:00Z'), review, '2027-02-01'))).toMatch(/is not before the review/);
    expect(refusal(() => checkLetterDay('sent', new Date('1995-03-01T09:00:00Z'), review))).toContain("The letter's sent day 1 Mar 1995 is 31 years before the review it is about (20 Jan 2027).");
    expect(warning(checkLetterDay('deadline', new Date('2027-02-01T09:00:00Z'), review))).toMatch(/after the review/);
    expect(checkLetterDay('deadline', new Date('2026-12-01T09:00:00Z'), review)).toBeNull();
  });
  it('spells time zones the canonical way', () => {
    expect(normaliseTimezone('etc/gmt-14')).toBe('Etc/GMT-14');
    expect(normaliseTimezone('europe/zurich')).toBe('Europe/Zurich');
    expect(normaliseTimezone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
  });
});
