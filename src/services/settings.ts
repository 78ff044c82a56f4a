// Per-server settings: reminder channel, time zone, coordinator and ping roles, lead times.
import { IANAZone } from 'luxon';
import { DomainError, msg } from '../domain-error';
import { DEFAULT_LETTER_LEAD_TIMES, DEFAULT_REVIEW_LEAD_TIMES, formatLeadTimes, parseLeadTimes } from '../dates/lead-times';
import { isoDayIn, atDayInZone } from '../dates/parse';
import { GENEVA, serverZone } from '../dates/zones';
import { isDiscordEventsProblem, type DiscordEventsProblem } from './discord-events-problem';
import { preferredLocaleOf, recordPreferredLocales } from '../guild-data/language';
import { isLang, postLanguage, type Lang } from '../i18n';
import { replanAfterCommit, reviewsChanged, type ServiceDeps } from './common';

export interface EffectiveSettings {
  guildId: string;
  reminderChannelId: string | null;
  /** The configured zone, or the bot's default. */
  timezone: string;
  timezoneIsDefault: boolean;
  coordinatorRoleId: string | null;
  pingRoleId: string | null;
  reviewLeadTimes: string;
  letterLeadTimes: string;
  reviewLeadTimesIsDefault: boolean;
  letterLeadTimesIsDefault: boolean;
  paused: boolean;
  /** Weekly digest: ISO weekday 1 (Monday) to 7 and hour 0-23 in the server's zone; null = off. */
  digestWeekday: number | null;
  digestHour: number | null;
  /** `/settings language`: the language of the server's posts; null = its preferred locale. */
  language: Lang | null;
  /** The preferred locale Discord last reported for the server (null: not seen yet). */
  preferredLocale: string | null;
  /** What posts are written in: `language`, else the preferred locale's. */
  postLanguage: Lang;
  /** Reviews mirrored as Discord scheduled events, and why they are out of date when they are. */
  discordEvents: { on: boolean; problem: DiscordEventsProblem | null; since: Date | null };
}

let zoneList: string[] | undefined;
/** Every IANA zone this runtime knows. */
export function allTimezones(): string[] {
  if (!zoneList) {
    const list = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
    // Names people use that ICU lists only under their canonical alias.
    for (const z of ['America/Argentina/Buenos_Aires', 'America/Argentina/Cordoba', 'Europe/Kyiv', 'Asia/Kolkata', 'Asia/Ho_Chi_Minh', 'Asia/Yangon']) {
      if (IANAZone.isValidZone(z)) list.add(z);
    }
    zoneList = [...list];
  }
  return zoneList;
}

const zoneKey = (z: string) => z.toLowerCase().replace(/[\s_-]+/g, '');

/** Zones matching typed text ("buenos aires", "zurich", "Europe/Vil"), best first. */
export function searchTimezones(text: string, limit = 25): string[] {
  const q = zoneKey(text.trim());
  if (!q) return [GENEVA, 'America/Argentina/Buenos_Aires', 'Europe/Vilnius', 'America/New_York', 'UTC'].slice(0, limit);
  const scored: { z: string; rank: number }[] = [];
  for (const z of allTimezones()) {
    const k = zoneKey(z);
    const city = zoneKey(z.split('/').pop() ?? z);
    const rank = k === q || city === q ? 0 : city.startsWith(q) ? 1 : k.startsWith(q) ? 2 : k.includes(q) ? 3 : Infinity;
    if (rank < Infinity) scored.push({ z, rank });
  }
  return scored.sort((a, b) => a.rank - b.rank || a.z.localeCompare(b.z)).slice(0, limit).map((s) => s.z);
}

/** A valid IANA zone in its canonical spelling, from "Europe/Zurich", "europe/zurich" or "Zurich". */
export function normaliseTimezone(input: string): string {
  const t = input.trim();
  if (t && IANAZone.isValidZone(t)) {
    const exact = allTimezones().find((z) => z.toLowerCase() === t.toLowerCase());
    if (exact) return exact;
    // ICU spells the zone its canonical way ("etc/gmt-14" -> "Etc/GMT-14").
    return new Intl.DateTimeFormat('en', { timeZone: t }).resolvedOptions().timeZone;
  }
  const hits = searchTimezones(t, 5);
  const city = hits.filter((z) => zoneKey(z.split('/').pop() ?? z) === zoneKey(t));
  if (city.length === 1) return city[0]!;
  throw new DomainError('invalid', hits.length ? msg('common:timezone.unknownSuggest', { typed: t, zones: hits }) : msg('common:timezone.unknown', { typed: t }), hits);
}

export class SettingsService {
  constructor(private readonly deps: ServiceDeps) {}

  async get(guildId: string): Promise<EffectiveSettings> {
    // One after the other: inside a change both run in its transaction.
    const row = await this.deps.db.guildSettings.findUnique({ where: { guildId } });
    const preferredLocale = await preferredLocaleOf(this.deps.db, guildId);
    const events = await this.deps.db.discordEventsSync.findUnique({ where: { guildId } });
    const stored = row?.language;
    const language = isLang(stored) ? stored : null;
    return {
      guildId,
      reminderChannelId: row?.reminderChannelId ?? null,
      timezone: serverZone(row?.timezone, this.deps.config.defaultTimezone),
      timezoneIsDefault: serverZone(row?.timezone, '') === '',
      coordinatorRoleId: row?.coordinatorRoleId ?? null,
      pingRoleId: row?.pingRoleId ?? null,
      reviewLeadTimes: row?.reviewLeadTimes ?? DEFAULT_REVIEW_LEAD_TIMES,
      letterLeadTimes: row?.letterLeadTimes ?? DEFAULT_LETTER_LEAD_TIMES,
      reviewLeadTimesIsDefault: !row?.reviewLeadTimes,
      letterLeadTimesIsDefault: !row?.letterLeadTimes,
      paused: row?.paused ?? false,
      digestWeekday: row?.digestWeekday ?? null,
      digestHour: row?.digestHour ?? null,
      language,
      preferredLocale,
      postLanguage: postLanguage(language, preferredLocale),
      discordEvents: {
        on: events !== null,
        problem: isDiscordEventsProblem(events?.problem) ? events.problem : null,
        since: events?.problemSince ?? null,
      },
    };
  }

