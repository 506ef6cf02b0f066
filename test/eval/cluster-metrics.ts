// Clustering metrics: B-cubed (Bagga & Baldwin 1998) and pairwise precision/recall/F1, both
// computed from the contingency table of (predicted, gold) cluster pairs, so cost is O(items).
// Items are scored over the keys of `gold`; a gold item the prediction does not mention counts
// as a singleton of its own (never silently dropped), and predicted items without gold are ignored.

export interface Prf { precision: number; recall: number; f1: number }
type Labels = Map<string, string | number>;

const f1Of = (precision: number, recall: number): number =>
  precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;

const pairs = (n: number): number => (n * (n - 1)) / 2;

interface Contingency {
  n: number;
  /** Items per (pred, gold) cell. */
  cells: { pred: string; gold: string; count: number }[];
  predSize: Map<string, number>;
  goldSize: Map<string, number>;
}

function contingency(pred: Labels, gold: Labels): Contingency {
  const cellCounts = new Map<string, { pred: string; gold: string; count: number }>();
  const predSize = new Map<string, number>();
  const goldSize = new Map<string, number>();
  let n = 0;
  for (const [item, g] of gold) {
    // Prefix the label kind so a predicted "3" and a gold 3 never collide, nor a missing item with a real label.
    const p = pred.has(item) ? `p:${String(pred.get(item))}` : `missing:${item}`;
    const gk = `g:${String(g)}`;
    const key = `${p}\u0000${gk}`;
    const cell = cellCounts.get(key);
    if (cell) cell.count++;
    else cellCounts.set(key, { pred: p, gold: gk, count: 1 });
    predSize.set(p, (predSize.get(p) ?? 0) + 1);
    goldSize.set(gk, (goldSize.get(gk) ?? 0) + 1);
    n++;
  }
  return { n, cells: [...cellCounts.values()], predSize, goldSize };
}

/**
 * B-cubed: for each item, precision = |its predicted cluster ∩ its gold cluster| / |predicted
 * cluster|, recall = the same over |gold cluster|, averaged over items. Every item in one cell
 * shares the same values, so the sum is Σ count² / size over cells.
 */
export function bcubed(pred: Labels, gold: Labels): Prf {
  const c = contingency(pred, gold);
  if (c.n === 0) return { precision: 1, recall: 1, f1: 1 };
  let p = 0, r = 0;
  for (const cell of c.cells) {
    p += (cell.count * cell.count) / c.predSize.get(cell.pred)!;
    r += (cell.count * cell.count) / c.goldSize.get(cell.gold)!;
  }
  const precision = p / c.n, recall = r / c.n;
  return { precision, recall, f1: f1Of(precision, recall) };
}

/**
 * Pairwise: of the item pairs put together by the prediction, the share that the gold also puts
 * together (precision), and of the gold pairs, the share the prediction found (recall). With no
 * pairs on one side the ratio is vacuous and reported as 1.
 */
export function pairwise(pred: Labels, gold: Labels): Prf {
  const c = contingency(pred, gold);
  let both = 0, predPairs = 0, goldPairs = 0;
  for (const cell of c.cells) both += pairs(cell.count);
  for (const s of c.predSize.values()) predPairs += pairs(s);
  for (const s of c.goldSize.values()) goldPairs += pairs(s);
  const precision = predPairs ? both / predPairs : 1;
  const recall = goldPairs ? both / goldPairs : 1;
  return { precision, recall, f1: f1Of(precision, recall) };
}

/** Hand-checkable cases; throws on the first wrong figure. Cheap enough to run before every eval. */
export function selfTestMetrics(): void {
  const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;
  const expect = (name: string, got: Prf, want: Partial<Prf>) => {
    for (const k of Object.keys(want) as (keyof Prf)[]) {
      if (!close(got[k], want[k]!)) throw new Error(`cluster-metrics self-test ${name}: ${k} ${got[k]} ≠ ${want[k]}`);
    }
  };
  const gold = new Map<string, string>([['a', 'X'], ['b', 'X'], ['c', 'X'], ['d', 'Y'], ['e', 'Y']]);
  // Perfect clustering, with different label names: everything 1.
  const perfect = new Map<string, number>([['a', 7], ['b', 7], ['c', 7], ['d', 9], ['e', 9]]);
  expect('perfect/bcubed', bcubed(perfect, gold), { precision: 1, recall: 1, f1: 1 });
  expect('perfect/pairwise', pairwise(perfect, gold), { precision: 1, recall: 1, f1: 1 });
  // All singletons: B-cubed precision 1, recall = (3·1/3 + 2·1/2)/5 = 0.4; no predicted pairs.
  const singletons = new Map([...gold.keys()].map((k, i) => [k, i] as [string, number]));
  expect('singletons/bcubed', bcubed(singletons, gold), { precision: 1, recall: 0.4 });
  expect('singletons/pairwise', pairwise(singletons, gold), { precision: 1, recall: 0 });
  // One big cluster: B-cubed recall 1, precision = (3·3/5 + 2·2/5)/5 = 0.52; pairwise P = 4/10.
  const lump = new Map([...gold.keys()].map((k) => [k, 0] as [string, number]));
  expect('lump/bcubed', bcubed(lump, gold), { precision: 0.52, recall: 1 });
  expect('lump/pairwise', pairwise(lump, gold), { precision: 0.4, recall: 1 });
  // Missing predictions are singletons, not dropped: same as all singletons here.
  expect('missing/bcubed', bcubed(new Map(), gold), { precision: 1, recall: 0.4 });
}
