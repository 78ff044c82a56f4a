/**
 * The bot's clock as the sandbox sees it: real time plus an offset that POST /_sandbox/clock
 * moves. The sandbox does not own the bot's clock; it tells the bot through hooks
 * (`sandbox.onClock(fn)`), and the control call returns once every hook has finished
 * (so a scheduler run triggered by the move has happened).
 */
import { ControlError } from './errors.js';

export type ClockHook = (nowIso: string) => Promise<void> | void;

export class BotClock {
  private offsetMs = 0;
  private readonly hooks = new Set<ClockHook>();

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  onChange(hook: ClockHook): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  /** Sets or advances the clock, then runs every hook with the new time. */
  async move(opts: { now?: string; advance?: string; advanceMs?: number }): Promise<Date> {
    if (opts.now !== undefined) {
      const at = Date.parse(opts.now);
      if (Number.isNaN(at)) throw new ControlError(400, `"now" is not an ISO date-time: ${opts.now}`);
      this.offsetMs = at - Date.now();
    }
    if (opts.advance !== undefined) this.offsetMs += advanceMillis(this.now(), opts.advance);
    if (opts.advanceMs !== undefined) this.offsetMs += opts.advanceMs;
    const now = this.now();
    const iso = now.toISOString();
    for (const hook of [...this.hooks]) await hook(iso);
    return now;
  }

  state(): { now: string; offsetMs: number; hooks: number } {
    return { now: this.now().toISOString(), offsetMs: this.offsetMs, hooks: this.hooks.size };
  }
}

const DURATION = /^(-)?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;

/**
 * Milliseconds an ISO 8601 duration ("P1D", "PT2H30M", "P1M", "-P1W") adds to `from`.
 * Years and months are calendar steps in UTC (P1M from 31 January gives the last day of February).
 */
export function advanceMillis(from: Date, duration: string): number {
  const m = DURATION.exec(duration.trim());
  if (!m || duration.trim().toUpperCase() === 'P' || /T$/i.test(duration.trim())) {
    throw new ControlError(400, `"advance" is not an ISO 8601 duration (e.g. P1D, PT2H): ${duration}`);
  }
  const sign = m[1] ? -1 : 1;
  const n = (i: number) => Number((m[i] ?? '0').replace(',', '.'));
  const [years, months, weeks, days, hours, minutes, seconds] = [n(2), n(3), n(4), n(5), n(6), n(7), n(8)];
  const target = new Date(from.getTime());
  if (years || months) {
    const wholeMonths = sign * Math.trunc(years * 12 + months);
    const day = target.getUTCDate();
    target.setUTCDate(1);
    target.setUTCMonth(target.getUTCMonth() + wholeMonths);
    const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    target.setUTCDate(Math.min(day, lastDay));
  }
  const fixed = ((weeks * 7 + days) * 24 * 3600 + hours * 3600 + minutes * 60 + seconds) * 1000;
  return target.getTime() - from.getTime() + sign * Math.round(fixed);
}
