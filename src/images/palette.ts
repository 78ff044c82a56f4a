// The colours of every map and chart, in one place. Taken from the Okabe-Ito palette, which was
// designed to stay distinct for protanopic, deuteranopic and tritanopic readers; the choice is
// checked by a test that simulates each deficiency (test/unit/images-palette.test.ts).

export const INK = '#1f1f1f';
export const MUTED_INK = '#555555';
export const BACKGROUND = '#ffffff';
/** Land that is not a UN member or observer state (Greenland, Western Sahara, Kosovo, ...). */
export const OTHER_LAND = '#eeeeee';
export const BORDER = '#ffffff';
/** The ring around a small state's dot, so that a pale dot still shows on the sea. */
export const DOT_RING = '#4d4d4d';

/** What a state did in the review, as the summary map shows it. */
export const SUMMARY_COLOURS = {
  recommended: '#0072b2', // blue
  intervened: '#56b4e9', // sky blue: took the floor, no (themed) recommendation recorded
  absent: '#cfcfcf', // grey: did not take the floor
  review: '#d55e00', // vermillion: the state under review
} as const;
export type SummaryCategory = keyof typeof SUMMARY_COLOURS;

/** The states a server wrote to, as the outcome map shows them (letter not sent: hatched). */
export const OUTCOME_COLOURS = {
  ask: '#0072b2', // intervened and recommended what the letter asked
  intervened: '#56b4e9', // intervened, not (or not known to have) recommended the ask
  silent: '#e69f00', // orange: did not intervene
  unwritten: '#dcdcdc', // the server did not write to this state
  review: '#d55e00',
} as const;
export type OutcomeColour = keyof typeof OUTCOME_COLOURS;

/** Bars of the chart by regional group. */
export const CHART_COLOURS = {
  interventions: '#4d4d4d',
  supported: '#0072b2',
  noted: '#e69f00',
  pending: '#cc79a7', // reddish purple
} as const;
