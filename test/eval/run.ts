// npm run eval: measurements against the shared third-party corpora. They live beside the
// project (../shared/corpora) and are absent from a user's clone: then this says so and skips.
import { existsSync } from 'node:fs';
import { corporaDir } from '../helpers/corpora.js';

if (!existsSync(corporaDir)) {
  console.log(`corpora not found at ${corporaDir}: skipping the corpus evaluations`);
  process.exit(0);
}
const { runExtractionEval } = await import('./extraction.js');
const extraction = await runExtractionEval();
if (extraction) {
  console.log(`\narticle extraction (${extraction.pages} pages): F1 ${extraction.f1.toFixed(3)}  P ${extraction.precision.toFixed(3)}  R ${extraction.recall.toFixed(3)}  ${extraction.pagesPerSecond.toFixed(0)} pages/s   target F1 ≥ 0.93`);
}
