// Raw rows as Prisma's models give them: instants from each engine's raw form, and the list of
// instant fields kept equal to the schema's DateTime fields.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaPath } from '../../src/db/datamodel';
import { INSTANT_FIELDS, instantFromRaw, withInstants } from '../../src/db/raw-rows';

function dateTimeFields(model: string): string[] {
  const body = readFileSync(schemaPath, 'utf8').match(new RegExp(`model ${model} \\{([\\s\\S]*?)\\n\\}`))![1]!;
  return body.split('\n').map((l) => l.trim().match(/^(\w+)\s+DateTime\??(\s|$)/)?.[1]).filter((f): f is string => !!f);
}

describe('raw rows', () => {
  it('lists exactly the DateTime fields the schema declares for each model read raw', () => {
    for (const [model, fields] of Object.entries(INSTANT_FIELDS)) expect([...fields].sort(), model).toEqual(dateTimeFields(model).sort());
  });

  it('reads an instant from ms since the epoch, a Date, and a timestamp with or without a zone (then UTC)', () => {
    const at = new Date('2026-04-02T07:00:00.250Z');
    expect(instantFromRaw(at.getTime())).toEqual(at);
    expect(instantFromRaw(String(at.getTime()))).toEqual(at);
    expect(instantFromRaw(BigInt(at.getTime()))).toEqual(at);
    expect(instantFromRaw(at)).toBe(at);
    expect(instantFromRaw('2026-04-02T07:00:00.25')).toEqual(at);
    expect(instantFromRaw('2026-04-02T07:00:00.25Z')).toEqual(at);
    expect(instantFromRaw('2026-04-02T09:00:00.25+02:00')).toEqual(at);
    expect(instantFromRaw(null)).toBeNull();
    expect(instantFromRaw(undefined)).toBeNull();
  });

  it('converts only the instant fields, leaving text that looks like a timestamp alone', () => {
    const row = withInstants<Record<string, unknown>>('Review', { id: 1, notes: '2026-04-01T12:00:00', reviewAt: '2026-04-02T07:00:00', preSessionAt: null });
    expect(row).toEqual({ id: 1, notes: '2026-04-01T12:00:00', reviewAt: new Date('2026-04-02T07:00:00Z'), preSessionAt: null });
  });
});
