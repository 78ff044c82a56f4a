// Figure 1: command round trip through the sandbox and the real discord.js client: from the
// interaction the sandbox dispatches on the gateway to the reply arriving back at the sandbox
// (the sandbox's own elapsedMs, measured on its side). Commands are run in the focus server,
// whose content is the same in every data set size.
import type { SandboxControl } from '../../src/sandbox/control';
import { channelId, guildId } from '../dataset';

export interface CommandCase {
  key: string;
  label: string;
  run(control: SandboxControl): Promise<number>;
}

export function commandCases(bigReviewId: number): CommandCase[] {
  const where = { guild: guildId(0), channel: channelId(0, 0), user: 'admin' };
  const check = (label: string, r: { ok: boolean; error?: string; elapsedMs: number }) => {
    if (!r.ok) throw new Error(`${label}: ${r.error ?? 'no answer'}`);
    return r.elapsedMs;
  };
  return [
    {
      key: 'upr-list',
      label: '/upr list',
      run: async (c) => check('/upr list', await c.run('/upr list', where)),
    },
    {
      key: 'intervention-summary',
      label: '/intervention summary (120 interventions, 400 recommendations)',
      run: async (c) => {
        // Its first run starts the image worker (seconds on a busy machine): a warm-up round.
        const r = await c.run(`/intervention summary review:#${bigReviewId}`, { ...where, waitMs: 30_000 });
        const text = JSON.stringify(r.embeds);
        if (r.ok && !text.includes('**120** states')) throw new Error(`/intervention summary: unexpected answer ${text.slice(0, 200)}`);
        return check('/intervention summary', r);
      },
    },
    {
      key: 'state-autocomplete',
      label: 'state autocomplete (/upr list state:Bel)',
      run: async (c) => {
        const r = await c.autocomplete('/upr list state:Bel', where);
        if (r.ok && r.choices.length === 0) throw new Error('state autocomplete: no choices for "Bel"');
        return check('state autocomplete', r);
      },
    },
  ];
}

/**
 * Runs every case `warmup` times on each bot, then `iterations` rounds of all cases, alternating
 * between the bots (e.g. the small and the large data set), so both are measured under the same
 * conditions (a slower phase of the machine, JIT warm-up) rather than one after the other.
 */
export async function measureCommands<K extends string>(
  controls: Record<K, SandboxControl>,
  cases: CommandCase[],
  iterations: number,
  warmup: number,
): Promise<Record<K, Map<string, number[]>>> {
  const keys = Object.keys(controls) as K[];
  for (let i = 0; i < warmup; i++) for (const c of cases) for (const k of keys) await c.run(controls[k]);
  const samples = Object.fromEntries(keys.map((k) => [k, new Map<string, number[]>(cases.map((c) => [c.key, []]))])) as Record<K, Map<string, number[]>>;
  for (let i = 0; i < iterations; i++) {
    for (const c of cases) {
      // Alternate which bot goes first, too.
      const order = i % 2 === 0 ? keys : [...keys].reverse();
      for (const k of order) samples[k].get(c.key)!.push(await c.run(controls[k]));
    }
  }
  return samples;
}
