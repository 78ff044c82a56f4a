// /intervention — who took the floor in a review and what they recommended; CSV import/export;
// the outcome for the states this server wrote to.
import { discordTimestamp } from '../src/dates/format';
import { RESPONSES, type ImportResult, type Response } from '../src/services/interventions';
import { MAX_IMPORT_BYTES } from '../src/services/recommendations/read-table';
import { skippedLabel } from '../src/services/recommendations/importer';
import { reviewLabel } from '../src/services/reviews';
import { stateName } from '../src/states';
import { DomainError } from '../src/domain-error';
import { command, opt, sub, type AutocompleteHandler, type Reply } from '../src/discord/framework';
import { truncate } from '../src/discord/limits';
import { shownInline } from '../src/text/user-text';
import { review, state } from '../src/discord/options';
import { COLOR, names } from '../src/discord/views';
import { outcomeReply, summaryReply } from '../src/images/reply-images';

const themeAutocomplete: AutocompleteHandler = async (ctx, typed) => {
  const ref = typeof ctx.options.review === 'string' ? ctx.options.review : '';
  const id = /^#(\d+)$/.exec(ref);
  const themes = await ctx.services.interventions.themes(ctx.guildId, typed, id ? Number(id[1]) : undefined);
  return themes.map((t) => ({ name: t, value: t }));
};

function importReply(fileName: string, r: ImportResult, zone: string): Reply {
  const lines = [`Read **${fileName}** (${r.format}): ${r.rows} row(s).`];
  for (const x of r.reviews) {
    lines.push(`• ${reviewLabel(x.review, zone)}: ${x.rows} row(s); **${x.created}** recommendation(s) created, ${x.updated} updated, ${x.unchanged} unchanged; ${x.interventionsAdded} intervention(s) added.`);
  }
  if (!r.reviews.length) lines.push('Nothing was imported: no row belongs to a review this server tracks.');
  const untracked = r.skipped.filter((s) => !s.tracked);
  const other = r.skipped.filter((s) => s.tracked);
  if (other.length) lines.push(`Skipped ${other.reduce((n, s) => n + s.rows, 0)} row(s) of other reviews this server tracks (${other.slice(0, 5).map(skippedLabel).join('; ')}${other.length > 5 ? '; …' : ''}): import without a review to fill them too.`);
  if (untracked.length) {
    const shown = untracked.slice(0, 8).map((s) => `${skippedLabel(s)} (${s.rows})`);
    lines.push(`Skipped ${untracked.reduce((n, s) => n + s.rows, 0)} row(s) of reviews this server does not track: ${shown.join('; ')}${untracked.length > 8 ? `; and ${untracked.length - 8} more` : ''}. Add them with \`/upr import session:N\` or \`/upr add\`, then import the file again.`);
  }
  lines.push(`**${r.rejected.length}** row(s) rejected.`);
  const content = truncate(lines.join('\n'), 2000);
  if (!r.rejected.length) return { content };
  const shown = r.rejected.slice(0, 40).map((x) => `• line ${x.line}: ${truncate(x.reason, 200)}`);
  if (r.rejected.length > 40) shown.push(`… and ${r.rejected.length - 40} more`);
  return { content, embeds: [{ title: 'Rejected rows (not imported)', description: truncate(shown.join('\n'), 4096), color: 0xc0392b }] };
}

const yesNo = (b: boolean | null, yes: string, no: string, unknown = '—'): string => (b === null ? unknown : b ? `✅ ${yes}` : `❌ ${no}`);

