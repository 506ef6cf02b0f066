// Trains the event-type word model (src/analyze/event-words.ts) on the team's labelled set and
// writes feeds/knowledge/event-words.json. Never on the held-out set: that one measures it.
// Run: npx tsx test/eval/train-event-words.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLabelled } from './labelled-eval.js';
import { storyWords } from '../../src/analyze/word-model.js';
import type { EventWords } from '../../src/analyze/event-words.js';
import { knowledgeDir } from '../../src/pipeline/knowledge-files.js';

const stories = loadLabelled();
const types: EventWords['types'] = {};
for (const s of stories) {
  const t = (types[s.event_type as keyof typeof types] ??= { docs: 0, words: {} });
  t.docs++;
  for (const w of storyWords(s.title, s.body)) t.words[w] = (t.words[w] ?? 0) + 1;
}
const model: EventWords = { trainedOn: `test/eval/labelled/stories.jsonl (${stories.length} stories)`, types };
const path = join(knowledgeDir, 'event-words.json');
writeFileSync(path, `${JSON.stringify(model)}\n`);
console.log(`wrote ${path}: ${Object.keys(types).length} types, ${new Set(Object.values(types).flatMap((t) => Object.keys(t.words))).size} words`);
