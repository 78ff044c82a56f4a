// A recommendations file the size of the largest real reviews: 5,000 recommendations from 150 states.
import { allStates } from '../../src/states';

export const BIG_STATES = allStates().filter((s) => s.member && s.code !== 'BLR').slice(0, 150);
export const BIG_THEMES = ['political prisoners', 'death penalty', 'freedom of expression', 'torture', 'women’s rights'];

/** The recommending states of row i. */
export const bigRowStates = (i: number) => [BIG_STATES[i % 150]!, BIG_STATES[(i * 7 + 3) % 150]!, BIG_STATES[(i * 13 + 5) % 150]!].slice(0, 1 + (i % 3));

/** Rows in the bot's own CSV layout, each recommendation from one to three of the 150 states. */
export function bigCsv(rows = 5000, session = 50, sur = 'Belarus'): string {
  const lines = ['Recommendation,Recommending states,Response,Themes,Session,State under review'];
  for (let i = 0; i < rows; i++) {
    const from = bigRowStates(i);
    lines.push(`"Recommendation number ${i}: strengthen the protection of rights, item ${i}",${from.map((s) => s.code).join('; ')},${i % 2 ? 'Supported' : 'Noted'},${BIG_THEMES[i % BIG_THEMES.length]},${session},${sur}`);
  }
  return `${lines.join('\n')}\n`;
}

