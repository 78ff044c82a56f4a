// Whether an entry may be undone: nothing may have changed its rows since (an undone change and
// its undo cancel out), and nothing may have been added under a row the undo would delete.
// Pure: takes entries as read from the database.
import { unspaced } from './rows';

export interface EntryFacts {
  id: number;
  at: Date;
  actorName: string;
  action: string;
  rowKeys: string;
  items: string;
  undoOf: number | null;
  undoneById: number | null;
}

/** The first later entry that blocks undoing `entry`, or null. `created` are the items the entry created. */
export function blockingEntry(entry: EntryFacts, created: readonly string[], later: readonly EntryFacts[]): EntryFacts | null {
  const rows = new Set(unspaced(entry.rowKeys));
  const createdItems = new Set(created);
  for (const f of [...later].sort((a, b) => a.id - b.id)) {
    if (f.id <= entry.id) continue;
    // A later change that was itself undone later, and that undo, leave the rows as they were.
    if (f.undoneById !== null && f.undoneById > entry.id) continue;
    if (f.undoOf !== null && f.undoOf > entry.id) continue;
    if (unspaced(f.rowKeys).some((k) => rows.has(k))) return f;
    if (unspaced(f.items).some((i) => createdItems.has(i))) return f;
  }
  return null;
}
