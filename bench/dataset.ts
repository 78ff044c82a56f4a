// The benchmark data set, generated deterministically (the same rows every time for the same
// sizes), as plain row arrays that the SQLite and PostgreSQL loaders insert in bulk.
//
// One "focus" server (guild 0) has the same content in every size: 20 reviews, one of them with
// 120 interventions and 400 recommendations. The commands are timed in that server, so the small
// and the large data set differ only in the other servers' data (the cost of a command must not
// grow with it). The other servers share the rest of the totals evenly.
//
// Every date lies after `anchor` (the first of January at least two months ahead), so the pending
// reminders of a cached data set stay in the future for months and nothing in it is due while the
// benchmarks run, except the reminders the benchmarks add themselves.
import { DISCORD_EPOCH } from '../src/sandbox/snowflake';
import { allStates } from '../src/states';

export interface DataSize {
  label: string;
  /** Servers with data (the focus server included). */
  guilds: number;
  reviews: number;
  letters: number;
  recommendations: number;
  pendingReminders: number;
}

export type ColumnType = 'int' | 'text' | 'ts' | 'bool' | `enum:${string}`;
export type Cell = number | string | boolean | null;

export interface TableSpec {
  name: string;
  columns: [string, ColumnType][];
  /** Has an autoincrement "id" (PostgreSQL's sequence must be moved past the inserted ids). */
  serial: boolean;
}

export const TABLES: Record<string, TableSpec> = {
  GuildSettings: {
    name: 'GuildSettings',
    serial: false,
    columns: [
      ['guildId', 'text'], ['reminderChannelId', 'text'], ['timezone', 'text'], ['paused', 'bool'],
      ['createdAt', 'ts'], ['updatedAt', 'ts'],
    ],
  },
  Review: {
    name: 'Review',
    serial: true,
    columns: [
      ['id', 'int'], ['guildId', 'text'], ['stateCode', 'text'], ['session', 'int'], ['cycle', 'int'], ['reviewAt', 'ts'],
      ['reviewTimeKnown', 'bool'], ['status', 'enum:ReviewStatus'], ['notes', 'text'], ['source', 'text'],
      ['submissionDeadlineAt', 'ts'], ['createdBy', 'text'], ['createdAt', 'ts'], ['updatedAt', 'ts'],
    ],
  },
  Letter: {
    name: 'Letter',
    serial: true,
    columns: [
      ['id', 'int'], ['guildId', 'text'], ['reviewId', 'int'], ['stateCode', 'text'], ['recipient', 'text'], ['ask', 'text'],
      ['deadlineAt', 'ts'], ['deadlineTimeKnown', 'bool'], ['status', 'enum:LetterStatus'], ['createdBy', 'text'],
      ['createdAt', 'ts'], ['updatedAt', 'ts'],
    ],
  },
  Intervention: {
    name: 'Intervention',
    serial: true,
    columns: [['id', 'int'], ['guildId', 'text'], ['reviewId', 'int'], ['stateCode', 'text'], ['source', 'text'], ['createdAt', 'ts']],
  },
  Recommendation: {
    name: 'Recommendation',
    serial: true,
    columns: [
      ['id', 'int'], ['guildId', 'text'], ['reviewId', 'int'], ['text', 'text'], ['paragraph', 'text'],
      ['response', 'enum:RecommendationResponse'], ['actionCategory', 'int'], ['source', 'text'], ['dedupeKey', 'text'], ['createdAt', 'ts'],
    ],
  },
  RecommendationState: {
    name: 'RecommendationState',
    serial: false,
    columns: [['recommendationId', 'int'], ['stateCode', 'text']],
  },
  RecommendationTheme: {
    name: 'RecommendationTheme',
    serial: false,
    columns: [['recommendationId', 'int'], ['theme', 'text']],
  },
  Reminder: {
    name: 'Reminder',
    serial: true,
    columns: [
      ['id', 'int'], ['guildId', 'text'], ['kind', 'text'], ['itemKey', 'text'], ['leadKey', 'text'], ['reviewId', 'int'],
      ['letterId', 'int'], ['eventAt', 'ts'], ['dueAt', 'ts'], ['runAt', 'ts'], ['channelId', 'text'],
      ['status', 'enum:ReminderStatus'], ['attempts', 'int'], ['late', 'bool'], ['createdAt', 'ts'], ['updatedAt', 'ts'],
    ],
  },
};

