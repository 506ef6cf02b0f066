// Builds the pieces every entry point shares (db, sources, knowledge, fetcher, pipeline context)
// from the config, so main and the CLI wire them the same way.
import type { Config } from './config.js';
import { openDatabase, type Db } from './store/db.js';
import { disableMissingFileSources, upsertSources } from './store/sources.js';
import { loadSourcesFile } from './pipeline/sources-file.js';
import { loadKnowledge } from './pipeline/knowledge-files.js';
import { createFetcher } from './fetch/index.js';
import { ClusterIndex } from './cluster/cluster-index.js';
import { warmClusterIndex, type Logger, type PipelineContext } from './pipeline/context.js';
import { recheckLegacyConfirmations } from './pipeline/ledger-recheck.js';

export const consoleLogger: Logger = {
  info: (m) => console.log(`${new Date().toISOString()} info  ${m}`),
  warn: (m) => console.warn(`${new Date().toISOString()} warn  ${m}`),
  error: (m) => console.error(`${new Date().toISOString()} error ${m}`),
};

export function openRuntime(config: Config, log: Logger = consoleLogger, opts: { syncSources?: boolean } = {}): { db: Db; ctx: PipelineContext } {
  const sources = opts.syncSources === false ? null : loadSourcesFile(config.sourcesPath); // validate before touching the db
  const db = openDatabase(config.dbPath);
  if (sources) {
    upsertSources(db, sources);
    disableMissingFileSources(db, sources.map((s) => s.id));
  }
  const clusters = new ClusterIndex();
  const ctx: PipelineContext = {
    db, log, clusters, knowledge: loadKnowledge(), now: () => new Date(),
    fetcher: createFetcher({ allowPrivateNetworks: config.allowPrivateNetworks }),
    llm: config.llm,
  };
  warmClusterIndex(db, clusters, ctx.now());
  const rechecked = recheckLegacyConfirmations(db, ctx.now().toISOString());
  if (rechecked.kept + rechecked.undone) log.info(`prediction ledger: ${rechecked.kept} earlier confirmations hold on the evidence, ${rechecked.undone} undone`);
  return { db, ctx };
}
