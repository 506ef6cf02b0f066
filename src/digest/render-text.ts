// The plain-text part: the same digest for text-only clients, screen readers and spam filters
// that score a message without one.
import type { DigestView } from './view.js';

export function renderText(v: DigestView): string {
  const out: string[] = [v.heading, v.periodLabel, ''];
  for (const g of v.groups) {
    out.push(`== ${g.label} (${g.items.length}) ==`, '');
    for (const i of g.items) {
      out.push(`* ${i.headline}`);
      if (i.summary) out.push(`  ${i.summary}`);
      const meta = [i.entities.join(', '), i.regions.join(' ')].filter(Boolean).join(' · ');
      if (meta) out.push(`  ${meta}`);
      if (i.impact) out.push(`  Likely next: ${i.impact}`);
      out.push(`  ${i.url}`, '');
    }
  }
  if (v.more > 0) out.push(`See all ${v.total} signals: ${v.moreUrl}`, '');
  if (v.predictions.length) {
    out.push('== Predictions resolved ==', '');
    for (const p of v.predictions) {
      out.push(`* ${p.statement} (${p.probability})`);
      out.push(p.status === 'confirmed'
        ? `  Confirmed ${p.resolvedOn}${p.confirmedBy ? ` by: ${p.confirmedBy} ${p.confirmedByUrl}` : ''}`
        : `  Expired ${p.resolvedOn} without a confirming event`);
      out.push(`  Predicted after: ${p.origin} ${p.originUrl}`, '');
    }
  }
  out.push('-- ', 'You get this because you subscribed to Policy Radar digests.', `Change filters or schedule: ${v.manageUrl}`, `Unsubscribe: ${v.unsubscribeUrl}`, '');
  return out.join('\n');
}
