// Prometheus metrics of one bot process (prom-client): the router's and the scheduler's observers
// count into them, the gateway latency is read when scraped, and the default process metrics
// (resident memory, CPU, event loop lag, heap) come with prom-client.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CommandObserver, DiscordEventsObserver, SchedulerObserver } from './events';

export interface Metrics {
  registry: Registry;
  commands: CommandObserver;
  scheduler: SchedulerObserver;
  discordEvents: DiscordEventsObserver;
  /** Reports the gateway latency of each shard of this process (seconds), read at every scrape. */
  gatewayLatency(read: () => ReadonlyMap<number, number>): void;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const commandsTotal = new Counter({
    name: 'upr_commands_total',
    help: 'Slash commands, autocomplete requests and component clicks handled, by command and outcome (ok, refused, error).',
    labelNames: ['command', 'kind', 'outcome'] as const,
    registers: [registry],
  });
  const commandSeconds = new Histogram({
    name: 'upr_command_duration_seconds',
    help: 'Time from an interaction arriving to its answer being sent.',
    labelNames: ['kind'] as const,
    buckets: SECONDS,
    registers: [registry],
  });
  const posted = new Counter({ name: 'upr_reminders_posted_total', help: 'Reminders and digests posted.', labelNames: ['kind'] as const, registers: [registry] });
  const late = new Counter({ name: 'upr_reminders_late_total', help: 'Reminders posted after their planned time (e.g. after down time).', labelNames: ['kind'] as const, registers: [registry] });
  const failed = new Counter({ name: 'upr_reminders_failed_total', help: 'Reminders given up for good (permanent error or attempts exhausted).', labelNames: ['kind'] as const, registers: [registry] });
  const retried = new Counter({ name: 'upr_reminders_retried_total', help: 'Transient posting failures that will be tried again.', labelNames: ['kind'] as const, registers: [registry] });
  const backlog = new Gauge({ name: 'upr_reminders_due_backlog', help: 'Due reminders still waiting after the last scheduler tick.', registers: [registry] });
  const eventsReconciles = new Counter({
    name: 'upr_discord_events_reconciles_total',
    help: "Background syncs of a server's Discord events after a change, by outcome (ok, retrying, given-up, forbidden).",
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const tickSeconds = new Histogram({ name: 'upr_scheduler_tick_duration_seconds', help: 'Duration of one scheduler tick.', buckets: SECONDS, registers: [registry] });

  let readLatency: () => ReadonlyMap<number, number> = () => new Map();
  new Gauge({
    name: 'upr_discord_gateway_latency_seconds',
    help: 'Heartbeat round trip to the Discord gateway, per shard of this process.',
    labelNames: ['shard'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [shard, ms] of readLatency()) if (ms >= 0) this.set({ shard: String(shard) }, ms / 1000);
    },
  });

  return {
    registry,
    commands: {
      handled({ command, kind, outcome, durationMs }) {
        commandsTotal.inc({ command, kind, outcome });
        commandSeconds.observe({ kind }, durationMs / 1000);
      },
    },
    scheduler: {
      posted({ kind, late: wasLate }) {
        posted.inc({ kind });
        if (wasLate) late.inc({ kind });
      },
      failed({ kind }) {
        failed.inc({ kind });
      },
      retried({ kind }) {
        retried.inc({ kind });
      },
      tick({ durationMs, backlog: due }) {
        tickSeconds.observe(durationMs / 1000);
        backlog.set(due);
      },
    },
    discordEvents: {
      reconciled({ outcome }) {
        eventsReconciles.inc({ outcome });
      },
    },
    gatewayLatency(read) {
      readLatency = read;
    },
  };
}
