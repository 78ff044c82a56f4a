/**
 * Faults on demand: REST answers replaced by errors, 429s or delays for requests matching a
 * route pattern, a given number of times. (Gateway faults — drop, reconnect, invalid
 * session — are actions, carried out by the gateway at once.)
 */
import { ControlError } from './errors.js';

export interface FaultSpec {
  /**
   * Which requests: matched against "METHOD /path" (path below /api/v10, `@original` decoded).
   * A pattern starting with `^` is a regular expression; otherwise a glob where `*` is any text,
   * anchored at both ends. A glob starting with `/` matches the path with any method.
   * Omitted: every REST request.
   */
  route?: string;
  /** HTTP status to answer with (429 answers with Retry-After and Discord's 429 body). */
  status?: number;
  /** Discord error code for the body (with `message`), e.g. 50013. */
  code?: number;
  message?: string;
  /** How many matching requests get the fault; default 1; -1 = until cleared. */
  times?: number;
  /** For 429: seconds to wait (default 0.05). */
  retryAfter?: number;
  /** For 429: a global rate limit (X-RateLimit-Global). */
  global?: boolean;
  /** Wait this long before answering (e.g. longer than the client's 15 s timeout). */
  delayMs?: number;
  /**
   * 'before' (default): answer with the fault without doing the request.
   * 'after': do the request (e.g. post the message), then answer with the fault — as when
   * Discord did the work but the answer was lost.
   */
  phase?: 'before' | 'after';
  /** Gateway: close every connection abruptly (the bot should RESUME). */
  dropGateway?: boolean;
  /** Gateway: send op 7 Reconnect (the bot should reconnect and RESUME). */
  reconnect?: boolean;
  /** Gateway: send op 9 Invalid Session (the bot should IDENTIFY again). */
  invalidSession?: boolean;
  /** With invalidSession: d = true (resumable). */
  resumable?: boolean;
}

export interface FaultRule extends FaultSpec {
  id: number;
  remaining: number;
  hits: number;
  matcher: (methodAndPath: string, path: string) => boolean;
}

export function compileRoute(route: string | undefined): FaultRule['matcher'] {
  if (!route || route === '*') return () => true;
  if (route.startsWith('^')) {
    let re: RegExp;
    try {
      re = new RegExp(route);
    } catch (e) {
      throw new ControlError(400, `bad route regex: ${(e as Error).message}`);
    }
    return (mp) => re.test(mp);
  }
  const glob = new RegExp(
    '^' +
      route
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
    'i',
  );
  return route.startsWith('/') ? (_mp, path) => glob.test(path) : (mp) => glob.test(mp);
}

export class FaultTable {
  private rules: FaultRule[] = [];
  private nextId = 1;

  /** Adds a REST fault rule (when it has a status or delay). */
  add(spec: FaultSpec): FaultRule | undefined {
    if (spec.status === undefined && spec.delayMs === undefined) return undefined;
    if (spec.status !== undefined && (!Number.isInteger(spec.status) || spec.status < 200 || spec.status > 599)) {
      throw new ControlError(400, `bad status ${spec.status}`);
    }
    const times = spec.times ?? 1;
    const rule: FaultRule = {
      ...spec,
      id: this.nextId++,
      remaining: times < 0 ? Number.POSITIVE_INFINITY : times,
      hits: 0,
      matcher: compileRoute(spec.route),
    };
    this.rules.push(rule);
    return rule;
  }

  /** The first active rule for a request, used up by one. */
  take(method: string, path: string): FaultRule | undefined {
    const mp = `${method} ${path}`;
    const rule = this.rules.find((r) => r.remaining > 0 && r.matcher(mp, path));
    if (!rule) return undefined;
    rule.remaining -= 1;
    rule.hits += 1;
    return rule;
  }

  list(): Omit<FaultRule, 'matcher'>[] {
    return this.rules.map(({ matcher: _m, ...rest }) => ({
      ...rest,
      remaining: Number.isFinite(rest.remaining) ? rest.remaining : -1,
    }));
  }

  clear(): void {
    this.rules = [];
  }
}

/** Discord's message for the codes faults are usually asked for. */
export function messageForCode(code: number | undefined, status: number): string {
  const known: Record<number, string> = {
    0: `${status}: ${status >= 500 ? 'Internal Server Error' : 'Error'}`,
    10003: 'Unknown Channel',
    10004: 'Unknown Guild',
    10008: 'Unknown Message',
    10062: 'Unknown interaction',
    40060: 'Interaction has already been acknowledged.',
    50001: 'Missing Access',
    50013: 'Missing Permissions',
    50027: 'Invalid Webhook Token',
    50035: 'Invalid Form Body',
    130000: 'API resource is currently overloaded. Try again a little later.',
  };
  return known[code ?? 0] ?? `${status}: Error`;
}
