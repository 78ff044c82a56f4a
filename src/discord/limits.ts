// Discord's size limits for what the bot sends, and the one place replies are cut to them.
import type { APIEmbed } from 'discord.js';
import type { Choice, Reply } from './framework';

export const DISCORD_LIMITS = {
  content: 2000,
  embedDescription: 4096,
  embedTitle: 256,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  embeds: 10,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  customId: 100,
  components: 5,
  selectOptionLabel: 100,
  selectPlaceholder: 150,
} as const;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function embedSize(e: APIEmbed): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

/** Cuts a reply down to what Discord accepts. */
export function fitReply(reply: Reply): Reply {
  const L = DISCORD_LIMITS;
  const out: Reply = { ...reply };
  if (out.content !== undefined) out.content = truncate(out.content, L.content);
  if (out.embeds) {
    let budget = L.embedTotal;
    out.embeds = out.embeds.slice(0, L.embeds).map((e) => {
      const f: APIEmbed = { ...e };
      if (f.title) f.title = truncate(f.title, L.embedTitle);
      if (f.footer) f.footer = { ...f.footer, text: truncate(f.footer.text, L.footer) };
      if (f.fields) f.fields = f.fields.slice(0, L.embedFields).map((x) => ({ ...x, name: truncate(x.name || '\u200b', L.fieldName), value: truncate(x.value || '—', L.fieldValue) }));
      if (f.description) f.description = truncate(f.description, L.embedDescription);
      const over = embedSize(f) - budget;
      if (over > 0 && f.description) f.description = truncate(f.description, Math.max(1, f.description.length - over - 1));
      while (embedSize(f) > budget && f.fields?.length) f.fields = f.fields.slice(0, -1);
      budget -= embedSize(f);
      return f;
    });
  }
  if (out.components) out.components = out.components.slice(0, L.components);
  return out;
}

/** Autocomplete choices within Discord's limits. */
export function fitChoices(choices: Choice[]): Choice[] {
  const L = DISCORD_LIMITS;
  return choices.slice(0, L.choices).map((c) => ({ name: truncate(c.name, L.choiceName), value: typeof c.value === 'string' ? c.value.slice(0, L.choiceValue) : c.value }));
}
