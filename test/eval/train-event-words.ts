// Trains the event-type word model (src/analyze/event-words.ts) on the team's labelled set and
// the first messy batch, and writes feeds/knowledge/event-words.json. Never on the held-out set
// or the later messy batches: those measure it.
// Run: npx tsx test/eval/train-event-words.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelledDir, loadLabelled } from './labelled-eval.js';
import { countWords, storyWords } from '../../src/analyze/word-model.js';
import { knowledgeDir } from '../../src/pipeline/knowledge-files.js';

const sets = [labelledDir, 'test/eval/messy/batch-1.jsonl', 'test/eval/messy/batch-2.jsonl', 'test/eval/messy/batch-3.jsonl'];
const stories = sets.flatMap((s) => loadLabelled(s));
const model = countWords(stories.map((s) => ({ type: s.event_type, words: storyWords(s.title, s.body) })), `${sets.join(', ')} (${stories.length} stories)`);
const path = join(knowledgeDir, 'event-words.json');
writeFileSync(path, `${JSON.stringify(model)}\n`);
console.log(`wrote ${path}: ${Object.keys(model.types).length} types, ${new Set(Object.values(model.types).flatMap((t) => Object.keys(t.words))).size} words`);
