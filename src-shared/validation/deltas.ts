/** Deltas between two validation results: what changed, which confidence moved and by how much. */
import { LEVEL_RANK } from './confidence';
import { round, show } from './checks';
import { componentOutcome } from './suite';
import type { CheckDelta, ComponentDelta, ValidationDeltas, ValidationResult } from './types';
import { plural } from '../report/format';

const sameNumber = (a: number | null, b: number | null) => a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b)));

export function computeDeltas(prev: { id: number; result: ValidationResult }, cur: ValidationResult): ValidationDeltas {
  const p = prev.result;
  const ids = [...new Set([...cur.components.map((c) => c.id), ...p.components.map((c) => c.id)])];
  const components: ComponentDelta[] = ids.map((id) => {
    const a = p.components.find((c) => c.id === id);
    const b = cur.components.find((c) => c.id === id);
    const lf = a?.confidence.level ?? null;
    const lt = b?.confidence.level ?? null;
    const sf = a?.confidence.score ?? null;
    const st = b?.confidence.score ?? null;
    return {
      id,
      name: (b ?? a)!.name,
      // The status shown everywhere else: an assumed input without checks is "not checked", not PASS.
      statusFrom: a ? componentOutcome(a) : null,
      statusTo: b ? componentOutcome(b) : null,
      levelFrom: lf,
      levelTo: lt,
      levelMoved: lf && lt ? LEVEL_RANK[lt] - LEVEL_RANK[lf] : null,
      scoreFrom: sf,
      scoreTo: st,
      scoreMoved: sf !== null && st !== null ? st - sf : null,
    };
  });
  const checks: CheckDelta[] = [];
  for (const b of cur.components) {
    const a = p.components.find((c) => c.id === b.id);
    for (const cb of b.checks) {
      const ca = a?.checks.find((x) => x.id === cb.id);
      const from = ca?.measured ?? null;
      const to = cb.measured;
      if (ca && ca.status === cb.status && sameNumber(from, to)) continue;
      checks.push({
        componentId: b.id,
        checkId: cb.id,
        name: cb.name,
        statusFrom: ca?.status ?? null,
        statusTo: cb.status,
        measuredFrom: from,
        measuredTo: to,
        change: from !== null && to !== null ? round(to - from, 9) : null,
      });
    }
  }
  const inputChanges: ValidationDeltas['inputChanges'] = [];
  const ia = p.inputs;
  const ib = cur.inputs;
  for (const k of ['seed', 'runs', 'z', 'snapshotId', 'appVersion', 'timeZone'] as const) {
    if (String(ia[k]) !== String(ib[k])) inputChanges.push({ name: k, from: String(ia[k]), to: String(ib[k]) });
  }
  for (const k of new Set([...Object.keys(ia.params), ...Object.keys(ib.params)])) {
    if (ia.params[k] !== ib.params[k]) inputChanges.push({ name: k, from: String(ia.params[k] ?? '—'), to: String(ib.params[k] ?? '—') });
  }
  const notes: string[] = [];
  for (const c of components) {
    if (c.levelMoved) notes.push(`${c.name}: confidence ${c.levelFrom} → ${c.levelTo} (${c.levelMoved > 0 ? '+' : ''}${c.levelMoved} level${Math.abs(c.levelMoved) > 1 ? 's' : ''}, score ${c.scoreFrom} → ${c.scoreTo})`);
    else if (c.levelFrom !== c.levelTo) notes.push(`${c.name}: confidence ${c.levelFrom ?? 'n/a'} → ${c.levelTo ?? 'n/a'}`);
    else if (c.scoreMoved) notes.push(`${c.name}: confidence stays ${c.levelTo ?? 'n/a'}, score ${c.scoreFrom} → ${c.scoreTo} (${c.scoreMoved > 0 ? '+' : ''}${c.scoreMoved})`);
    if (c.statusFrom !== c.statusTo) notes.push(`${c.name}: ${c.statusFrom ?? 'absent'} → ${c.statusTo ?? 'absent'}`);
  }
  for (const d of checks.filter((x) => x.statusFrom !== x.statusTo)) notes.push(`check "${d.name}": ${d.statusFrom ?? 'new'} → ${d.statusTo}`);
  const valueMoves = checks.filter((x) => x.statusFrom === x.statusTo && x.change !== null).length;
  if (valueMoves) notes.push(`${plural(valueMoves, 'check')} measured a different value with the same outcome`);
  for (const i of inputChanges) notes.push(`input ${i.name}: ${i.from} → ${i.to}`);
  if (!notes.length) notes.push(`no changes since report #${prev.id}: same inputs, same values, same confidence`);
  return {
    previousId: prev.id,
    previousCreatedAt: p.createdAt,
    passedFrom: p.summary.passed,
    passedTo: cur.summary.passed,
    failedFrom: p.summary.failed,
    failedTo: cur.summary.failed,
    components,
    checks,
    inputChanges,
    notes,
  };
}

export { show as showNumber };
