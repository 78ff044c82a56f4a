/**
 * Discord-style snowflake ids: milliseconds since the Discord epoch in the top bits, then
 * worker, process and an increment. Ids made "now" are 19 digits long, like Discord's.
 * discord.js derives rate-limit buckets and creation times from them, so they must be real.
 */
export const DISCORD_EPOCH = 1420070400000n;

export class SnowflakeGenerator {
  private increment = 0n;
  private lastMs = 0n;

  constructor(
    private readonly workerId = 1n,
    private readonly processId = 0n,
  ) {}

  /** A new id, strictly increasing for this generator. */
  next(at: number = Date.now()): string {
    let ms = BigInt(Math.floor(at)) - DISCORD_EPOCH;
    if (ms < this.lastMs) ms = this.lastMs; // never go backwards
    if (ms === this.lastMs) {
      this.increment = (this.increment + 1n) & 0xfffn;
      if (this.increment === 0n) ms += 1n; // 4096 ids in one millisecond: borrow the next one
    } else {
      this.increment = 0n;
    }
    this.lastMs = ms;
    return ((ms << 22n) | ((this.workerId & 0x1fn) << 17n) | ((this.processId & 0x1fn) << 12n) | this.increment).toString();
  }
}

/** The instant (ms since 1970) a snowflake was made at. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}
