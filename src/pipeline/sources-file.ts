// Reads and validates feeds/sources.yaml; a bad entry is named by position and id.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { sourceSchema, sourcesFileSchema, type SourceConfig } from '../domain/source.js';

export class SourcesFileError extends Error {}

export function parseSourcesYaml(text: string, origin = 'sources file'): SourceConfig[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new SourcesFileError(`${origin}: not valid YAML: ${(err as Error).message}`);
  }
  const top = sourcesFileSchema.safeParse(doc);
  if (!top.success) throw new SourcesFileError(`${origin}: expected a top-level "sources:" list`);
  const seen = new Set<string>();
  return top.data.sources.map((entry, i) => {
    const r = sourceSchema.safeParse(entry);
    const id = entry && typeof entry === 'object' && 'id' in entry ? String((entry as { id: unknown }).id) : '?';
    if (!r.success) {
      const why = r.error.issues.map((x) => `${x.path.join('.') || '(entry)'}: ${x.message}`).join('; ');
      throw new SourcesFileError(`${origin}: source #${i + 1} (id "${id}") is invalid: ${why}`);
    }
    if (seen.has(r.data.id)) throw new SourcesFileError(`${origin}: source #${i + 1}: duplicate id "${r.data.id}"`);
    seen.add(r.data.id);
    return r.data;
  });
}

export function loadSourcesFile(path: string): SourceConfig[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SourcesFileError(`cannot read sources file ${path}: ${(err as Error).message}`);
  }
  return parseSourcesYaml(text, path);
}