export default command({
  name: 'intervention',
  description: 'Interventions and recommendations in reviews',
  subcommands: {
    add: sub({
      description: 'Record that a state took the floor (and what it recommended)',
      access: 'change',
      options: {
        review: review(),
        state: state('State that took the floor'),
        recommendation: opt.string('Recommendation text', { max: 2000 }).optional(),
        themes: opt.string('Themes, comma-separated (e.g. political prisoners)', { max: 500, autocomplete: themeAutocomplete }).optional(),
        response: opt.string<Response>("The reviewed state's response", { choices: RESPONSES.map((r) => ({ name: r, value: r })) }).optional(),
        paragraph: opt.string('Paragraph in the WG report, e.g. 119.10', { max: 20 }).optional(),
      },
      async run(ctx, o) {
        const r = await ctx.services.interventions.add(ctx.guildId, { review: o.review, state: o.state, recommendation: o.recommendation, themes: o.themes, response: o.response, paragraph: o.paragraph });
        const { zone } = r;
                const who = `**${stateName(r.stateCode)}** in ${reviewLabel(r.review, zone)}`;
        const rec = r.recommendation ? (r.recommendation.created ? ' with a new recommendation' : ' on an existing recommendation with the same text') : '';
        return { content: r.interventionCreated ? `Recorded ${who} as intervening${rec}.` : `Added to ${who}${rec || ' nothing new'}.` };
      },
    }),
    remove: sub({
      description: "Remove a state's intervention from a review",
      access: 'change',
      options: { review: review(), state: state() },
      async run(ctx, o) {
        const r = await ctx.services.interventions.remove(ctx.guildId, o.review, o.state);
        const { zone } = r;
                return { content: `Removed **${stateName(r.stateCode)}** from ${reviewLabel(r.review, zone)}${r.recommendationsRemoved ? ` (and ${r.recommendationsRemoved} recommendation(s) only it made)` : ''}.` };
      },
    }),
    check: sub({
      description: 'Did this state take the floor in this review, and what did it recommend?',
      access: 'read',
      options: { review: review(), state: state() },
      async run(ctx, o) {
        const r = await ctx.services.interventions.check(ctx.guildId, o.review, o.state);
        const { zone } = r;
                const label = reviewLabel(r.review, zone);
        const name = stateName(r.stateCode);
        if (!r.intervened) return { content: `**${name}** did not intervene in ${label} (no intervention recorded in this server).` };
        const recs = r.recommendations.map((x) => `• ${x.paragraph ? `${shownInline(x.paragraph)} ` : ''}${shownInline(truncate(x.text, 300))} — *${x.response}*${x.actionCategory ? ` (action category ${x.actionCategory})` : ''}${x.themes.length ? ` [${x.themes.map((t) => shownInline(t.theme)).join(', ')}]` : ''}`);
        return {
          embeds: [{ title: truncate(`${name} in ${label}`, 256), description: [`**${name}** took the floor.`, recs.length ? `Recommendations (${recs.length}):\n${recs.join('\n')}` : 'No recommendation recorded.'].join('\n'), color: COLOR }],
        };
      },
    }),
    summary: sub({
      description: 'Who intervened and what was recommended, by theme and response',
      access: 'read',
      options: { review: review(), theme: opt.string('Only this theme: which states recommended on it', { max: 80, autocomplete: themeAutocomplete }).optional() },
      async run(ctx, o) {
        const s = await ctx.services.interventions.summary(ctx.guildId, o.review, o.theme);
        const { zone } = s;
                const lines = [
          `**${s.states.length}** state(s) intervened; **${s.recommendations}** recommendation(s): ${s.byResponse.supported} supported, ${s.byResponse.noted} noted, ${s.byResponse.pending} pending.`,
        ];
        if (s.theme) {
          lines.push('', `**Theme "${s.theme.themes.map(shownInline).join('", "')}"**: ${s.theme.states.length} state(s), ${s.theme.recommendations} recommendation(s):`, names(s.theme.states) || '—');
        } else if (s.byTheme.length) {
          lines.push('', '**By theme:**', ...s.byTheme.slice(0, 20).map((t) => `• ${shownInline(t.theme)}: ${t.recommendations} recommendation(s), ${t.states.length} state(s)`));
          if (s.byTheme.length > 20) lines.push(`… and ${s.byTheme.length - 20} more themes`);
        }
        if (!s.theme && s.states.length) lines.push('', `**States:** ${names(s.states)}`);
        const label = reviewLabel(s.review, zone);
        // The input is valid: the rest (drawing the images) may take longer than Discord waits.
        await ctx.defer();
        return summaryReply(s, label, { title: truncate(`Summary — ${label}`, 256), description: lines.join('\n'), color: COLOR }, ctx.logger, ctx.lang);
      },
    }),
    import: sub({
      description: 'Import recommendations (UPR Info, OHCHR UHRI .xlsx/CSV or this bot’s export)',
      access: 'change',
      defer: 'private',
      options: {
        file: opt.attachment('The export: CSV or .xlsx'),
        review: review('Review to import into; left out, each row goes to its own review').optional(),
      },
      async run(ctx, o) {
        const r = await ctx.services.interventions.importFile(ctx.guildId, o.review ?? null, { name: o.file.name, size: o.file.size, load: () => ctx.fetchFile(o.file.url, MAX_IMPORT_BYTES) });
        return importReply(o.file.name, r, r.zone);
      },
    }),
    outcome: sub({
      description: 'The states this server wrote to: letter sent? intervened? recommended the ask?',
      access: 'read',
      options: { review: review() },
      async run(ctx, o) {
        const r = await ctx.services.interventions.outcome(ctx.guildId, o.review);
        const { zone } = r;
                const label = reviewLabel(r.review, zone);
        if (!r.rows.length) return { content: `No letters recorded about ${label}. Add them with \`/letter add\`.` };
        const fields = r.rows.slice(0, 25).map((row) => {
          const sent = row.letters.find((l) => l.status === 'sent');
          return {
            name: stateName(row.stateCode),
            value: [
              row.sent ? `✅ letter sent${sent?.sentAt ? ` ${discordTimestamp(sent.sentAt, 'D')}` : ''}` : `❌ letter not sent (due ${discordTimestamp(row.letters[0]!.deadlineAt, 'D')})`,
              yesNo(row.intervened, 'intervened', 'did not intervene'),
              row.recommendedAsk === null ? '— no ask recorded' : yesNo(row.recommendedAsk, 'recommended what the letter asked', 'did not recommend what the letter asked'),
            ].join('\n'),
            inline: true,
          };
        });
        const intervened = r.rows.filter((x) => x.intervened).length;
        const lead = { title: truncate(`Outcome — ${label}`, 256), description: `Wrote to ${r.rows.length} state(s): ${intervened} intervened, ${r.rows.length - intervened} did not.${r.rows.length > 25 ? ' (first 25 shown)' : ''}`, fields, color: COLOR, footer: { text: '"Recommended the ask" matches the letter\'s ask against the recommendations\' themes and words: check the texts before quoting it.' } };
        await ctx.defer();
        return outcomeReply(r.rows, r.review.stateCode, label, lead, ctx.logger, ctx.lang);
      },
    }),
    export: sub({
      description: "Export a review's recommendations as CSV (re-importable)",
      access: 'read',
      options: { review: review() },
      async run(ctx, o) {
        const e = await ctx.services.interventions.exportCsv(ctx.guildId, o.review);
        const { zone } = e;
                return { content: `${e.rows} row(s) for ${reviewLabel(e.review, zone)}.`, files: [{ name: e.filename, data: Buffer.from(e.csv, 'utf8') }] };
      },
    }),
  },
});
