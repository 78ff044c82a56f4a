/**
 * One REST request, start to end, in Discord's order: faults (when a test asked for them),
 * route, authorization, global and per-route rate limits, body validation, the route itself.
 * Every request is logged (GET /_sandbox/requests) so tests can count retries.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DiscordHttpError, Errors } from './errors.js';
import { messageForCode, type FaultRule } from './faults.js';
import { readBody, sendJson, sleep } from './http-util.js';
import type { RestContext, RestResult } from './rest-context.js';
import { matchRoute } from './rest-routes.js';
import { exhaustedBucketHeaders, tooManyBody, tooManyHeaders } from './ratelimit.js';
import type { SandboxState } from './state.js';
import type { UploadedFile } from './messages.js';
import { UPLOAD_LIMITS, oversizeFile, uploadIssues } from './uploads.js';
import { EMPTY_MESSAGE, dedupeIssues, discordErrorTree, type Issue } from './validation.js';

interface Answer {
  status: number;
  body?: unknown;
  headers: Record<string, string>;
}

/** Ends a request early with a prepared answer (faults, rate limits). */
class EarlyAnswer extends Error {
  constructor(readonly answer: Answer) {
    super(`early answer ${answer.status}`);
  }
}

/**
 * A fault's answer. An injected 429 looks like Discord's: a global one carries only Retry-After
 * and the global headers; a route one also the bucket's headers, exhausted until the retry.
 */
function faultAnswer(rule: FaultRule, bucket: { route: string; limit: number } | undefined): Answer {
  const status = rule.status ?? 500;
  if (status === 429) {
    const retryAfterMs = Math.round((rule.retryAfter ?? 0.05) * 1000);
    const global = rule.global === true;
    return {
      status,
      body: tooManyBody(retryAfterMs, global),
      headers: {
        ...(bucket && !global ? exhaustedBucketHeaders(bucket.route, bucket.limit, retryAfterMs) : {}),
        ...tooManyHeaders(retryAfterMs, global ? 'global' : 'user'),
      },
    };
  }
  return {
    status,
    body: { message: rule.message ?? messageForCode(rule.code, status), code: rule.code ?? 0 },
    headers: {},
  };
}

/** Handles a request below /api/v10; `path` is the decoded path below the version. */
export async function handleRest(state: SandboxState, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  const started = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  let answer: Answer;
  let faultId: number | undefined;
  let body;
  try {
    body = await readBody(req);
  } catch {
    sendJson(res, 413, { message: 'Request entity too large', code: 40005 });
    return;
  }
  let headers: Record<string, string> = {};
  try {
    const match = matchRoute(method, path);
    const bucket =
      match && match !== 'method'
        ? { route: match.bucketRoute, limit: (match.route.channelMessageLimit ? state.limits.channelMessages : state.limits.route).limit }
        : undefined;
    const fault = state.faults.take(method, path);
    if (fault) faultId = fault.id;
    if (fault && fault.phase !== 'after') {
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.status !== undefined) throw new EarlyAnswer(faultAnswer(fault, bucket));
    }
    if (match === 'method') throw Errors.methodNotAllowed();
    if (!match) throw Errors.notFound();
    const { route, params, bucketRoute } = match;
    if (route.auth === 'bot') {
      const auth = String(req.headers.authorization ?? '');
      if (auth !== `Bot ${state.world.token}`) throw Errors.unauthorized();
      const globalVerdict = state.rate.checkGlobal();
      if (globalVerdict) {
        throw new EarlyAnswer({ status: 429, body: tooManyBody(globalVerdict.retryAfterMs ?? 0, true), headers: globalVerdict.headers });
      }
    }
    const window = route.channelMessageLimit ? state.limits.channelMessages : state.limits.route;
    const major = [route.major ?? []].flat().map((name) => params[name] ?? '').join('/');
    const verdict = state.rate.take({ route: bucketRoute, major, window });
    headers = verdict.headers;
    if (verdict.retryAfterMs !== undefined) {
      throw new EarlyAnswer({ status: 429, body: tooManyBody(verdict.retryAfterMs, false), headers: verdict.headers });
    }
    if (body.badJson) throw Errors.badJson();
    const ctx: RestContext = {
      state,
      method,
      path,
      params,
      query,
      headers: req.headers,
      body: body.json,
      files: body.files,
      validate: (issues: Issue[]) => refuseIfInvalid(state, method, path, body.json, issues),
    };
    checkUploads(state, ctx, body.files);
    const result: RestResult = await route.handler(ctx);
    answer = { status: result.status, body: result.body, headers };
    if (fault && fault.phase === 'after') {
      // The work is done; the answer is lost or replaced, as when Discord fails after acting.
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.status !== undefined) answer = faultAnswer(fault, bucket);
    }
  } catch (e) {
    if (e instanceof DiscordHttpError) {
      answer = { status: e.status, body: e.body, headers };
    } else if (e instanceof EarlyAnswer) {
      answer = e.answer;
    } else {
      state.log.error({ err: e, method, path }, 'sandbox: route failed');
      answer = { status: 500, body: { message: '500: Internal Server Error', code: 0 }, headers };
    }
  }
  state.recordRequest({
    at: new Date(started).toISOString(),
    method,
    path,
    query: query.toString(),
    status: answer.status,
    durationMs: Date.now() - started,
    ...(faultId !== undefined ? { fault: faultId } : {}),
    ...(typeof answer.body === 'object' && answer.body !== null && 'code' in answer.body && answer.status >= 400
      ? { code: Number((answer.body as { code: unknown }).code) }
      : {}),
  });
  sendJson(res, answer.status, answer.body, answer.headers);
}

/** Uploaded files: an oversize file is Discord's 413; the other upload rules its 400. */
function checkUploads(state: SandboxState, ctx: RestContext, files: UploadedFile[]): void {
  const big = oversizeFile(files);
  if (big) {
    const message = `${big.filename} is ${big.data.length} bytes; the upload limit is ${UPLOAD_LIMITS.fileBytes} bytes per file`;
    state.recordViolation({ method: ctx.method, path: ctx.path, body: ctx.body, issues: [{ path: big.field, code: 'FILE_TOO_LARGE', message, source: 'limits' }], status: 413, code: 40005 });
    throw new DiscordHttpError(413, { message: 'Request entity too large', code: 40005 });
  }
  ctx.validate(uploadIssues(ctx.body, files, ctx.path.startsWith('/interactions/') ? 'data' : ''));
}

/** Records the violation and throws Discord's 400 for a body with issues. */
function refuseIfInvalid(state: SandboxState, method: string, path: string, body: unknown, raw: Issue[]): void {
  if (raw.length === 0) return;
  const issues = dedupeIssues(raw);
  const onlyEmpty = issues.every((i) => i.code === EMPTY_MESSAGE);
  const error = onlyEmpty
    ? Errors.emptyMessage()
    : Errors.invalidFormBody(discordErrorTree(issues.filter((i) => i.code !== EMPTY_MESSAGE)));
  state.recordViolation({ method, path, body, issues, status: error.status, code: error.body.code });
  throw error;
}
