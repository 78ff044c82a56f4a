// Serves calendar feeds read-only: GET or HEAD /calendar/<token>.ics answers text/calendar built
// at request time. Anything unknown (no such token, rotated, off) is left to the server's 404 for
// any missing path, so an answer never tells whether a token once existed.
import type { RequestHandler } from '../observability/http-server';
import type { CalendarExportService } from '../services/calendar-export';
import type { CalendarFeedService } from '../services/calendar-feed';

const PATH = /^\/calendar\/([^/]+)\.ics$/;

export function calendarFeedHandler(deps: { feeds: CalendarFeedService; calendarExport: CalendarExportService }): RequestHandler {
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const match = PATH.exec(path);
    if (!match) return false;
    // Other methods and unknown tokens get the server's own answers (405, 404).
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const guildId = await deps.feeds.guildFor(match[1]!);
    if (!guildId) return false;
    const cal = await deps.calendarExport.export(guildId);
    const body = Buffer.from(cal.ics, 'utf8');
    res.writeHead(200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-length': String(body.length),
      'content-disposition': 'inline; filename="upr.ics"',
      // Private to the holder of the address; calendar apps poll it.
      'cache-control': 'private, max-age=300',
      'referrer-policy': 'no-referrer',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
