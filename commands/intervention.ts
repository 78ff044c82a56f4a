// /intervention — who took the floor in a review and what they recommended; CSV import/export;
// the outcome for the states this server wrote to. Every text is in the reader's language.
import { discordTimestamp } from '../src/dates/format';
import { msg, type Message } from '../src/domain-error';
import { renderMessage } from '../src/i18n';
import { RESPONSES, type ImportResult, type Response } from '../src/services/interventions';
import { MAX_IMPORT_BYTES } from '../src/services/recommendations/read-table';
import { reviewLabel } from '../src/services/reviews';
import { stateName } from '../src/states';
import { command, opt, sub, type AutocompleteHandler, type BaseContext, type Reply } from '../src/discord/framework';
import { truncate } from '../src/discord/limits';
import { shownInline } from '../src/text/user-text';
import { review, state } from '../src/discord/options';
import { COLOR } from '../src/discord/views';
import { outcomeReply, summaryReply } from '../src/images/reply-images';

type Reader = Pick<BaseContext, 't' | 'lang'>;

const themeAutocomplete: AutocompleteHandler = async (ctx, typed) => {
  const ref = typeof ctx.options.review === 'string' ? ctx.options.review : '';
  const id = /^#(\d+)$/.exec(ref);
  const themes = await ctx.services.interventions.themes(ctx.guildId, typed, id ? Number(id[1]) : undefined);
  return themes.map((t) => ({ name: t, value: t }));
};

/** States by their names in the reader's language, in that language's order. */
function names(r: Reader, codes: readonly string[]): string {
  const collator = new Intl.Collator(r.lang, { sensitivity: 'base' });
  return codes
    .map((c) => stateName(c, r.lang))
    .sort(collator.compare)
    .join(', ');
}

/** "Belarus, WG 50" for a group of skipped rows. */
function skippedLabel(r: Reader, s: ImportResult['skipped'][number]): string {
  const who = s.stateCode ? stateName(s.stateCode, r.lang) : r.t('intervention:import.noSur');
  const when = s.session != null ? r.t('intervention:import.session', { session: s.session }) : r.t('intervention:import.noSession');
  return `${who}, ${when}`;
}

function importReply(ctx: Reader, fileName: string, res: ImportResult, zone: string): Reply {
  const { t } = ctx;
  const lines = [t('intervention:import.read', { file: fileName, format: t(`intervention:format.${res.formatId}`), count: res.rows })];
  for (const x of res.reviews) {
    lines.push(
      renderMessage(
        msg('intervention:import.review', {
          review: reviewLabel(x.review, zone, ctx.t),
          rows: msg('intervention:count.rows', { count: x.rows }),
          created: msg('intervention:import.created', { count: x.created }),
          updated: x.updated,
          unchanged: x.unchanged,
          interventions: msg('intervention:import.interventionsAdded', { count: x.interventionsAdded }),
        }),
        t,
      ),
    );
  }
  if (!res.reviews.length) lines.push(t('intervention:import.nothing'));
  const untracked = res.skipped.filter((s) => !s.tracked);
  const other = res.skipped.filter((s) => s.tracked);
  if (other.length) {
    const groups = other.slice(0, 5).map((s) => skippedLabel(ctx, s));
    if (other.length > 5) groups.push('…');
    lines.push(t('intervention:import.skippedTracked', { count: other.reduce((n, s) => n + s.rows, 0), groups: groups.join('; ') }));
  }
  if (untracked.length) {
    const groups = untracked.slice(0, 8).map((s) => `${skippedLabel(ctx, s)} (${s.rows})`);
    if (untracked.length > 8) groups.push(t('intervention:import.andMore', { count: untracked.length - 8 }));
    lines.push(t('intervention:import.skippedUntracked', { count: untracked.reduce((n, s) => n + s.rows, 0), groups: groups.join('; ') }));
  }
  lines.push(t('intervention:import.rejectedCount', { count: res.rejected.length }));
  const content = truncate(lines.join('\n'), 2000);
  if (!res.rejected.length) return { content };
  const shown = res.rejected.slice(0, 40).map((x) => t('intervention:import.rejectedLine', { line: x.line, reason: truncate(renderMessage(x.reason, t), 200) }));
  if (res.rejected.length > 40) shown.push(t('intervention:import.moreRejected', { count: res.rejected.length - 40 }));
  return { content, embeds: [{ title: t('intervention:import.rejectedTitle'), description: truncate(shown.join('\n'), 4096), color: 0xc0392b }] };
}

