// The product's own track record: Brier score and calibration of its predictions, per playbook.
export interface Prediction { playbook: string; impact_id: string; confidence: number; status: 'open' | 'confirmed' | 'expired' }

export interface Calibration { bucket: string; predicted: number; observed: number; n: number }
export interface Record { made: number; open: number; confirmed: number; expired: number; brier: number | null; calibration: Calibration[] }

const buckets = [0, 0.2, 0.4, 0.6, 0.8, 1.0001];

export function scorePredictions(list: Prediction[]): Record {
  const resolved = list.filter((p) => p.status !== 'open');
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
    made: list.length, open: list.length - resolved.length,
    confirmed: resolved.filter((p) => p.status === 'confirmed').length, expired: resolved.filter((p) => p.status === 'expired').length,
    brier: brier === null ? null : round(brier, 4), calibration,
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
