// The planner's decisions, from values only: given the rows that exist for some items and the
// items as they are now, which rows to create, move, refresh, revive or cancel. The planner
// (planner.ts) reads the values and applies the steps; the rules are in its file comment.
import { dueInstant, type LeadTime } from '../dates/lead-times';
import { roundLeadKey, splitLeadKey, type ReminderKind } from './keys';

/** One item's wanted reminders: one row per lead time before `eventAt`. */
export interface PlannedItem {
  kind: ReminderKind;
  itemKey: string;
  reviewId: number | null;
  letterId: number | null;
  eventAt: Date;
  channelId: string | null;
  leads: LeadTime[];
}

/** The fields of an existing row the decisions read. */
export interface ExistingRow {
  id: number;
  itemKey: string;
  leadKey: string;
  status: string;
  dueAt: Date;
  eventAt: Date;
  channelId: string | null;
}

export type PlanStep =
  | { step: 'create'; item: PlannedItem; leadKey: string; dueAt: Date }
  /** Keeps the due instant; follows the item's channel and event instant. */
  | { step: 'refresh'; id: number; item: PlannedItem }
  | { step: 'move'; id: number; item: PlannedItem; dueAt: Date }
  | { step: 'revive'; id: number; item: PlannedItem; dueAt: Date };

export interface RowPlan {
  steps: PlanStep[];
  /** Pending rows no longer wanted. */
  cancel: number[];
}

const same = (a: Date | null | undefined, b: Date | null | undefined) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
const HISTORY = new Set(['posted', 'failed', 'skipped']);

export function planRows(existing: readonly ExistingRow[], items: readonly PlannedItem[], zone: string, now: Date): RowPlan {
  const byItem = new Map<string, Map<string, ExistingRow[]>>();
  for (const row of [...existing].sort((a, b) => a.id - b.id)) {
    const { base } = splitLeadKey(row.leadKey);
    let leads = byItem.get(row.itemKey);
    if (!leads) byItem.set(row.itemKey, (leads = new Map()));
    leads.set(base, [...(leads.get(base) ?? []), row]);
  }
  const handled = new Set<number>();
  const steps: PlanStep[] = [];
  const cancel: number[] = [];

  for (const item of items) {
    const rowsOf = byItem.get(item.itemKey) ?? new Map<string, ExistingRow[]>();
    if (item.eventAt <= now) {
      // The event has happened: what is left is the scheduler's to skip, nothing to plan.
      for (const rows of rowsOf.values()) for (const r of rows) handled.add(r.id);
      continue;
    }
    const candidates = item.leads.map((lead) => ({ lead, due: dueInstant(item.eventAt, lead, zone) }));
    const future = candidates.filter((c) => c.due > now);
    const wanted = new Map<string, { due: Date; dueNow: boolean }>();
    if (future.length > 0) for (const c of future) wanted.set(c.lead.key, { due: c.due, dueNow: false });
    else if (candidates.length > 0) {
      const nearest = candidates.reduce((a, b) => (b.due > a.due ? b : a));
      wanted.set(nearest.lead.key, { due: nearest.due, dueNow: true });
    }

    for (const c of candidates) {
      const rounds = [...(rowsOf.get(c.lead.key) ?? [])].sort((a, b) => splitLeadKey(a.leadKey).round - splitLeadKey(b.leadKey).round);
      for (const r of rounds) handled.add(r.id);
      const current = rounds[rounds.length - 1];
      const want = wanted.get(c.lead.key);
      if (!want) {
        if (current?.status === 'pending') {
          // Kept when it only came due while no scheduler ran; otherwise no longer wanted.
          if (same(current.dueAt, c.due)) steps.push({ step: 'refresh', id: current.id, item });
          else cancel.push(current.id);
        }
        continue;
      }
      const dueAt = want.dueNow ? now : c.due;
      if (!current) {
        steps.push({ step: 'create', item, leadKey: c.lead.key, dueAt });
      } else if (current.status === 'pending') {
        if (same(current.dueAt, c.due) || (want.dueNow && current.dueAt <= now)) steps.push({ step: 'refresh', id: current.id, item });
        else steps.push({ step: 'move', id: current.id, item, dueAt });
      } else if (current.status === 'cancelled') {
        steps.push({ step: 'revive', id: current.id, item, dueAt });
      } else if (HISTORY.has(current.status) && !same(current.eventAt, item.eventAt)) {
        // Done for an earlier date of the item: the rescheduled event gets this lead again.
        steps.push({ step: 'create', item, leadKey: roundLeadKey(c.lead.key, splitLeadKey(current.leadKey).round + 1), dueAt });
      }
      // claimed: being posted right now; history for this very date: done.
    }
  }
  for (const row of existing) if (!handled.has(row.id) && row.status === 'pending') cancel.push(row.id);
  // A refresh that changes nothing is no step at all.
  const needed = steps.filter((s) => {
    if (s.step !== 'refresh') return true;
    const row = existing.find((r) => r.id === s.id)!;
    return row.channelId !== s.item.channelId || !same(row.eventAt, s.item.eventAt);
  });
  return { steps: needed, cancel };
}
