// Nothing left behind in one language: both catalogs have the same keys, name the same values,
// carry the plural forms each language needs, and every key the code names exists.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGS, NAMESPACES } from '../../src/i18n/catalog';
import { LANGS } from '../../src/i18n';

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** "a.b.c" -> message, for every leaf of a catalog. */
function leaves(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof node === 'string') out.set(prefix, node);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) for (const [kk, vv] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
  }
  return out;
}

const messages = (lang: (typeof LANGS)[number]): Map<string, string> => {
  const all = new Map<string, string>();
  for (const ns of NAMESPACES) for (const [k, v] of leaves(CATALOGS[lang][ns])) all.set(`${ns}:${k}`, v);
  return all;
};

/** The values a message names: {{name}} and {{name, format}}. */
const varsOf = (message: string): string[] => [...new Set([...message.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]!))].sort();

const en = messages('en');
const es = messages('es');
const base = (key: string): string => key.replace(PLURAL, '');

describe('the message catalogs', () => {
  it('have the same keys in English and Spanish (plural forms aside)', () => {
    const enKeys = new Set([...en.keys()].map(base));
    const esKeys = new Set([...es.keys()].map(base));
    expect([...enKeys].filter((k) => !esKeys.has(k)), 'in English only').toEqual([]);
    expect([...esKeys].filter((k) => !enKeys.has(k)), 'in Spanish only').toEqual([]);
  });

  it('give every plural message its one and other forms in both languages', () => {
    for (const cat of [en, es]) {
      const plurals = new Set([...cat.keys()].filter((k) => PLURAL.test(k)).map(base));
      for (const p of plurals) {
        expect(cat.has(`${p}_one`), `${p}_one`).toBe(true);
        expect(cat.has(`${p}_other`), `${p}_other`).toBe(true);
      }
    }
  });

  it('name the same values in both languages', () => {
    const varsByBase = (cat: Map<string, string>): Map<string, string[]> => {
      const out = new Map<string, Set<string>>();
      for (const [k, v] of cat) {
        const set = out.get(base(k)) ?? new Set<string>();
        for (const name of varsOf(v)) set.add(name);
        out.set(base(k), set);
      }
      return new Map([...out].map(([k, s]) => [k, [...s].filter((n) => n !== 'count').sort()]));
    };
    const enVars = varsByBase(en);
    const esVars = varsByBase(es);
    const differing = [...enVars].filter(([k, v]) => esVars.has(k) && JSON.stringify(v) !== JSON.stringify(esVars.get(k)));
    expect(differing.map(([k, v]) => `${k}: en ${v.join(',')} / es ${esVars.get(k)!.join(',')}`)).toEqual([]);
  });

  it('name commands in Spanish the way a Spanish reader types them', async () => {
    const { commandDefinitions } = await import('../../commands');
    const english = commandDefinitions().map((c) => c.name);
    const mention = new RegExp(`/(${english.join('|')})\\b`);
    expect([...es].filter(([, v]) => mention.test(v)).map(([k, v]) => `${k}: ${v}`)).toEqual([]);
  });

  it('have no empty message', () => {
    for (const cat of [en, es]) expect([...cat].filter(([, v]) => !v.trim()).map(([k]) => k)).toEqual([]);
  });
});

describe('the keys the code names', () => {
  const root = join(import.meta.dirname, '..', '..');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return name === 'generated' ? [] : files(p);
      return p.endsWith('.ts') ? [p] : [];
    });

  it('all exist in the catalogs', () => {
    const known = new Set([...en.keys()].map(base));
    const missing: string[] = [];
    for (const file of [...files(join(root, 'src')), ...files(join(root, 'commands'))]) {
      // Comments may show a key's shape by example; code is what must resolve.
      const source = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
        .join('\n');
      for (const m of source.matchAll(/\b(?:t|msg)\(\s*'([a-z][\w-]*:[\w.-]+)'/g)) {
        if (!known.has(m[1]!)) missing.push(`${file.slice(root.length + 1)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('the English-sentence finder the Spanish scenario uses', () => {
  it('finds an English message and passes its Spanish translation', async () => {
    const { englishSentencesIn } = await import('../helpers/english-leak');
    const { translator } = await import('../../src/i18n');
    expect(englishSentencesIn(`> ${translator('en')('common:unexpected')}`).length).toBeGreaterThan(0);
    expect(englishSentencesIn(translator('es')('common:unexpected'))).toEqual([]);
  });
});
