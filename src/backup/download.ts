// An attachment's bytes (backup files are compressed, so not text), bounded in time and size.
import { DomainError } from '../domain-error';

export async function downloadBytes(url: string, maxBytes: number): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch {
    throw new DomainError('invalid', 'Could not download the attached file. Please try again. Nothing was changed.');
  }
  if (!res.ok) throw new DomainError('invalid', `Could not download the attached file (HTTP ${res.status}). Nothing was changed.`);
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new DomainError('invalid', `The file is too large (at most ${Math.round(maxBytes / 1_048_576)} MiB). Nothing was changed.`);
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.length > maxBytes) throw new DomainError('invalid', `The file is too large (at most ${Math.round(maxBytes / 1_048_576)} MiB). Nothing was changed.`);
  return buf;
}
