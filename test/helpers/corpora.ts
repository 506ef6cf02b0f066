// Where the shared third-party corpora live when this clone sits beside ../shared.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const corporaDir = resolve(projectRoot, '../shared/corpora');
export const hasCorpora = existsSync(corporaDir);
export const fixturesDir = resolve(projectRoot, 'test/fixtures');
