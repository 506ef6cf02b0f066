// A multinomial logistic regression over binary features: where features overlap (a party's
// kind, its slot and both together), it weighs them jointly instead of counting each as
// independent evidence as naive Bayes does. Trained by a script in test/eval/ into a JSON file
// in feeds/knowledge/; applying it is a sum of weights per class.
import { z } from 'zod';

export const linearModelSchema = z.object({
  trainedOn: z.string(),
  classes: z.array(z.string()).min(2),
  bias: z.array(z.number()),
  /** feature → one weight per class (features never seen in training weigh nothing). */
  weights: z.record(z.string(), z.array(z.number())),
});
export type LinearModel = z.infer<typeof linearModelSchema>;

/** The best class for a set of features. */
export function compileLinearModel(m: LinearModel): (features: string[]) => string {
  const weights = new Map(Object.entries(m.weights));
  return (features) => {
    const s = [...m.bias];
    for (const f of features) { const w = weights.get(f); if (w) for (let c = 0; c < s.length; c++) s[c]! += w[c]!; }
    let best = 0;
    for (let c = 1; c < s.length; c++) if (s[c]! > s[best]!) best = c;
    return m.classes[best]!;
  };
}

/**
 * Trains by stochastic gradient descent on the softmax loss with L2 shrinkage; examples in a
 * seeded order so the same data gives the same model.
 */
export function trainLinearModel(docs: { label: string; features: string[] }[], classes: string[], trainedOn: string, opts = { epochs: 40, rate: 0.1, l2: 3e-3 }): LinearModel {
  const weights: Record<string, number[]> = {};
  const bias = classes.map(() => 0);
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const order = docs.map((_, i) => i);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [order[i], order[j]] = [order[j]!, order[i]!]; }
    const rate = opts.rate / (1 + epoch * 0.1);
    for (const n of order) {
      const d = docs[n]!;
      const s = [...bias];
      for (const f of d.features) { const w = weights[f]; if (w) for (let c = 0; c < s.length; c++) s[c]! += w[c]!; }
      const max = Math.max(...s);
      const e = s.map((x) => Math.exp(x - max));
      const sum = e.reduce((a, b) => a + b, 0);
      const y = classes.indexOf(d.label);
      for (let c = 0; c < classes.length; c++) {
        const g = e[c]! / sum - (c === y ? 1 : 0);
        bias[c]! -= rate * g;
        for (const f of d.features) { const w = (weights[f] ??= classes.map(() => 0)); w[c]! -= rate * (g + opts.l2 * w[c]!); }
      }
    }
  }
  // Four decimals are plenty and keep the file reviewable.
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  for (const f of Object.keys(weights)) weights[f] = weights[f]!.map(round);
  return { trainedOn, classes, bias: bias.map(round), weights };
}
