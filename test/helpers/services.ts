// Services on a fresh real database with a settable clock and a planner that records calls.
import type { Clock } from '../../src/clock';
import { silentLogger } from '../../src/logging/logger';
import { MemoryPoster } from '../../src/posting/memory-poster';
import { RemindersAdmin } from '../../src/reminders/admin';
import { createServices, type Services } from '../../src/services';
import type { ReminderHooks } from '../../src/services/common';
import { createTestDatabase } from './db';

export class FixedClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string | Date): void {
    this.current = new Date(iso);
  }
}

export class RecordingPlanner implements ReminderHooks {
  calls: string[] = [];
  async replanReview(guildId: string, reviewId: number) {
    this.calls.push(`replanReview:${guildId}:${reviewId}`);
  }
  async replanLetter(guildId: string, letterId: number) {
    this.calls.push(`replanLetter:${guildId}:${letterId}`);
  }
  async cancelItem(guildId: string, kind: 'review' | 'letter', id: number) {
    this.calls.push(`cancelItem:${guildId}:${kind}:${id}`);
  }
  async replanGuild(guildId: string) {
    this.calls.push(`replanGuild:${guildId}`);
  }
}

export const GUILD = '111111111111111111';
export const OTHER_GUILD = '222222222222222222';
export const USER = '333333333333333333';

export async function createTestServices(now = '2025-09-01T10:00:00Z', defaultTimezone = 'Europe/Zurich') {
  const database = await createTestDatabase();
  const clock = new FixedClock(new Date(now));
  const planner = new RecordingPlanner();
  const remindersAdmin = new RemindersAdmin({ db: database.prisma, clock, poster: new MemoryPoster() });
  const services: Services = createServices({ db: database.prisma, clock, config: { defaultTimezone }, logger: silentLogger, reminders: planner, remindersAdmin });
  return { database, db: database.prisma, clock, planner, services, cleanup: database.cleanup };
}
