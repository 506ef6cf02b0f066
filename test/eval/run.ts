// npm run eval: the quality measurements. The team's labelled set ships with the project; the
// third-party corpora live beside it (../shared/corpora) and are absent from a user's clone:
// then those parts say so and skip.
import { existsSync } from 'node:fs';
import { corporaDir } from '../helpers/corpora.js';
import { heldoutDir, labelledDir, runLabelledEval } from './labelled-eval.js';

const pct = (x: number) => x.toFixed(3);

/** One set's figures, in the same lines for every set so the two blocks compare line by line. */
function printSetFigures(l: ReturnType<typeof runLabelledEval>): void {
  console.log(`  event-type accuracy   ${pct(l.eventTypeAccuracy)}   target ≥ 0.90`);
  console.log(`  entities (named)      precision ${pct(l.entityPrecision)}  recall ${pct(l.entityRecall)}   target recall ≥ 0.90 at precision ≥ 0.85`);
  console.log(`  entities (strict: groups and implied makers count)  precision ${pct(l.strictEntityPrecision)}  recall ${pct(l.strictEntityRecall)}`);
  console.log(`  role accuracy (on matched entities) ${pct(l.roleAccuracy)}`);
  console.log(`  region recall         ${pct(l.regionRecall)} (precision ${pct(l.regionPrecision)})   target ≥ 0.90`);
  console.log(`  clustering pairwise   F1 ${pct(l.cluster.f1)} (P ${pct(l.cluster.precision)}, R ${pct(l.cluster.recall)}; ${l.predictedClusters} predicted for ${l.goldClusters} events)   target ≥ 0.90`);
  console.log(`  most confused: ${l.confusions}`);
  console.log(`  most missed entities: ${l.missedEntities}`);
}

const l = runLabelledEval(labelledDir);
console.log(`labelled set (${l.stories} stories, ${l.goldClusters} events; ${labelledDir}/; the event-type word model is trained on it, so its event type flatters)`);
printSetFigures(l);
// The held-out set measures generality: its misses are reported, never fixed one by one
// (test/eval/heldout/README.md).
const h = runLabelledEval(heldoutDir);
console.log(`\nheld-out set (${h.stories} stories, ${h.goldClusters} events; never tuned on)`);
printSetFigures(h);

if (!existsSync(corporaDir)) {
  console.log(`\ncorpora not found at ${corporaDir}: skipping the corpus evaluations (UCI clusters, article extraction)`);
  process.exit(0);
}
const { runUciEval, formatUciReport } = await import('./uci-clusters.js');
const uci = await runUciEval();
if (uci) console.log(`\n${formatUciReport(uci)}\n  target B-cubed F1 ≥ 0.80`);
const { runExtractionEval } = await import('./extraction.js');
const extraction = await runExtractionEval();
if (extraction) {
  console.log(`\narticle extraction (${extraction.pages} pages): F1 ${pct(extraction.f1)}  P ${pct(extraction.precision)}  R ${pct(extraction.recall)}  ${extraction.pagesPerSecond.toFixed(0)} pages/s   target F1 ≥ 0.93 (Readability.js 0.947)`);
}
