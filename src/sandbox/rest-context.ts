/**
 * What a REST route handler receives and returns, and the small helpers every handler uses.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { UploadedFile } from './messages.js';
import type { SandboxState } from './state.js';
import type { Issue } from './validation.js';

export interface RestContext {
  state: SandboxState;
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  files: UploadedFile[];
  /** Throws Discord's 400 (and records a violation) when there are issues. */
  validate: (issues: Issue[]) => void;
}

export interface RestResult {
  status: number;
  body?: unknown;
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  pattern: string;
  /** 'bot': needs `Authorization: Bot <token>` and counts against the global limit; 'token': the token is in the path. */
  auth: 'bot' | 'token' | 'none';
  /** The major parameter(s) of the rate-limit bucket. */
  major?: string | string[];
  /** The per-channel message limit instead of the generic route window. */
  channelMessageLimit?: boolean;
  handler: (ctx: RestContext) => RestResult | Promise<RestResult>;
}

export type Obj = Record<string, unknown>;
export const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
export const ok = (body: unknown, status = 200): RestResult => ({ status, body });
export const noContent = (): RestResult => ({ status: 204 });

/** A boolean query parameter as Discord reads it: True, true or 1; False, false or 0. */
export function queryFlag(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (['True', 'true', '1'].includes(value)) return true;
  if (['False', 'false', '0'].includes(value)) return false;
  return undefined;
}
