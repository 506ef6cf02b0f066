// Reads the reviewed knowledge base from feeds/knowledge/ and compiles it once per process.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { compileKnowledge, type Knowledge } from '../analyze/knowledge.js';

export const knowledgeDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../feeds/knowledge');

let cached: Knowledge | null = null;

export function loadKnowledge(dir = knowledgeDir): Knowledge {
  if (cached && dir === knowledgeDir) return cached;
  const read = (f: string) => parse(readFileSync(join(dir, f), 'utf8'));
  const k = compileKnowledge({ entities: read('entities.yaml'), regions: read('regions.yaml'), eventRules: read('event-rules.yaml') });
  if (dir === knowledgeDir) cached = k;
  return k;
}
