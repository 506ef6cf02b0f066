// What a crawl needs, built once by main or the CLI and handed down.
import type { Db } from '../store/db.js';
import type { Fetcher } from '../fetch/index.js';
import type { LlmConfig } from '../fetch/llm.js';
import type { Knowledge } from '../analyze/knowledge.js';
import { ClusterIndex } from '../cluster/cluster-index.js';
import { contentWords, leadWords, makeFeatures, titleActions } from '../cluster/features.js';
import { leadOf } from '../analyze/analyze.js';
import { recentSignalsForClustering } from '../store/signals-read.js';

export interface Logger { info(msg: string): void; warn(msg: string): void; error(msg: string): void }

export const quietLogger: Logger = { info() {}, warn() {}, error() {} };

export interface PipelineContext {
  db: Db;
  fetcher: Fetcher;
  knowledge: Knowledge;
  clusters: ClusterIndex;
  log: Logger;
  now: () => Date;
  /** The operator's local model, when configured; absent: the rule analysis alone. */
  llm?: LlmConfig | null;
  /**
   * In a process that also serves requests: the longest a crawl write holds the event loop (ms);
   * its stories then land in transactions of about that long. Unset (the CLI, which serves
   * nobody): one transaction per source pass, ten times fewer commits.
   */
  sliceMs?: number;
}

/** Fills a cluster index with the signals of the last week so restarts keep clustering. */
export function warmClusterIndex(db: Db, index: ClusterIndex, now: Date): void {
  const since = new Date(now.getTime() - 8 * 86_400_000).toISOString();
  for (const s of recentSignalsForClustering(db, since)) {
    index.add(s.signal_id, makeFeatures({
      title: new Set(contentWords(s.title)),
      lead: leadWords(leadOf(s.lead), s.url),
      entities: new Set((s.entities ?? '').split(' ').filter(Boolean)),
      principals: new Set((s.principals ?? '').split(' ').filter(Boolean)),
      regions: new Set(JSON.parse(s.regions) as string[]),
      eventType: s.event_type,
      actions: titleActions(s.title), // restarts compare what the titles say was done, as live ingest does
      time: Date.parse(s.published_at),
    }));
  }
}