/** Insert order (parents first). */
export const TABLE_ORDER = [
  'GuildSettings', 'Review', 'Letter', 'Intervention', 'Recommendation', 'RecommendationState', 'RecommendationTheme', 'Reminder',
] as const;

const DAY = 86_400_000;

export const FOCUS = {
  reviews: 20,
  bigInterventions: 120,
  bigRecommendations: 400,
  /** Letters, interventions, recommendations, pending reminders per ordinary review of the focus server (beside others). */
  lettersPerReview: 2,
  interventionsPerReview: 3,
  recommendationsPerReview: 5,
  remindersPerReview: 3,
};

/** The first of January (UTC) of the year after `now` + 60 days. */
export function anchorFor(now = Date.now()): number {
  const year = new Date(now + 60 * DAY).getUTCFullYear() + 1;
  return Date.UTC(year, 0, 1);
}

export function snowflake(ms: number, n: number): string {
  return ((BigInt(ms) - DISCORD_EPOCH) << 22n | BigInt(n & 0x3fffff)).toString();
}

/** Guild ids and channel ids of the benchmark world (also for guilds without data). */
export function guildId(g: number): string {
  return snowflake(1_600_000_000_000 + g * 1000, 1);
}
export function channelId(g: number, c: 0 | 1): string {
  return snowflake(1_650_000_000_000 + g * 1000 + c, 2);
}
export const CHANNEL_NAMES = ['advocacy', 'general'] as const;

/** A bare sandbox world with `count` guilds of the benchmark (ids matching the data set). */
export function benchWorld(count: number) {
  return {
    bare: true as const,
    users: [{ name: 'owner' }, { name: 'admin', roles: ['manager'] }, { name: 'member' }],
    guilds: Array.from({ length: count }, (_, g) => ({
      id: guildId(g),
      name: g === 0 ? 'Bench Focus' : `Bench ${g}`,
      owner: 'owner',
      channels: CHANNEL_NAMES.map((name, c) => ({ id: channelId(g, c as 0 | 1), name })),
    })),
  };
}

const THEMES = [
  'political prisoners', 'freedom of expression', 'death penalty', 'torture', 'womens rights', 'childrens rights',
  'freedom of assembly', 'human rights defenders', 'minorities', 'migrants', 'judicial independence', 'civil society',
];
const VERBS = ['Ensure', 'Guarantee', 'Take measures to protect', 'Adopt legislation on', 'Strengthen', 'Ratify instruments on'];

/** Even share of `total` for item `i` of `n` (the shares add up to `total`). */
function share(total: number, i: number, n: number): number {
  return Math.floor((total * (i + 1)) / n) - Math.floor((total * i) / n);
}

export interface Generated {
  /** Rows per table, produced lazily in chunks. */
  tables: Record<(typeof TABLE_ORDER)[number], () => Generator<Cell[][]>>;
  /** The focus server's big review (120 interventions, 400 recommendations): its state and session. */
  bigReview: { id: number; stateCode: string; stateName: string; session: number };
  counts: Record<string, number>;
  /** An upcoming (scheduled) review of server g: its id and date, or undefined when g has none. */
  reviewOfGuild(g: number): { id: number; reviewAt: number } | undefined;
}

interface ReviewPlan {
  id: number;
  g: number;
  j: number;
  stateCode: string;
  session: number;
  reviewAt: number;
  letters: number;
  interventions: number;
  recommendations: number;
  reminders: number;
  firstLetter: number;
  firstIntervention: number;
  firstRecommendation: number;
  firstReminder: number;
}

