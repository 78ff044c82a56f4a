/**
 * The bot's clock as the sandbox sees it: the project's adjustable clock, moved by
 * POST /_sandbox/clock. The sandbox does not own the bot's clock; it tells the bot through hooks
 * (`sandbox.onClock(fn)`), and the control call returns once every hook has finished (so a
 * scheduler run triggered by the move has happened).
 */
import { DateTime, Duration } from 'luxon';
import { AdjustableClock } from '../clock.js';
import { ControlError } from './errors.js';

export type ClockHook = (nowIso: string) => Promise<void> | void;

export class BotClock extends AdjustableClock {
  private readonly hooks = new Set<ClockHook>();

  onChange(hook: ClockHook): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  /** Sets or advances the clock, then runs every hook with the new time. */
  async move(opts: { now?: string; advance?: string; advanceMs?: number }): Promise<Date> {
    if (opts.now !== undefined) {
      const at = Date.parse(opts.now);
      if (Number.isNaN(at)) throw new ControlError(400, `"now" is not an ISO date-time: ${opts.now}`);
      this.set(new Date(at));
    }
    if (opts.advance !== undefined) this.advance(advanceMillis(this.now(), opts.advance));
    if (opts.advanceMs !== undefined) this.advance(opts.advanceMs);
    const now = this.now();
    const iso = now.toISOString();
    for (const hook of [...this.hooks]) await hook(iso);
    return now;
  }

  state(): { now: string; offsetMs: number; hooks: number } {
    return { now: this.now().toISOString(), offsetMs: this.offsetMs, hooks: this.hooks.size };
  }
}

/**
 * Milliseconds an ISO 8601 duration ("P1D", "PT2H30M", "P1M", "-P1W") adds to `from`.
 * Years and months are calendar steps in UTC (P1M from 31 January gives the last day of February).
 */
export function advanceMillis(from: Date, duration: string): number {
  const text = duration.trim();
  const parsed = Duration.fromISO(text);
  // luxon accepts a bare "P" as zero; ISO 8601 needs at least one component.
  if (!parsed.isValid || !/\d/.test(text)) {
    throw new ControlError(400, `"advance" is not an ISO 8601 duration (e.g. P1D, PT2H): ${duration}`);
  }
  const start = DateTime.fromJSDate(from, { zone: 'utc' });
  return start.plus(parsed).toMillis() - start.toMillis();
}
