// Option builders shared by the command modules: states and reviews with autocomplete, dates.
import { REVIEW_STATUSES, statusLabel, type ReviewStatus } from '../services/reviews';
import { searchStates, stateName } from '../states';
import { opt, type AutocompleteHandler } from './framework';

// Labels in the reader's language; the value stays the UN short name, which always resolves.
export const stateAutocomplete: AutocompleteHandler = async (ctx, typed) =>
  searchStates(typed, 25, ctx.lang).map((s) => ({ name: stateName(s.code, ctx.lang), value: s.name }));
export const reviewAutocomplete: AutocompleteHandler = (ctx, typed) => ctx.services.reviews.autocomplete(ctx.guildId, typed, ctx.t);
export const letterAutocomplete: AutocompleteHandler = (ctx, typed) => ctx.services.letters.autocomplete(ctx.guildId, typed, ctx.t);

export const state = (description = 'State (name, alias or ISO code)') => opt.string(description, { max: 100, autocomplete: stateAutocomplete });
export const review = (description = 'Review (pick from the list, or type e.g. "Belarus 50")') => opt.string(description, { max: 100, autocomplete: reviewAutocomplete });
export const letter = (description = 'Letter (pick from the list)') => opt.string(description, { max: 100, autocomplete: letterAutocomplete });
export const date = (description: string) => opt.string(`${description} (e.g. 2025-11-03 or 3 Nov 2025)`, { max: 60 });
export const time = (description = 'Time, e.g. 10:00 (server time zone); none = the day only') => opt.string(description, { max: 20 });
export const reviewStatus = (description = 'Status') =>
  opt.string<ReviewStatus>(description, { choices: REVIEW_STATUSES.map((s) => ({ name: statusLabel(s), value: s })) });