  /** The zone typed dates are read in. */
  async timezone(guildId: string): Promise<string> {
    const row = await this.deps.db.guildSettings.findUnique({ where: { guildId }, select: { timezone: true } });
    return serverZone(row?.timezone, this.deps.config.defaultTimezone);
  }

  private upsert(guildId: string, data: Record<string, unknown>) {
    return this.deps.db.guildSettings.upsert({ where: { guildId }, create: { guildId, ...data }, update: data });
  }

  async setChannel(guildId: string, channelId: string | null): Promise<EffectiveSettings> {
    if (channelId !== null && !/^\d{17,20}$/.test(channelId)) throw new DomainError('invalid', msg('common:settings.notAChannel'));
    await this.upsert(guildId, { reminderChannelId: channelId });
    await replanAfterCommit(this.deps, 'settings.channel', (r) => r.replanGuild(guildId));
    return this.get(guildId);
  }

  /**
   * Sets the zone. Reviews and letters whose time was not given (09:00 in the old zone) move to
   * 09:00 of the same day in the new zone.
   */
  async setTimezone(guildId: string, input: string): Promise<EffectiveSettings> {
    const zone = normaliseTimezone(input);
    const old = await this.timezone(guildId);
    await this.deps.db.$transaction(async (tx) => {
      await tx.guildSettings.upsert({ where: { guildId }, create: { guildId, timezone: zone }, update: { timezone: zone } });
      if (old === zone) return;
      const reviews = await tx.review.findMany({ where: { guildId, reviewTimeKnown: false, reviewAt: { not: null } }, select: { id: true, reviewAt: true } });
      for (const r of reviews) {
        await tx.review.update({ where: { id: r.id }, data: { reviewAt: atDayInZone(isoDayIn(r.reviewAt!, old), zone) } });
      }
      const letters = await tx.letter.findMany({ where: { guildId, deadlineTimeKnown: false }, select: { id: true, deadlineAt: true } });
      for (const l of letters) {
        await tx.letter.update({ where: { id: l.id }, data: { deadlineAt: atDayInZone(isoDayIn(l.deadlineAt, old), zone) } });
      }
    }, { timeout: 30_000 });
    await replanAfterCommit(this.deps, 'settings.timezone', (r) => r.replanGuild(guildId));
    return this.get(guildId);
  }

  async setCoordinatorRole(guildId: string, roleId: string | null): Promise<EffectiveSettings> {
    await this.upsert(guildId, { coordinatorRoleId: roleId });
    return this.get(guildId);
  }

  async setPingRole(guildId: string, roleId: string | null): Promise<EffectiveSettings> {
    await this.upsert(guildId, { pingRoleId: roleId });
    return this.get(guildId);
  }

  /** `text` "default" / "predeterminado" (or empty) restores the defaults. */
  async setLeadTimes(guildId: string, kind: 'review' | 'letter', text: string | null): Promise<EffectiveSettings> {
    const reset = !text || /^\s*(default|defaults|reset|predeterminad[oa]s?|por defecto|restablecer)\s*$/i.test(text);
    const value = reset ? null : formatLeadTimes(parseLeadTimes(text));
    await this.upsert(guildId, kind === 'review' ? { reviewLeadTimes: value } : { letterLeadTimes: value });
    await replanAfterCommit(this.deps, 'settings.lead-times', (r) => r.replanGuild(guildId));
    return this.get(guildId);
  }

  /** Turns the weekly digest on (ISO weekday 1-7, hour 0-23 in the server's zone) or off (null). */
  async setDigest(guildId: string, weekday: number | null, hour: number | null): Promise<EffectiveSettings> {
    if (weekday !== null && (!Number.isInteger(weekday) || weekday < 1 || weekday > 7)) {
      throw new DomainError('invalid', msg('common:settings.digestDay', { weekday }));
    }
    if (weekday !== null && (hour === null || !Number.isInteger(hour) || hour < 0 || hour > 23)) {
      throw new DomainError('invalid', hour === null ? msg('common:settings.digestHourMissing') : msg('common:settings.digestHour', { hour }));
    }
    await this.upsert(guildId, { digestWeekday: weekday, digestHour: weekday === null ? null : hour });
    await replanAfterCommit(this.deps, 'settings.digest', (r) => r.replanGuild(guildId));
    return this.get(guildId);
  }

  /**
   * The language of the server's posts (null: its preferred locale). Reminders and the digest are
   * written when posted, so they follow at once; the server's Discord events are rewritten.
   */
  async setLanguage(guildId: string, language: Lang | null): Promise<EffectiveSettings> {
    await this.upsert(guildId, { language });
    reviewsChanged(this.deps, guildId);
    return this.get(guildId);
  }

  /** Records the preferred locales Discord reports (servers seen, interactions); not a change anyone made. */
  async recordPreferredLocales(reported: ReadonlyMap<string, string>): Promise<number> {
    return recordPreferredLocales(this.deps.db, reported);
  }
}
