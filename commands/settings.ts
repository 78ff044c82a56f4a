// /settings — where reminders go, the server's time zone, roles and lead times.
import { searchTimezones } from '../src/services/settings';
import type { EffectiveSettings } from '../src/services/settings';
import { command, opt, sub, type Reply } from '../src/discord/framework';
import { COLOR } from '../src/discord/views';
import { discordTimestamp } from '../src/dates/format';
import { DomainError, msg } from '../src/domain-error';
import { postLanguage, translator, type Lang, type T } from '../src/i18n';
import { pingNotifies, pingRoleFix, roleUseRefusal } from '../src/discord/roles';
import { deleteDataComponent, deleteDataSubcommand } from './delete-data';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
// Each language by its own name, as language pickers show them.
const LANGUAGE_NAMES: Record<Lang, string> = { en: translator('en')('posts:language.en'), es: translator('es')('posts:language.es') };

/** The settings as the reader reads them; `title` names what was just set (a catalog key under settings:title). */
function show(t: T, s: EffectiveSettings, now: Date, title = 'show'): Reply {
  const withDefault = (value: string, isDefault: boolean) => (isDefault ? t('settings:show.default', { value }) : value);
  const lines = [
    t('settings:show.channel', { value: s.reminderChannelId ? `<#${s.reminderChannelId}>` : t('settings:show.channelNotSet') }),
    t(s.timezoneIsDefault ? 'settings:show.timezoneDefault' : 'settings:show.timezone', { zone: s.timezone, now: discordTimestamp(now, 't') }),
    t('settings:show.coordinator', { value: s.coordinatorRoleId ? `<@&${s.coordinatorRoleId}>` : t('settings:show.coordinatorNone') }),
    t('settings:show.ping', { value: s.pingRoleId ? `<@&${s.pingRoleId}>` : t('settings:show.pingNone') }),
    t('settings:show.leadTimes', { reviews: withDefault(s.reviewLeadTimes, s.reviewLeadTimesIsDefault), letters: withDefault(s.letterLeadTimes, s.letterLeadTimesIsDefault) }),
    t('settings:show.reminders', { value: t(s.paused ? 'settings:show.paused' : 'settings:show.active') }),
    t('settings:show.digest', {
      value:
        s.digestWeekday && s.digestHour !== null
          ? t('settings:show.digestOn', { day: t(`settings:weekdays.${s.digestWeekday}`), hour: String(s.digestHour).padStart(2, '0'), zone: s.timezone })
          : t('settings:show.digestOff'),
    }),
    t(s.language ? 'settings:show.language' : s.preferredLocale ? 'settings:show.languageAuto' : 'settings:show.languageAutoUnknown', { language: LANGUAGE_NAMES[s.postLanguage], locale: s.preferredLocale }),
    t('settings:show.events', { value: t(s.discordEvents.on ? 'settings:show.eventsOn' : 'settings:show.eventsOff') }),
  ];
  const { problem, since } = s.discordEvents;
  if (s.discordEvents.on && problem && since) {
    lines.push(t(problem === 'forbidden' ? 'settings:show.eventsForbidden' : 'settings:show.eventsFailing', { since: discordTimestamp(since, 'f') }));
  }
  return { embeds: [{ title: t(`settings:title.${title}`), description: lines.join('\n'), color: COLOR }] };
}

