/** Small helpers for node:http: reading bodies (JSON or multipart) and answering. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UploadedFile } from './messages.js';

const MAX_BODY = 26 * 1024 * 1024;

export function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface ParsedBody {
  /** The JSON body (or multipart `payload_json`); undefined when there is none. */
  json: unknown;
  files: UploadedFile[];
  /** true when the body was present but not valid JSON. */
  badJson: boolean;
}

/** Reads a JSON body, or a multipart/form-data body with `payload_json` and `files[n]`. */
export async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const raw = await readRaw(req);
  const type = String(req.headers['content-type'] ?? '');
  if (raw.length === 0) return { json: undefined, files: [], badJson: false };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    let json: unknown;
    let badJson = false;
    const files: UploadedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') {
          try {
            json = JSON.parse(value);
          } catch {
            badJson = true;
          }
        }
        continue;
      }
      files.push({
        field,
        filename: value.name || field,
        contentType: value.type || null,
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
    return { json, files, badJson };
  }
  try {
    return { json: JSON.parse(raw.toString('utf8')), files: [], badJson: false };
  } catch {
    return { json: undefined, files: [], badJson: true };
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendBytes(res: ServerResponse, data: Buffer, contentType: string, filename: string): void {
  res.writeHead(200, {
    'Content-Type': contentType,
    'Content-Length': String(data.length),
    'Content-Disposition': `inline; filename="${filename.replace(/"/g, '')}"`,
  });
  res.end(data);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
