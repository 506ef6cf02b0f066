// The sets the relevance gate is trained and measured on. Policy stories: the labelled set and
// the messy batches (test/eval/messy/). Off-topic stories: the off-topic batches
// (test/eval/offtopic/), written unseen in batches. Third-party text: the article-extraction
// benchmark's pages and the UCI headlines, labelled by story for relevance
// (test/eval/offtopic/*-relevance.json), read from ../shared/corpora when it is there.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corporaDir, projectRoot } from '../helpers/corpora.js';
import { readUciItems } from './uci-clusters.js';

export interface RelevanceItem { id: string; title: string; body: string; relevant: boolean }

const evalDir = join(projectRoot, 'test/eval');

/** One JSON-lines file as items; policy batches have no `relevant` field and are all policy. */
export function loadBatch(rel: string, relevant?: boolean): RelevanceItem[] {
  const file = join(evalDir, rel);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => {
    const o = JSON.parse(l) as { id: string; title: string; body: string; relevant?: boolean };
    return { id: o.id, title: o.title, body: o.body, relevant: relevant ?? o.relevant ?? true };
  });
}

/** The extraction benchmark's article texts, labelled; the title is the first sentence (the benchmark has none). */
export function extractionPages(): RelevanceItem[] {
  const labels = join(evalDir, 'offtopic/extraction-relevance.json');
  const truth = join(corporaDir, 'article-extraction-benchmark/ground-truth.json');
  if (!existsSync(labels) || !existsSync(truth)) return [];
  const pages = (JSON.parse(readFileSync(labels, 'utf8')) as { pages: Record<string, { relevant: boolean }> }).pages;
  const bodies = JSON.parse(readFileSync(truth, 'utf8')) as Record<string, { articleBody: string }>;
  return Object.entries(pages).flatMap(([id, p]) => {
    const text = bodies[id]?.articleBody?.trim();
    if (!text) return [];
    const first = /^.{20,200}?[.!?](\s|$)/s.exec(text)?.[0] ?? text.slice(0, 120);
    return [{ id, title: first.trim(), body: text.slice(first.length).trim(), relevant: p.relevant }];
  });
}

/** UCI headlines grouped by gold story, with the story's relevance label. */
export function uciStories(): { story: string; relevant: boolean; titles: string[] }[] {
  const labels = join(evalDir, 'offtopic/uci-relevance.json');
  const csv = join(corporaDir, 'uci-news-clusters/uci-news-aggregator.csv');
  if (!existsSync(labels) || !existsSync(csv)) return [];
  const stories = (JSON.parse(readFileSync(labels, 'utf8')) as { stories: Record<string, { relevant: boolean }> }).stories;
  const byStory = new Map<string, string[]>();
  for (const item of readUciItems(csv)) byStory.set(item.story, [...(byStory.get(item.story) ?? []), item.title]);
  return [...byStory].filter(([s]) => s in stories).map(([story, titles]) => ({ story, relevant: stories[story]!.relevant, titles }));
}
