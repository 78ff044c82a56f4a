// The message catalogs: one folder per language, one file per namespace (the part of the bot the
// messages belong to), so that each part's messages sit together and two languages never mix in
// one file. Every namespace exists in every language; test/unit/i18n-catalogs.test.ts keeps
// their keys identical.
import enAudit from './catalog/en/audit.json' with { type: 'json' };
import enBackup from './catalog/en/backup.json' with { type: 'json' };
import enCommon from './catalog/en/common.json' with { type: 'json' };
import enData from './catalog/en/data.json' with { type: 'json' };
import enFollow from './catalog/en/follow.json' with { type: 'json' };
import enImages from './catalog/en/images.json' with { type: 'json' };
import enInput from './catalog/en/input.json' with { type: 'json' };
import enIntervention from './catalog/en/intervention.json' with { type: 'json' };
import enLetter from './catalog/en/letter.json' with { type: 'json' };
import enPosts from './catalog/en/posts.json' with { type: 'json' };
import enReminders from './catalog/en/reminders.json' with { type: 'json' };
import enSettings from './catalog/en/settings.json' with { type: 'json' };
import enUpr from './catalog/en/upr.json' with { type: 'json' };
import esAudit from './catalog/es/audit.json' with { type: 'json' };
import esBackup from './catalog/es/backup.json' with { type: 'json' };
import esCommon from './catalog/es/common.json' with { type: 'json' };
import esData from './catalog/es/data.json' with { type: 'json' };
import esFollow from './catalog/es/follow.json' with { type: 'json' };
import esImages from './catalog/es/images.json' with { type: 'json' };
import esInput from './catalog/es/input.json' with { type: 'json' };
import esIntervention from './catalog/es/intervention.json' with { type: 'json' };
import esLetter from './catalog/es/letter.json' with { type: 'json' };
import esPosts from './catalog/es/posts.json' with { type: 'json' };
import esReminders from './catalog/es/reminders.json' with { type: 'json' };
import esSettings from './catalog/es/settings.json' with { type: 'json' };
import esUpr from './catalog/es/upr.json' with { type: 'json' };
import type { Lang } from './languages';

export type Catalog = Record<string, unknown>;

export const CATALOGS: Record<Lang, Record<string, Catalog>> = {
  en: {
    audit: enAudit,
    backup: enBackup,
    common: enCommon,
    data: enData,
    follow: enFollow,
    images: enImages,
    input: enInput,
    intervention: enIntervention,
    letter: enLetter,
    posts: enPosts,
    reminders: enReminders,
    settings: enSettings,
    upr: enUpr,
  },
  es: {
    audit: esAudit,
    backup: esBackup,
    common: esCommon,
    data: esData,
    follow: esFollow,
    images: esImages,
    input: esInput,
    intervention: esIntervention,
    letter: esLetter,
    posts: esPosts,
    reminders: esReminders,
    settings: esSettings,
    upr: esUpr,
  },
};

export const NAMESPACES = Object.keys(CATALOGS.en);
