// The article-extraction-benchmark metric (scrapinghub/article-extraction-benchmark, evaluate.py),
// ported exactly so our figures compare with the published ones.

// Python's `\w` on str patterns is [\p{L}\p{N}_] (isalnum() or "_"); checked codepoint by
// codepoint against CPython 3.11 — combining marks are excluded by both.
const tokenPattern = /[\p{L}\p{N}_]+/gu;

export const tokenize = (text: string): string[] => text.match(tokenPattern) ?? [];

/** 4-gram shingles with multiplicity; a text shorter than n tokens yields one short shingle. */
export function shingles(text: string, n = 4): Map<string, number> {
  const tokens = tokenize(text);
  const counts = new Map<string, number>();
  for (let i = 0; i < Math.max(1, tokens.length - n + 1); i++) {
    const s = tokens.slice(i, i + n).join(' ');
    if (s) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return counts;
}

export interface Match { tp: number; fp: number; fn: number }

/** tp/fp/fn of one document, normalised by their sum so long texts weigh no more than short. */
export function shingleMatch(truth: string, pred: string): Match {
  const t = shingles(truth);
  const p = shingles(pred);
  let tp = 0, fp = 0, fn = 0;
  for (const key of new Set([...t.keys(), ...p.keys()])) {
    const a = t.get(key) ?? 0;
    const b = p.get(key) ?? 0;
    tp += Math.min(a, b);
    fp += Math.max(0, b - a);
    fn += Math.max(0, a - b);
  }
  const s = tp + fp + fn;
  return s > 0 ? { tp: tp / s, fp: fp / s, fn: fn / s } : { tp, fp, fn };
}

export function precisionRecall({ tp, fp, fn }: Match): { precision: number; recall: number } {
  if (fp === 0 && fn === 0) return { precision: 1, recall: 1 };
  if (tp === 0 && fp === 0) return { precision: 0, recall: 0 };
  return { precision: tp / (tp + fp), recall: tp / (tp + fn) };
}

export interface Score { f1: number; precision: number; recall: number; documents: number }

const f1Of = (p: number, r: number) => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

/** One document's F1 (for per-page regression tests). */
export function documentF1(truth: string, pred: string): number {
  const { precision, recall } = precisionRecall(shingleMatch(truth, pred));
  return f1Of(precision, recall);
}

/** Corpus score: precision and recall are means over documents, F1 is taken from those means. */
export function scoreCorpus(pairs: Iterable<{ truth: string; pred: string }>): Score {
  let p = 0, r = 0, n = 0;
  for (const { truth, pred } of pairs) {
    const pr = precisionRecall(shingleMatch(truth, pred));
    p += pr.precision;
    r += pr.recall;
    n++;
  }
  const precision = n ? p / n : 0;
  const recall = n ? r / n : 0;
  return { f1: f1Of(precision, recall), precision, recall, documents: n };
}
