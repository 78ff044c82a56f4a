// A server's private calendar feed: on, off, or a new address. The address holds a random token
// (32 bytes from the system's CSPRNG); only its SHA-256 is stored, so the token is shown once,
// when made, and a copy of the database cannot be used to read anyone's calendar. The feed serves
// the same calendar as `/upr calendar`, built at each request, so it is always current.
import { createHash, randomBytes } from 'node:crypto';
import { DomainError, msg } from '../domain-error';
import type { ServiceDeps } from './common';

/** 32 random bytes, base64url: 43 characters. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const hashFeedToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export interface FeedAddress {
  url: string;
}

export class CalendarFeedService {
  constructor(
    private readonly deps: ServiceDeps,
    /** Where the bot's HTTP server is reached from outside; undefined when it has none. */
    private readonly baseUrl: string | undefined,
  ) {}

  private requireServer(): string {
    if (!this.baseUrl) {
      throw new DomainError('invalid', msg('settings:feed.unavailable'));
    }
    return this.baseUrl.replace(/\/+$/, '');
  }

  private async issue(guildId: string): Promise<FeedAddress> {
    const base = this.requireServer();
    const token = randomBytes(32).toString('base64url');
    const tokenHash = hashFeedToken(token);
    await this.deps.db.calendarFeed.upsert({ where: { guildId }, create: { guildId, tokenHash }, update: { tokenHash, createdAt: this.deps.clock.now() } });
    return { url: `${base}/calendar/${token}.ics` };
  }

  async isOn(guildId: string): Promise<boolean> {
    return (await this.deps.db.calendarFeed.count({ where: { guildId } })) > 0;
  }

  /** Turns the feed on with a new address; refused when it is on (its address cannot be shown again). */
  async enable(guildId: string): Promise<FeedAddress> {
    this.requireServer();
    if (await this.isOn(guildId)) {
      throw new DomainError('invalid', msg('settings:feed.alreadyOn'));
    }
    return this.issue(guildId);
  }

  /** A new address; the old one answers 404 from now on. */
  async rotate(guildId: string): Promise<FeedAddress> {
    this.requireServer();
    if (!(await this.isOn(guildId))) throw new DomainError('invalid', msg('settings:feed.isOff'));
    return this.issue(guildId);
  }

  /** Off: the address answers 404. Returns whether it was on. */
  async disable(guildId: string): Promise<boolean> {
    return (await this.deps.db.calendarFeed.deleteMany({ where: { guildId } })).count > 0;
  }

  /** The server a token opens, or null (unknown, rotated, off or malformed). */
  async guildFor(token: string): Promise<string | null> {
    if (!TOKEN.test(token)) return null;
    const row = await this.deps.db.calendarFeed.findUnique({ where: { tokenHash: hashFeedToken(token) }, select: { guildId: true } });
    return row?.guildId ?? null;
  }
}
