// An attachment's bytes (backup files are compressed, so not text), bounded in time and size.
import { DomainError, msg } from '../domain-error';

export async function downloadBytes(url: string, maxBytes: number): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch {
    throw new DomainError('invalid', msg('backup:error.download'));
  }
  if (!res.ok) throw new DomainError('invalid', msg('backup:error.downloadStatus', { status: res.status }));
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new DomainError('invalid', msg('backup:error.tooLarge', { mib: Math.round(maxBytes / 1_048_576) }));
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.length > maxBytes) throw new DomainError('invalid', msg('backup:error.tooLarge', { mib: Math.round(maxBytes / 1_048_576) }));
  return buf;
}
