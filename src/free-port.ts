// A loopback port for a server that has to be told its port before it starts.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The lowest port the kernel hands out to listen(0) (Linux: /proc; elsewhere its usual 32768). */
function ephemeralLow(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768;
  }
}

const canListen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

/**
 * A TCP port free on loopback right now, for a server whose port must be known before it listens
 * (a throwaway PostgreSQL, a bot's HTTP_PORT in a test). Taken below the kernel's ephemeral
 * range: a port from listen(0) is free again once probed, and a server started on port 0 in the
 * meantime (a sandbox, another test's) could be given it first.
 */
export async function freePort(): Promise<number> {
  const high = Math.min(ephemeralLow(), 65_536) - 1;
  const low = high > 21_000 ? 20_000 : 1_024;
  for (let tries = 0; tries < 50; tries++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await canListen(port)) return port;
  }
  throw new Error('no free loopback port found below the ephemeral range');
}
