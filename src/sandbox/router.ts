/**
 * One small router for the REST API and the control API: "METHOD /a/:param/b" patterns compiled
 * once into a table ordered so literal segments win over parameters (/users/@me before
 * /users/:user_id), then matched segment by segment.
 */

export interface RouteMatch<T> {
  route: T;
  params: Record<string, string>;
  /** The pattern with `{param}` placeholders, e.g. "/channels/{channel_id}/messages". */
  template: string;
}

interface Compiled<T> {
  method: string;
  parts: string[];
  literals: number;
  route: T;
  template: string;
}

export class Router<T> {
  /** Compiled routes by segment count, most literal first. */
  private readonly table = new Map<number, Compiled<T>[]>();

  constructor(routes: readonly { method: string; pattern: string; route: T }[]) {
    for (const { method, pattern, route } of routes) {
      const parts = pattern.split('/').filter(Boolean);
      const list = this.table.get(parts.length) ?? [];
      list.push({
        method,
        parts,
        literals: parts.filter((p) => !p.startsWith(':')).length,
        route,
        template: pattern.replace(/:([A-Za-z_]+)/g, '{$1}'),
      });
      this.table.set(parts.length, list);
    }
    for (const list of this.table.values()) list.sort((a, b) => b.literals - a.literals);
  }

  /** The route for a method and decoded path; 'method' when the path exists with other methods. */
  match(method: string, path: string): RouteMatch<T> | 'method' | undefined {
    const segments = path.split('/').filter(Boolean);
    let pathMatched = false;
    for (const entry of this.table.get(segments.length) ?? []) {
      const params: Record<string, string> = {};
      const matches = entry.parts.every((part, i) => {
        const segment = segments[i] ?? '';
        if (part.startsWith(':')) {
          params[part.slice(1)] = segment;
          return true;
        }
        return part === segment;
      });
      if (!matches) continue;
      pathMatched = true;
      if (entry.method === method) return { route: entry.route, params, template: entry.template };
    }
    return pathMatched ? 'method' : undefined;
  }
}