/**
 * Plans every review of the data set with the ids of its rows (so each table can be generated
 * on its own, in id order). Ids are assigned in guild order, the focus server first.
 */
export function generate(size: DataSize, anchor: number, chunk = 5000): Generated {
  const states = allStates().filter((s) => s.member).map((s) => s.code);
  const stateNames = new Map(allStates().map((s) => [s.code, s.name]));
  const S = states.length;
  const created = anchor - 400 * DAY;
  const plans: ReviewPlan[] = [];
  const others = size.guilds - 1;
  const focusLetters = (FOCUS.reviews - 1) * FOCUS.lettersPerReview;
  const focusRecs = FOCUS.bigRecommendations + (FOCUS.reviews - 1) * FOCUS.recommendationsPerReview;
  // Alone (the small size), the focus server holds all the pending reminders asked for.
  const focusReminders = size.guilds === 1 ? size.pendingReminders : FOCUS.reviews * FOCUS.remindersPerReview;
  const rest = {
    reviews: Math.max(size.reviews - FOCUS.reviews, 0),
    letters: Math.max(size.letters - focusLetters, 0),
    recommendations: Math.max(size.recommendations - focusRecs, 0),
    reminders: Math.max(size.pendingReminders - focusReminders, 0),
  };
  let reviewId = 0, letterId = 0, interventionId = 0, recId = 0, reminderId = 0;
  for (let g = 0; g < size.guilds; g++) {
    const nReviews = g === 0 ? FOCUS.reviews : share(rest.reviews, g - 1, others);
    const gLetters = g === 0 ? focusLetters : share(rest.letters, g - 1, others);
    const gRecs = g === 0 ? 0 : share(rest.recommendations, g - 1, others);
    const gReminders = g === 0 ? focusReminders : share(rest.reminders, g - 1, others);
    for (let j = 0; j < nReviews; j++) {
      const big = g === 0 && j === 0;
      const day = (g * 31 + j * 17) % 1460;
      const p: ReviewPlan = {
        id: ++reviewId,
        g,
        j,
        stateCode: states[(j * 7 + g) % S]!,
        session: 48 + Math.floor(j / S),
        reviewAt: anchor + day * DAY + 8 * 3_600_000,
        letters: g === 0 ? (big ? 0 : FOCUS.lettersPerReview) : share(gLetters, j, nReviews),
        interventions: big ? FOCUS.bigInterventions : FOCUS.interventionsPerReview,
        recommendations: g === 0 ? (big ? FOCUS.bigRecommendations : FOCUS.recommendationsPerReview) : share(gRecs, j, nReviews),
        reminders: share(gReminders, j, nReviews),
        firstLetter: letterId + 1,
        firstIntervention: interventionId + 1,
        firstRecommendation: recId + 1,
        firstReminder: reminderId + 1,
      };
      letterId += p.letters;
      interventionId += p.interventions;
      recId += p.recommendations;
      reminderId += p.reminders;
      plans.push(p);
    }
  }

  function* chunked(rowsOf: (p: ReviewPlan) => Iterable<Cell[]>): Generator<Cell[][]> {
    let buf: Cell[][] = [];
    for (const p of plans) {
      for (const row of rowsOf(p)) {
        buf.push(row);
        if (buf.length >= chunk) {
          yield buf;
          buf = [];
        }
      }
    }
    if (buf.length) yield buf;
  }
  const owner = snowflake(1_550_000_000_000, 7);
  // The k-th other state of a review (never the state under review).
  const other = (p: ReviewPlan, k: number) => states[(states.indexOf(p.stateCode) + 1 + k) % S]!;

  const tables: Generated['tables'] = {
    *GuildSettings() {
      const rows: Cell[][] = [];
      for (let g = 0; g < size.guilds; g++) rows.push([guildId(g), channelId(g, 0), 'Europe/Zurich', false, created, created]);
      yield rows;
    },
    Review: () =>
      chunked(function* (p) {
        const status = p.j % 10 === 9 ? 'postponed' : 'scheduled';
        yield [
          p.id, guildId(p.g), p.stateCode, p.session, 4, p.reviewAt, false, status, p.j % 3 === 0 ? 'Coalition priority review' : null,
          'user', p.reviewAt - 120 * DAY, owner, created, created,
        ];
      }),
    Letter: () =>
      chunked(function* (p) {
        for (let k = 0; k < p.letters; k++) {
          yield [
            p.firstLetter + k, guildId(p.g), p.id, other(p, k), `Permanent Mission of ${stateNames.get(other(p, k))}`,
            `Raise the situation of detained defenders in ${stateNames.get(p.stateCode)}`, p.reviewAt - (14 + k) * DAY, false, 'planned', owner,
            created, created,
          ];
        }
      }),
    Intervention: () =>
      chunked(function* (p) {
        for (let k = 0; k < p.interventions; k++) yield [p.firstIntervention + k, guildId(p.g), p.id, other(p, k), 'bench', created];
      }),
    Recommendation: () =>
      chunked(function* (p) {
        for (let k = 0; k < p.recommendations; k++) {
          const id = p.firstRecommendation + k;
          const theme = THEMES[id % THEMES.length]!;
          yield [
            id, guildId(p.g), p.id, `${VERBS[id % VERBS.length]} ${theme} (recommendation ${k + 1} to ${stateNames.get(p.stateCode)})`,
            `${100 + (p.session % 50)}.${k + 1}`, (['supported', 'noted', 'pending'] as const)[id % 3]!, 1 + (id % 5), 'bench', `bench-${k + 1}`, created,
          ];
        }
      }),
    RecommendationState: () =>
      chunked(function* (p) {
        // Each recommendation is made by one state that took the floor (the big review: by its 120).
        for (let k = 0; k < p.recommendations; k++) yield [p.firstRecommendation + k, other(p, k % Math.max(p.interventions, 1))];
      }),
    RecommendationTheme: () =>
      chunked(function* (p) {
        for (let k = 0; k < p.recommendations; k++) {
          const id = p.firstRecommendation + k;
          yield [id, THEMES[id % THEMES.length]!];
        }
      }),
    Reminder: () =>
      chunked(function* (p) {
        const leads = ['8w', '2w', '1d'];
        for (let k = 0; k < p.reminders; k++) {
          const lead = leads[k % 3]!;
          const round = Math.floor(k / 3);
          const leadKey = round === 0 ? lead : `${lead}#${round + 1}`;
          // Due over the four years after the anchor; the event a day later.
          const due = anchor + 7 * DAY + ((p.id * 7919 + k * 104_729) % (4 * 365 * 24 * 60)) * 60_000;
          yield [
            p.firstReminder + k, guildId(p.g), 'review', `review:${p.id}`, leadKey, p.id, null, due + DAY, due, due, null, 'pending', 0, false,
            created, created,
          ];
        }
      }),
  };
  const big = plans[0]!;
  const firstOfGuild = new Map<number, ReviewPlan>();
  for (const p of plans) if (p.j === 0) firstOfGuild.set(p.g, p);
  return {
    tables,
    bigReview: { id: big.id, stateCode: big.stateCode, stateName: stateNames.get(big.stateCode) ?? big.stateCode, session: big.session },
    counts: {
      guilds: size.guilds,
      reviews: reviewId,
      letters: letterId,
      interventions: interventionId,
      recommendations: recId,
      pendingReminders: reminderId,
    },
    reviewOfGuild(g) {
      const p = firstOfGuild.get(g);
      return p ? { id: p.id, reviewAt: p.reviewAt } : undefined;
    },
  };
}
