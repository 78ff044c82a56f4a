// Database failures reach callers as domain errors with a message a user can act on, never as
// raw Prisma errors.
import { DomainError } from '../domain-error';

interface KnownPrismaError {
  code: string;
  meta?: { target?: unknown; modelName?: string; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } };
}

function isKnownPrismaError(err: unknown): err is KnownPrismaError {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' && /^P\d{4}$/.test((err as { code: string }).code);
}

/** Fields of a unique constraint that a P2002 names, in whichever shape the adapter reported them. */
export function uniqueFields(err: KnownPrismaError): string[] {
  const target = err.meta?.target;
  if (Array.isArray(target)) return target.map(String);
  if (typeof target === 'string') return [target];
  return err.meta?.driverAdapterError?.cause?.constraint?.fields ?? [];
}

/**
 * Runs a database write and translates constraint violations. `duplicate` says, for the model
 * at hand, what a duplicate means to the user (e.g. "Belarus is already in WG session 50").
 */
export async function translateDbErrors<T>(work: () => Promise<T>, messages: { duplicate?: string; missing?: string } = {}): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isKnownPrismaError(err)) {
      if (err.code === 'P2002') {
        throw new DomainError('duplicate', messages.duplicate ?? `That already exists (${uniqueFields(err).join(', ') || 'unique constraint'}).`);
      }
      if (err.code === 'P2025' || err.code === 'P2018') throw new DomainError('not_found', messages.missing ?? 'That item no longer exists.');
      if (err.code === 'P2003') throw new DomainError('invalid', 'That refers to an item that does not exist.');
    }
    throw err;
  }
}
