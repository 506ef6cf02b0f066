// Trains the role model (src/analyze/role-model.ts) and writes feeds/knowledge/role-words.json:
// for every party the analysis finds that the labels also name, the clause features it had and
// the labelled role. On the labelled set and the first messy batch; the held-out set and the
// later messy batches measure it (npm run eval).
// Run: npx tsx test/eval/train-roles.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldSlug, loadLabelled, labelledDir } from './labelled-eval.js';
import { knowledgeDir, loadKnowledge } from '../../src/pipeline/knowledge-files.js';
import { analyzeStory } from '../../src/analyze/analyze.js';
import { trainLinearModel } from '../../src/analyze/linear-model.js';
import { entityRoles } from '../../src/domain/types.js';

export const roleTrainingSets = [labelledDir, 'test/eval/messy/batch-1.jsonl', 'test/eval/messy/batch-2.jsonl', 'test/eval/messy/batch-3.jsonl'];

if (import.meta.url === `file://${process.argv[1]}`) {
  // The word-order rule's guess is one of the features: trace with no model in the way.
  const k = { ...loadKnowledge(), roleModel: null };
  const docs: { label: string; features: string[] }[] = [];
  for (const set of roleTrainingSets) for (const s of loadLabelled(set)) {
    const gold = new Map(s.entities.filter((e) => e.kind !== 'group').map((e) => [goldSlug(k, e.name, s.regions), e.role]));
    const traced = new Map<string, string[]>();
    analyzeStory(k, { title: s.title, body: s.body, traceRoles: (slug, f) => traced.set(slug, f) });
    for (const [slug, f] of traced) { const role = gold.get(slug); if (role) docs.push({ label: role, features: f }); }
  }
  const counts = trainLinearModel(docs, [...entityRoles], `${roleTrainingSets.join(', ')}: ${docs.length} parties`);
  const path = join(knowledgeDir, 'role-words.json');
  writeFileSync(path, `${JSON.stringify(counts)}\n`);
  console.log(`wrote ${path}: ${counts.trainedOn}`);
}