export default command({
  name: 'settings',
  description: 'Reminder channel, time zone, roles and lead times for this server',
  subcommands: {
    channel: sub({
      description: 'The channel reminders are posted in',
      access: 'change',
      options: { channel: opt.channel('Channel for reminders') },
      async run(ctx, o) {
        return show(ctx.t, await ctx.services.settings.setChannel(ctx.guildId, o.channel), ctx.clock.now(), 'channel');
      },
    }),
    timezone: sub({
      description: 'The time zone typed dates are read in',
      access: 'change',
      options: {
        zone: opt.string('IANA time zone, e.g. Europe/Zurich or America/Argentina/Buenos_Aires', { max: 64, autocomplete: async (_ctx, typed) => searchTimezones(typed).map((z) => ({ name: z, value: z })) }),
      },
      async run(ctx, o) {
        return show(ctx.t, await ctx.services.settings.setTimezone(ctx.guildId, o.zone), ctx.clock.now(), 'timezone');
      },
    }),
    'coordinator-role': sub({
      description: 'Members with this role may change reviews, letters and settings',
      access: 'admin',
      options: { role: opt.role('Coordinator role (leave out to remove it)').optional() },
      async run(ctx, o) {
        const refusal = o.role ? roleUseRefusal(o.role, 'coordinator') : null;
        if (refusal) throw new DomainError('invalid', refusal);
        return show(ctx.t, await ctx.services.settings.setCoordinatorRole(ctx.guildId, o.role?.id ?? null), ctx.clock.now(), o.role ? 'coordinator' : 'coordinatorRemoved');
      },
    }),
    'ping-role': sub({
      description: 'The role reminders mention (the only mention the bot ever makes)',
      access: 'change',
      options: { role: opt.role('Role to ping (leave out for none)').optional() },
      async run(ctx, o) {
        if (o.role) {
          const refusal = roleUseRefusal(o.role, 'ping');
          if (refusal) throw new DomainError('invalid', refusal);
          const channelId = (await ctx.services.settings.get(ctx.guildId)).reminderChannelId;
          if (!pingNotifies(o.role, ctx.guild.botCanMentionEveryone(channelId))) throw new DomainError('invalid', pingRoleFix(o.role, channelId));
        }
        return show(ctx.t, await ctx.services.settings.setPingRole(ctx.guildId, o.role?.id ?? null), ctx.clock.now(), o.role ? 'ping' : 'pingRemoved');
      },
    }),
    'lead-times': sub({
      description: 'How long before reviews or letter deadlines reminders are posted',
      access: 'change',
      options: {
        for: opt.string<'review' | 'letter'>('Reviews or letters', { choices: [{ name: 'reviews', value: 'review' }, { name: 'letters', value: 'letter' }] }),
        times: opt.string('e.g. 8w,2w,1d (w weeks, d days, h hours, 0d on the day), or "default"', { max: 100 }),
      },
      async run(ctx, o) {
        return show(ctx.t, await ctx.services.settings.setLeadTimes(ctx.guildId, o.for, o.times), ctx.clock.now(), 'leadTimes');
      },
    }),
    digest: sub({
      description: 'A weekly post: reviews and deadlines of the next two weeks, overdue letters',
      access: 'change',
      options: {
        day: opt.integer('Day of the week (leave out to turn the digest off)', { choices: WEEKDAYS.map((name, i) => ({ name, value: i + 1 })) }).optional(),
        hour: opt.integer("Hour, 0-23, in the server's time zone (default 9)", { min: 0, max: 23 }).optional(),
      },
      async run(ctx, o) {
        const day = o.day ?? null;
        if (day === null && o.hour !== undefined) throw new DomainError('invalid', msg('settings:error.hourWithoutDay'));
        const s = await ctx.services.settings.setDigest(ctx.guildId, day, day === null ? null : (o.hour ?? 9));
        return show(ctx.t, s, ctx.clock.now(), day === null ? 'digestOff' : 'digest');
      },
    }),
    'calendar-feed': sub({
      description: 'A private calendar address (iCalendar feed) of this server\'s reviews and deadlines',
      access: 'admin',
      options: {
        action: opt.string<'on' | 'off' | 'rotate'>('Turn on, off, or replace the address (the old one stops working)', {
          choices: [{ name: 'on', value: 'on' }, { name: 'off', value: 'off' }, { name: 'rotate', value: 'rotate' }],
        }),
      },
      async run(ctx, o) {
        if (o.action === 'off') {
          const was = await ctx.services.calendarFeed.disable(ctx.guildId);
          return { content: ctx.t(was ? 'settings:feed.off' : 'settings:feed.alreadyOff'), ephemeral: true };
        }
        const feed = o.action === 'on' ? await ctx.services.calendarFeed.enable(ctx.guildId) : await ctx.services.calendarFeed.rotate(ctx.guildId);
        return {
          content: [
            ctx.t(o.action === 'on' ? 'settings:feed.on' : 'settings:feed.rotated'),
            `<${feed.url}>`,
            ctx.t('settings:feed.private'),
          ].join('\n'),
          ownLinks: [feed.url],
          ephemeral: true,
        };
      },
    }),
    'discord-events': sub({
      description: "Show upcoming reviews in the server's Events (Discord scheduled events)",
      access: 'admin',
      defer: 'private',
      options: {
        action: opt.string<'on' | 'off'>('Turn on or off', { choices: [{ name: 'on', value: 'on' }, { name: 'off', value: 'off' }] }),
      },
      async run(ctx, o) {
        const events = ctx.services.discordEvents;
        if (!events) throw new DomainError('invalid', msg('settings:events.unavailable'));
        if (o.action === 'off') {
          const r = await events.disable(ctx.guildId);
          return { content: r.wasOn ? ctx.t('settings:events.off', { count: r.deleted }) : ctx.t('settings:events.alreadyOff'), ephemeral: true };
        }
        const r = await events.enable(ctx.guildId);
        return {
          content: ctx.t('settings:events.on', { created: r.created, updated: r.updated, unchanged: r.unchanged }),
          ephemeral: true,
        };
      },
    }),
    language: sub({
      description: 'The language of reminders, the digest, events and the calendar feed in this server',
      access: 'change',
      options: {
        language: opt.string<Lang | 'auto'>("Español, English, or the server's preferred locale (Server Settings)", {
          choices: [
            { name: 'Español', value: 'es' },
            { name: 'English', value: 'en' },
            { name: "The server's preferred locale", value: 'auto' },
          ],
        }),
      },
      async run(ctx, o) {
        const s = await ctx.services.settings.setLanguage(ctx.guildId, o.language === 'auto' ? null : o.language);
        // Before Discord's report of the locale is recorded, the interaction's own says the same.
        const locale = s.preferredLocale ?? ctx.guildLocale;
        const language = LANGUAGE_NAMES[postLanguage(s.language, locale)];
        return {
          content: s.language
            ? ctx.t('posts:language.set', { language })
            : locale
              ? ctx.t('posts:language.auto', { language, locale })
              : ctx.t('posts:language.autoUnknown', { language }),
        };
      },
    }),
    show: sub({
      description: "This server's settings",
      access: 'read',
      options: {},
      async run(ctx) {
        return { ...show(ctx.t, await ctx.services.settings.get(ctx.guildId), ctx.clock.now()), ephemeral: true };
      },
    }),
    'delete-data': deleteDataSubcommand,
  },
  components: { 'delete-data': deleteDataComponent },
});
