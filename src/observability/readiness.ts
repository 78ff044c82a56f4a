// Whether this process should be sent work: its gateway shards are all READY, the database
// answers, and it is not stopping. The decision is pure; the probes are given.
export interface ReadinessProbes {
  /** Each shard of this process: READY or not (empty while the client is not logged in). */
  shards(): readonly boolean[];
  /** Resolves when the database answers a trivial query. */
  database(): Promise<void>;
  stopping(): boolean;
}

export interface Readiness {
  ready: boolean;
  gateway: 'ready' | 'not ready';
  database: 'ok' | string;
  stopping: boolean;
}

export function decide(shards: readonly boolean[], database: 'ok' | string, stopping: boolean): Readiness {
  const gatewayReady = shards.length > 0 && shards.every(Boolean);
  return { ready: gatewayReady && database === 'ok' && !stopping, gateway: gatewayReady ? 'ready' : 'not ready', database, stopping };
}

/** Runs the probes (the database one bounded by `timeoutMs`) and decides. */
export async function checkReadiness(probes: ReadinessProbes, timeoutMs = 2_000): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const database = await Promise.race([
    probes.database().then(() => 'ok'),
    new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs))),
  ])
    .catch((err: unknown) => `error: ${(err as Error).message?.split('\n')[0] ?? String(err)}`)
    .finally(() => clearTimeout(timer));
  return decide(probes.shards(), database, probes.stopping());
}
