// A fully migrated in-memory database and a pipeline context around it, for tests.
import { openDatabase, type Db } from '../../src/store/db.js';
import { ClusterIndex } from '../../src/cluster/cluster-index.js';
import { loadKnowledge } from '../../src/pipeline/knowledge-files.js';
import { quietLogger, type PipelineContext } from '../../src/pipeline/context.js';
import { createFetcher, type FetcherOptions } from '../../src/fetch/index.js';

export function memoryDb(): Db {
  return openDatabase(':memory:');
}

export function testContext(db: Db = memoryDb(), fetcher: Partial<FetcherOptions> = {}, now?: () => Date): PipelineContext {
  return {
    db, log: quietLogger, clusters: new ClusterIndex(), knowledge: loadKnowledge(), now: now ?? (() => new Date()),
    fetcher: createFetcher({ allowPrivateNetworks: true, perHostIntervalMs: 0, totalTimeoutMs: 2000, connectTimeoutMs: 1000, ...fetcher }),
  };
}

/** `SELECT count(*) AS n …` as a number. */
export function count(db: Db, sql: string): number {
  return (db.prepare(sql).get() as { n: number }).n;
}
