// Buttons and menus whose state lives in their custom id ("command:action:arg:..."), so they
// keep working after a restart. Custom ids are at most 100 characters.
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord.js';
import type { T } from '../i18n';
import { DISCORD_LIMITS, truncate } from './limits';

export type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

export function customId(...parts: Array<string | number>): string {
  const id = parts.map(String).join(':');
  if (id.length > DISCORD_LIMITS.customId) throw new Error(`custom id too long: ${id}`);
  return id;
}

export const parseCustomId = (id: string): string[] => id.split(':');

/** Previous / next buttons for a paged list, labelled for the reader; null when everything fits on one page. */
export function pageButtons(command: string, action: string, page: number, pageCount: number, key: string, t: T): Row | null {
  if (pageCount <= 1) return null;
  return {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: customId(command, action, page - 1, key), label: t('common:page.previous'), disabled: page <= 1 },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: customId(command, action, page + 1, key), label: t('common:page.next'), disabled: page >= pageCount },
    ],
  };
}

/** A select menu (at most 25 options). */
export function selectMenu(command: string, action: string, placeholder: string, options: Array<{ label: string; value: string; description?: string }>): Row | null {
  if (!options.length) return null;
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: customId(command, action),
        placeholder: truncate(placeholder, DISCORD_LIMITS.selectPlaceholder),
        options: options.slice(0, 25).map((o) => ({ label: truncate(o.label, DISCORD_LIMITS.selectOptionLabel), value: o.value.slice(0, 100), ...(o.description ? { description: truncate(o.description, 100) } : {}) })),
      },
    ],
  };
}

/** Filters packed into a custom id: values joined by "." with "~" for empty. */
export function packKey(values: Array<string | number | null | undefined>): string {
  return values.map((v) => (v === null || v === undefined || v === '' ? '~' : String(v).replace(/[.:~]/g, ''))).join('.');
}

export function unpackKey(key: string): Array<string | undefined> {
  return key.split('.').map((v) => (v === '~' || v === '' ? undefined : v));
}
