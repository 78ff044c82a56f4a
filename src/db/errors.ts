// What a failed database write means, as a fact callers can act on: a unique constraint already
// held, a row that is not there, or a reference to a row that does not exist. The wording a user
// reads belongs to the services that know what the row is.

export type ConstraintKind = 'duplicate' | 'missing' | 'dangling';

export class ConstraintViolation extends Error {
  constructor(
    readonly kind: ConstraintKind,
    /** The columns of the unique constraint, for a duplicate (as the adapter reported them). */
    readonly fields: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`database constraint violated: ${kind}${fields.length ? ` (${fields.join(', ')})` : ''}`, options);
    this.name = 'ConstraintViolation';
  }
}

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

/** The constraint a Prisma error reports, or null for any other failure. */
export function constraintViolation(err: unknown): ConstraintViolation | null {
  if (!isKnownPrismaError(err)) return null;
  if (err.code === 'P2002') return new ConstraintViolation('duplicate', uniqueFields(err), { cause: err });
  if (err.code === 'P2025' || err.code === 'P2018') return new ConstraintViolation('missing', [], { cause: err });
  if (err.code === 'P2003') return new ConstraintViolation('dangling', [], { cause: err });
  return null;
}

/** Runs a database write; constraint failures come out as ConstraintViolation, anything else as it was. */
export async function reportConstraints<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw constraintViolation(err) ?? err;
  }
}