/** A line per answer: ✅ yes, ❌ no, — unknown. */
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
        const vars = { code: r.stateCode, review: reviewLabel(r.review, r.zone, ctx.t) };
        const rec = r.recommendation ? (r.recommendation.created ? 'New' : 'Same') : '';
        const key = r.interventionCreated ? `recorded${rec}` : rec ? `added${rec}` : 'nothingNew';
        return { content: ctx.t(`intervention:add.${key}`, vars) };
      },
    }),
    remove: sub({
      description: "Remove a state's intervention from a review",
      access: 'change',
      options: { review: review(), state: state() },
      async run(ctx, o) {
        const r = await ctx.services.interventions.remove(ctx.guildId, o.review, o.state);
        const vars = { code: r.stateCode, review: reviewLabel(r.review, r.zone, ctx.t) };
        return { content: r.recommendationsRemoved ? ctx.t('intervention:remove.doneWithRecommendations', { ...vars, count: r.recommendationsRemoved }) : ctx.t('intervention:remove.done', vars) };
      },
    }),
    check: sub({
      description: 'Did this state take the floor in this review, and what did it recommend?',
      access: 'read',
      options: { review: review(), state: state() },
      async run(ctx, o) {
        const r = await ctx.services.interventions.check(ctx.guildId, o.review, o.state);
        const { t } = ctx;
        const label = reviewLabel(r.review, r.zone, ctx.t);
        if (!r.intervened) return { content: t('intervention:check.didNot', { code: r.stateCode, review: label }) };
        const recs = r.recommendations.map(
          (x) =>
            `• ${x.paragraph ? `${shownInline(x.paragraph)} ` : ''}${shownInline(truncate(x.text, 300))} — *${t(`intervention:response.${x.response}`)}*` +
            `${x.actionCategory ? ` ${t('intervention:check.actionCategory', { category: x.actionCategory })}` : ''}` +
            `${x.themes.length ? ` [${x.themes.map((th) => shownInline(th.theme)).join(', ')}]` : ''}`,
        );
        const description = [
          t('intervention:check.tookFloor', { code: r.stateCode }),
          recs.length ? `${t('intervention:check.recommendations', { count: recs.length })}\n${recs.join('\n')}` : t('intervention:check.noRecommendation'),
        ].join('\n');
        return { embeds: [{ title: truncate(t('intervention:check.title', { code: r.stateCode, review: label }), 256), description, color: COLOR }] };
      },
    }),
    summary: sub({
      description: 'Who intervened and what was recommended, by theme and response',
      access: 'read',
      options: { review: review(), theme: opt.string('Only this theme: which states recommended on it', { max: 80, autocomplete: themeAutocomplete }).optional() },
      async run(ctx, o) {
        const s = await ctx.services.interventions.summary(ctx.guildId, o.review, o.theme);
        const { t } = ctx;
        const lines = [
          renderMessage(
            msg('intervention:summary.totals', {
              count: s.states.length,
              recommendations: msg('intervention:summary.recommendations', { count: s.recommendations }),
              supported: s.byResponse.supported,
              noted: s.byResponse.noted,
              pending: s.byResponse.pending,
            }),
            t,
          ),
        ];
        const counted = (recommendations: number, states: number): Record<string, Message> => ({
          recommendations: msg('intervention:count.recommendations', { count: recommendations }),
          states: msg('intervention:count.states', { count: states }),
        });
        if (s.theme) {
          const themes = s.theme.themes.map(shownInline).join('", "');
          lines.push('', renderMessage(msg('intervention:summary.theme', { themes, ...counted(s.theme.recommendations, s.theme.states.length) }), t), names(ctx, s.theme.states) || '—');
        } else if (s.byTheme.length) {
          lines.push('', t('intervention:summary.byTheme'), ...s.byTheme.slice(0, 20).map((x) => renderMessage(msg('intervention:summary.themeLine', { theme: shownInline(x.theme), ...counted(x.recommendations, x.states.length) }), t)));
          if (s.byTheme.length > 20) lines.push(t('intervention:summary.moreThemes', { count: s.byTheme.length - 20 }));
        }
        if (!s.theme && s.states.length) lines.push('', t('intervention:summary.statesList', { names: names(ctx, s.states) }));
        const label = reviewLabel(s.review, s.zone, ctx.t);
        // The input is valid: the rest (drawing the images) may take longer than Discord waits.
        await ctx.defer();
        return summaryReply(s, label, { title: truncate(t('intervention:summary.title', { review: label }), 256), description: lines.join('\n'), color: COLOR }, ctx.logger, ctx.lang);
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
        return importReply(ctx, o.file.name, r, r.zone);
      },
    }),
    outcome: sub({
      description: 'The states this server wrote to: letter sent? intervened? recommended the ask?',
      access: 'read',
      options: { review: review() },
      async run(ctx, o) {
        const r = await ctx.services.interventions.outcome(ctx.guildId, o.review);
        const { t } = ctx;
        const label = reviewLabel(r.review, r.zone, ctx.t);
        if (!r.rows.length) return { content: t('intervention:outcome.noLetters', { review: label }) };
        const fields = r.rows.slice(0, 25).map((row) => {
          const sent = row.letters.find((l) => l.status === 'sent');
          return {
            name: stateName(row.stateCode, ctx.lang),
            value: [
              row.sent
                ? `✅ ${sent?.sentAt ? t('intervention:outcome.sentOn', { when: discordTimestamp(sent.sentAt, 'D') }) : t('intervention:outcome.sent')}`
                : `❌ ${t('intervention:outcome.notSent', { due: discordTimestamp(row.letters[0]!.deadlineAt, 'D') })}`,
              yesNo(row.intervened, t('intervention:outcome.intervened'), t('intervention:outcome.didNotIntervene')),
              row.recommendedAsk === null ? `— ${t('intervention:outcome.noAsk')}` : yesNo(row.recommendedAsk, t('intervention:outcome.recommendedAsk'), t('intervention:outcome.didNotRecommendAsk')),
            ].join('\n'),
            inline: true,
          };
        });
        const intervened = r.rows.filter((x) => x.intervened).length;
        const wrote = t('intervention:outcome.wrote', { count: r.rows.length, intervened, didNot: r.rows.length - intervened });
        const lead = {
          title: truncate(t('intervention:outcome.title', { review: label }), 256),
          description: r.rows.length > 25 ? `${wrote} ${t('intervention:outcome.first25')}` : wrote,
          fields,
          color: COLOR,
          footer: { text: t('intervention:outcome.footer') },
        };
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
        return { content: ctx.t('intervention:export.done', { count: e.rows, review: reviewLabel(e.review, e.zone, ctx.t) }), files: [{ name: e.filename, data: Buffer.from(e.csv, 'utf8') }] };
      },
    }),
  },
});
