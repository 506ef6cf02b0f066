// Event type from title and lead by the keyword rules in feeds/knowledge/event-rules.yaml.
import type { EventType } from '../domain/types.js';
import type { Knowledge } from './knowledge.js';

export interface EventTypeResult { type: EventType; score: number; matched: string[] }

/** Title hits weigh twice the lead's; ties go to the type listed first in the rules file. */
export function classifyEventType(k: Knowledge, title: string, lead: string, hint?: string[]): EventTypeResult {
  const scores = new Map<EventType, { score: number; matched: string[] }>();
  for (const rule of k.eventRules) {
    const inTitle = rule.pattern.exec(title);
    const inLead = inTitle ? null : rule.pattern.exec(lead);
    const hit = inTitle ?? inLead;
    if (!hit) continue;
    const s = scores.get(rule.type) ?? { score: 0, matched: [] };
    s.score += inTitle ? 2 : 1;
    s.matched.push(hit[0]);
    scores.set(rule.type, s);
  }
  // A feed category naming a taxonomy type (our own snapshot does) is the publisher's label.
  const labelled = hint?.find((h) => k.eventRules.some((r) => r.type === h)) as EventType | undefined;
  if (labelled) return { type: labelled, score: 10, matched: [`category:${labelled}`] };
  let best: EventTypeResult = { type: 'other', score: 0, matched: [] };
  for (const [type, s] of scores) if (s.score > best.score) best = { type, ...s };
  return best;
}
