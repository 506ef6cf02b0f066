// Folds what the operator's local model wrote into the rule analysis. The rules keep the event
// type, regions and the ledger's criteria; the model adds entities the knowledge base lacks and
// its own predictions, each marked as the model's (its name is stored with what it wrote).
import type { Analysis, AnalyzedEntity, PredictedImpact } from '../domain/types.js';
import type { Knowledge } from './knowledge.js';
import type { LlmAnalysis } from './llm-output.js';
import { slugify } from '../domain/slug.js';

export function mergeModelAnalysis(k: Knowledge, ruled: Analysis, llm: LlmAnalysis & { model: string }): Analysis {
  const entities = new Map<string, AnalyzedEntity>(ruled.entities.map((e) => [e.slug, e]));
  for (const e of llm.entities) {
    // A name the knowledge base knows keeps its canonical entity; otherwise the model's name.
    const alias = k.aliasIndex.get(e.name)?.find((a) => a.target.type === 'entity');
    const known = alias?.target.type === 'entity' ? alias.target.entity : null;
    const slug = known?.slug ?? slugify(e.name);
    if (entities.has(slug)) continue;
    entities.set(slug, { name: known?.name ?? e.name, slug, kind: known?.kind ?? e.kind, role: e.role, confidence: Math.min(e.confidence, 0.7), country: known?.country ?? null });
  }
  const modelImpacts: PredictedImpact[] = llm.impacts.map((i, n) => ({
    ...i, basis: `model ${llm.model}: ${i.basis}`, playbook: 'model', impact_id: `llm-${n + 1}`, prior: i.confidence,
    criterion: null,
  }));
  return { ...ruled, entities: [...entities.values()], impacts: [...ruled.impacts, ...modelImpacts] };
}
