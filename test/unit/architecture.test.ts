// The import graph of src/ and commands/, read with TypeScript's own import scanner, checked
// against the layers that docs/architecture.md declares: a folder may import only from folders
// in layers below its own, so no cycle between folders can form and the flow reads one way.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'generated' || name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The unit the layers speak of: a folder under src/, a top-level file of src/, or commands/. */
function unitOf(file: string): string {
  const parts = relative(root, file).split('/');
  if (parts[0] !== 'src') return `${parts[0]}/`;
  return parts.length > 2 ? `src/${parts[1]}/` : `src/${parts[1]}`;
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

interface Edge {
  from: string;
  to: string;
  file: string;
  target: string;
}

function importEdges(): Edge[] {
  const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'commands'))];
  return files.flatMap((file) =>
    ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.filter((i) => i.fileName.startsWith('.'))
      .flatMap((i) => {
        const target = resolveImport(file, i.fileName);
        if (!target || target.includes('/generated/')) return [];
        return [{ from: unitOf(file), to: unitOf(target), file: relative(root, file), target: relative(root, target) }];
      })
      .filter((e) => e.from !== e.to),
  );
}

/** The ```layers block of docs/architecture.md: one line per layer, top first, `name: units`. */
function declaredLayers(): Map<string, number> {
  const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
  const block = /```layers\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error('docs/architecture.md has no ```layers block');
  const rank = new Map<string, number>();
  const lines = block[1]!.split('\n').filter((l) => l.trim());
  lines.forEach((line, index) => {
    const units = line.slice(line.indexOf(':') + 1).trim().split(/\s+/);
    for (const unit of units) rank.set(unit, lines.length - index);
  });
  return rank;
}

/** Imports from a unit to one in its own layer or above ("a -> b" by file). */
function upwardImports(edges: readonly Edge[], layers: ReadonlyMap<string, number>): string[] {
  return edges.filter((e) => layers.has(e.from) && layers.has(e.to) && layers.get(e.from)! <= layers.get(e.to)!).map((e) => `${e.file} -> ${e.target}`);
}

/** Every cycle between units, each as "a -> b -> a". */
function unitCycles(edges: readonly Edge[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) next.set(e.from, (next.get(e.from) ?? new Set()).add(e.to));
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (unit: string, path: string[]): void => {
    if (state.get(unit) === 'done') return;
    if (state.get(unit) === 'open') {
      cycles.push([...path.slice(path.indexOf(unit)), unit].join(' -> '));
      return;
    }
    state.set(unit, 'open');
    for (const to of next.get(unit) ?? []) visit(to, [...path, unit]);
    state.set(unit, 'done');
  };
  for (const unit of next.keys()) visit(unit, []);
  return cycles;
}

describe('the import graph', () => {
  const edges = importEdges();
  const layers = declaredLayers();

  it('places every folder of src/ and commands/ in a declared layer', () => {
    const units = new Set(edges.flatMap((e) => [e.from, e.to]));
    const undeclared = [...units].filter((u) => !layers.has(u));
    expect(undeclared, 'add these to the layers block of docs/architecture.md').toEqual([]);
  });

  it('imports only downwards: no folder imports a folder of its own layer or above', () => {
    expect(upwardImports(edges, layers)).toEqual([]);
  });

  it('has no cycle between folders', () => {
    expect(unitCycles(edges)).toEqual([]);
  });

  it('the checks report an upward import and a cycle when there is one', () => {
    const edge = (from: string, to: string): Edge => ({ from, to, file: `${from}x.ts`, target: `${to}y.ts` });
    const synthetic = new Map([
      ['top/', 2],
      ['bottom/', 1],
    ]);
    expect(upwardImports([edge('top/', 'bottom/')], synthetic)).toEqual([]);
    expect(upwardImports([edge('bottom/', 'top/')], synthetic)).toEqual(['bottom/x.ts -> top/y.ts']);
    expect(unitCycles([edge('top/', 'bottom/'), edge('bottom/', 'top/')])).toEqual(['top/ -> bottom/ -> top/']);
  });
});
