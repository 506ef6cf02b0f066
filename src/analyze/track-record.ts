// The product's own track record: Brier score and calibration of its predictions, per playbook.
// Three outcomes: confirmed (evidence), expired (the horizon passed while the subject was covered
// and nothing confirmed it), void (no adequate coverage, or imported history). Only confirmed and
// expired are scored; a record too small to mean anything says so.
export interface Prediction { playbook: string; impact_id: string; confidence: number; status: 'open' | 'confirmed' | 'expired' | 'void' }

export interface Calibration { bucket: string; predicted: number; observed: number; n: number }
export interface Record {
  made: number; open: number; confirmed: number; expired: number; void: number; brier: number | null; calibration: Calibration[];
  /** Set when fewer than `minScored` forecasts were confirmed or expired: the figures mean little yet. */
  warning: string | null;
}

/** Below this many scored forecasts a Brier score or a calibration bucket is mostly noise. */
export const minScored = 30;

const buckets = [0, 0.2, 0.4, 0.6, 0.8, 1.0001];

export function scorePredictions(list: Prediction[]): Record {
  const resolved = list.filter((p) => p.status === 'confirmed' || p.status === 'expired');
  const outcome = (p: Prediction) => (p.status === 'confirmed' ? 1 : 0);
  const brier = resolved.length ? resolved.reduce((s, p) => s + (p.confidence - outcome(p)) ** 2, 0) / resolved.length : null;
  const calibration: Calibration[] = [];
  for (let i = 0; i < buckets.length - 1; i++) {
    const inBucket = resolved.filter((p) => p.confidence >= buckets[i]! && p.confidence < buckets[i + 1]!);
    if (!inBucket.length) continue;
    calibration.push({
      bucket: `${buckets[i]!.toFixed(1)}–${Math.min(1, buckets[i + 1]!).toFixed(1)}`,
      predicted: round(inBucket.reduce((s, p) => s + p.confidence, 0) / inBucket.length),
      observed: round(inBucket.filter((p) => p.status === 'confirmed').length / inBucket.length),
      n: inBucket.length,
    });
  }
  return {
    made: list.length, open: list.filter((p) => p.status === 'open').length,
    confirmed: resolved.filter((p) => p.status === 'confirmed').length, expired: resolved.filter((p) => p.status === 'expired').length,
    void: list.filter((p) => p.status === 'void').length,
    brier: brier === null ? null : round(brier, 4), calibration,
    warning: resolved.length < minScored
      ? `Only ${resolved.length} forecast${resolved.length === 1 ? ' has' : 's have'} been confirmed or expired${resolved.length ? '' : ' yet'}: too few to judge the probabilities (at least ${minScored} are needed).` : null,
  };
}

export function trackRecord(list: Prediction[]) {
  const byPlaybook = new Map<string, Prediction[]>();
  for (const p of list) byPlaybook.set(p.playbook, [...(byPlaybook.get(p.playbook) ?? []), p]);
  return {
    overall: scorePredictions(list),
    playbooks: [...byPlaybook].map(([playbook, ps]) => ({ playbook, ...scorePredictions(ps) })).sort((a, b) => b.made - a.made),
  };
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
