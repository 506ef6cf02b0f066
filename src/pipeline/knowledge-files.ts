// Reads the reviewed knowledge base from feeds/knowledge/ and compiles it once per process.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { compileKnowledge, type Knowledge } from '../analyze/knowledge.js';
import { buildRegionAliases, type CountryRecord } from '../analyze/regions-data.js';

function regionNames(list: CountryRecord[]): Record<string, string> {
  const names: Record<string, string> = { EU: 'the EU', US: 'the United States', GB: 'the United Kingdom', NL: 'the Netherlands', PH: 'the Philippines', AE: 'the United Arab Emirates' };
  for (const c of list) names[c.cca2] ??= c.name.common;
  return names;
}

const countries = (): CountryRecord[] => createRequire(import.meta.url)('world-countries/countries.json') as CountryRecord[];

export const knowledgeDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../feeds/knowledge');

let cached: Knowledge | null = null;

export function loadKnowledge(dir = knowledgeDir): Knowledge {
  if (cached && dir === knowledgeDir) return cached;
  const read = (f: string) => parse(readFileSync(join(dir, f), 'utf8'));
  const k = compileKnowledge({
    entities: [...read('entities.yaml'), ...read('groups.yaml')],
    regions: buildRegionAliases(countries(), read('regions.yaml')),
    eventRules: read('event-rules.yaml'),
    playbooks: read('playbooks.yaml'),
    boilerplate: read('boilerplate.yaml'),
    policyWords: read('policy-words.yaml'),
    roleFrames: read('role-frames.yaml'),
    background: read('background.yaml'),
    languages: Object.fromEntries(readdirSync(join(dir, 'lang')).filter((f) => f.endsWith('.yaml')).map((f) => [f.replace(/\.yaml$/, ''), read(join('lang', f))])),
    regionNames: regionNames(countries()),
    ...(existsSync(join(dir, 'event-words.json')) ? { eventWords: JSON.parse(readFileSync(join(dir, 'event-words.json'), 'utf8')) } : {}),
    ...(existsSync(join(dir, 'role-words.json')) ? { roleWords: JSON.parse(readFileSync(join(dir, 'role-words.json'), 'utf8')) } : {}),
    ...(existsSync(join(dir, 'relevance-words.json')) ? { relevanceWords: JSON.parse(readFileSync(join(dir, 'relevance-words.json'), 'utf8')) } : {}),
  });
  if (dir === knowledgeDir) cached = k;
  return k;
}
