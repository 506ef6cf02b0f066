import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadSourcesFile, parseSourcesYaml, SourcesFileError } from '../src/pipeline/sources-file.js';
import { projectRoot } from './helpers/corpora.js';

test('the bundled sources file is valid and curated', () => {
  const sources = loadSourcesFile(join(projectRoot, 'feeds/sources.yaml'));
  assert.ok(sources.length >= 25, `${sources.length} sources`);
  const html = sources.filter((s) => s.kind === 'html');
  assert.ok(html.length >= 3, 'some press rooms without a feed');
  for (const s of html) assert.ok(s.list?.item && s.article?.body, `${s.id} has list and article rules`);
  assert.ok(sources.some((s) => s.region === 'CN') && sources.some((s) => s.region === 'EU'), 'Chinese- and European-focused sources');
});

test('a bad entry is named by position and id', () => {
  const yaml = `sources:
  - { id: good, name: Good, kind: rss, url: https://example.org/feed }
  - { id: broken-one, name: Broken, kind: rss, url: "not a url" }`;
  assert.throws(() => parseSourcesYaml(yaml, 'test.yaml'), (e: unknown) =>
    e instanceof SourcesFileError && /source #2 \(id "broken-one"\)/.test(e.message) && /url/.test(e.message));
});

test('html sources need list rules; ids are unique; YAML errors are reported', () => {
  assert.throws(() => parseSourcesYaml('sources:\n  - { id: p, name: P, kind: html, url: https://e.org/ }'), /list rules/);
  assert.throws(() => parseSourcesYaml('sources:\n  - { id: a, name: A, kind: rss, url: https://e.org/1 }\n  - { id: a, name: B, kind: rss, url: https://e.org/2 }'), /duplicate id "a"/);
  assert.throws(() => parseSourcesYaml('sources: [unclosed'), /not valid YAML/);
  assert.throws(() => parseSourcesYaml('feeds: []'), /top-level "sources:"/);
  assert.throws(() => parseSourcesYaml('sources:\n  - { id: a, name: A, kind: rss, url: https://e.org/1, every: often }'), /every/);
});
