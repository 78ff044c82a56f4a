// The recommendation exports users bring, one declared table per format: which header names make
// the format, which column holds which field, and how several values share one cell. A file is
// the first format whose signature headers it has.

export type Field = 'text' | 'states' | 'sur' | 'response' | 'themes' | 'paragraph' | 'action' | 'session' | 'published';

/** How several values share one cell. `auto`: `;`, `|` or a newline when present, else commas. */
export type Split = 'one' | 'comma' | 'semicolon' | 'pipe' | 'newline' | 'auto';

export interface RecommendationFormat {
  id: 'bot' | 'upr-info-legacy' | 'upr-info-uwazi' | 'uhri' | 'generic';
  label: string;
  /** Normalised header names that must all be present. */
  signature: readonly string[];
  /** Normalised header names per field; the first present wins. */
  columns: Partial<Record<Field, readonly string[]>>;
  states: Split;
  themes: Split;
  /** Every value starts with "- " (OHCHR UHRI). */
  dashPrefix?: boolean;
  /** Thesaurus values "parent::child" keep the child (Uwazi). */
  nested?: boolean;
  /** Cells were written with a leading apostrophe so spreadsheets do not run them (this bot). */
  formulaGuard?: boolean;
}

/** The bot's own export; its header is written from this table. */
export const BOT_EXPORT_HEADER = ['State under review', 'Session', 'Paragraph', 'Recommendation', 'Recommending states', 'Response', 'Themes', 'Action category', 'Source'] as const;

export const FORMATS: readonly RecommendationFormat[] = [
  {
    id: 'bot',
    label: 'UPR bot export',
    signature: ['state under review', 'recommendation', 'recommending states', 'source'],
    columns: {
      sur: ['state under review'],
      session: ['session'],
      paragraph: ['paragraph'],
      text: ['recommendation'],
      states: ['recommending states'],
      response: ['response'],
      themes: ['themes'],
      action: ['action category'],
    },
    states: 'semicolon',
    themes: 'semicolon',
    formulaGuard: true,
  },
  {
    // UPR Info's database export before Uwazi: one row per recommending state.
    id: 'upr-info-legacy',
    label: 'UPR Info database (legacy export)',
    signature: ['to', 'from', 'text', 'response', 'session'],
    columns: { sur: ['to'], states: ['from'], text: ['text'], response: ['response'], action: ['action'], themes: ['issue'], session: ['session'] },
    states: 'one',
    themes: 'comma',
  },
  {
    // UPR Info's database on HURIDOCS Uwazi: Title, Date added, Template, then one column per property.
    id: 'upr-info-uwazi',
    label: 'UPR Info database (Uwazi CSV)',
    signature: ['title', 'date added', 'template'],
    columns: {
      text: ['title'],
      sur: ['state under review'],
      states: ['recommending state', 'recommending states'],
      response: ['response'],
      action: ['action category', 'action'],
      themes: ['issues', 'issue', 'themes'],
      session: ['session'],
    },
    states: 'pipe',
    themes: 'pipe',
    nested: true,
  },
  {
    // OHCHR Universal Human Rights Index "Export to Excel" (headers misspelt as in the real file).
    id: 'uhri',
    label: 'OHCHR Universal Human Rights Index',
    signature: ['text', 'countries concerned', 'upr position'],
    columns: {
      text: ['text'],
      sur: ['countries concerned'],
      states: ['upr reccomending states', 'upr recommending states'],
      response: ['upr position'],
      themes: ['themes'],
      session: ['upr session'],
      published: ['document publication date'],
    },
    // Newlines in the export; commas or semicolons where a person retyped the cell.
    states: 'auto',
    themes: 'newline',
    dashPrefix: true,
  },
  {
    // Hand-made sheets: the usual names of each column.
    id: 'generic',
    label: 'CSV',
    signature: [],
    columns: {
      text: ['recommendation', 'recommendation text', 'text', 'recommendations', 'full text'],
      states: ['recommending states', 'recommending state', 'upr recommending states', 'recommending country', 'recommending countries', 'recommended by', 'from state', 'states', 'state', 'country'],
      sur: ['state under review', 'countries concerned', 'country concerned', 'sur', 'under review', 'reviewed state', 'state reviewed'],
      response: ['response', 'upr position', 'position', 'state response'],
      themes: ['themes', 'theme', 'issues', 'issue', 'topics', 'topic'],
      paragraph: ['paragraph', 'para', 'paragraph number', 'recommendation number', 'rec number'],
      action: ['action category', 'action', 'category'],
      session: ['session', 'upr session', 'wg session'],
    },
    states: 'auto',
    themes: 'auto',
  },
];

export const headerKey = (h: string): string => h.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

export interface Recognised {
  format: RecommendationFormat;
  /** Column index per field. */
  col: Partial<Record<Field, number>>;
}

/** The format of a header row, and where each field is; fails when text or states are missing. */
export function recognise(header: readonly string[]): Recognised | { missing: Array<'text' | 'states'> } {
  const keys = header.map(headerKey);
  const format = FORMATS.find((f) => f.signature.length && f.signature.every((s) => keys.includes(s))) ?? FORMATS[FORMATS.length - 1]!;
  const col: Partial<Record<Field, number>> = {};
  const used = new Set<number>();
  for (const [field, names] of Object.entries(format.columns) as Array<[Field, readonly string[]]>) {
    for (const name of names) {
      const i = keys.indexOf(name);
      if (i >= 0 && !used.has(i)) {
        col[field] = i;
        used.add(i);
        break;
      }
    }
  }
  const missing = (['text', 'states'] as const).filter((f) => col[f] === undefined);
  return missing.length ? { missing } : { format, col };
}
