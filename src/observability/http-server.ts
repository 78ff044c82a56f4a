// The operator's HTTP port: /healthz (the process is alive and its event loop turns), /readyz
// (200 when it should be sent work, 503 otherwise, with the reasons as JSON) and /metrics
// (Prometheus text format). Only GET and HEAD; nothing here changes anything.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logging/logger';
import type { Metrics } from './metrics';
import { checkReadiness, type ReadinessProbes } from './readiness';

/** Handles a request and returns true, or returns false to let the next one (or the built-ins) answer. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface HttpServer {
  /** Base URL, e.g. http://127.0.0.1:9464 (the port actually bound when 0 was asked). */
  url: string;
  /** Adds paths served by other parts of the bot (mounted once they exist, after start). */
  mount(handler: RequestHandler): void;
  close(): Promise<void>;
}

export async function startHttpServer(opts: { port: number; host: string; metrics: Metrics; readiness: ReadinessProbes; logger: Logger }): Promise<HttpServer> {
  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  };
  const mounted: RequestHandler[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    for (const h of mounted) if (await h(req, res)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'only GET and HEAD\n');
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    switch (path) {
      case '/healthz':
        return send(res, 200, 'text/plain', 'ok\n');
      case '/readyz': {
        const r = await checkReadiness(opts.readiness);
        return send(res, r.ready ? 200 : 503, 'application/json', `${JSON.stringify(r)}\n`);
      }
      case '/metrics':
        return send(res, 200, opts.metrics.registry.contentType, await opts.metrics.registry.metrics());
      default:
        return send(res, 404, 'text/plain', 'not found; try /healthz, /readyz or /metrics\n');
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      opts.logger.error({ err, url: req.url }, 'http endpoint failed');
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error\n');
    });
  });
  // Probes and scrapes are short; idle keep-alive connections must not hold up a shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  opts.logger.info({ url }, 'health and metrics endpoints listening');
  return {
    url,
    mount: (handler) => void mounted.push(handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
