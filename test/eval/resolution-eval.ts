// Confirmation precision and recall on pairs of real events (test/eval/resolution/pairs.jsonl):
// the first story is ingested, then the later one, each pair in its own database through the real
// pipeline (analysis, clustering, ledger), and every prediction of the first story is compared
// with the pair's label: confirmed by the later story, or not.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../helpers/corpora.js';
import { testContext } from '../helpers/db.js';
import { ingestItems, type ReadyItem } from '../../src/pipeline/ingest.js';

interface Pair { id: string; first: Story; later: Story; playbook: string; confirms: string[]; note?: string }
interface Story { title: string; body: string; published_at: string }

export function loadPairs(file = 'pairs.jsonl'): Pair[] {
  const path = join(projectRoot, 'test/eval/resolution', file);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Pair);
}

const item = (s: Story, n: number): ReadyItem => ({
  guid: `r${n}`, url: `https://pairs.invalid/${n}`, title: s.title, summaryHtml: '', contentHtml: '', author: null, publishedAt: s.published_at,
  categories: [], text: s.body, html: '', fullText: false, pagePublishedAt: null,
});

export function runResolutionEval(pairs = loadPairs()) {
  let tp = 0, fp = 0, fn = 0, samePlaybook = 0, reported = 0;
  const wrong: string[] = [], missed: string[] = [];
  const src = { id: 'desk', name: 'Desk', tier: 2 };
  for (const p of pairs) {
    const ctx = testContext();
    ctx.db.prepare("INSERT INTO sources (id, name, kind, url, every_ms, created_at) VALUES ('desk', 'Desk', 'rss', 'https://pairs.invalid/feed', 3600000, '2020-01-01T00:00:00Z')").run();
    ingestItems(ctx, src, [item(p.first, 1)]);
    ingestItems(ctx, src, [item(p.later, 2)]);
    const rows = ctx.db.prepare(`SELECT i.playbook, i.impact_id, i.status, i.resolution FROM impacts i
      WHERE i.signal_id = (SELECT signal_id FROM signal_stories ss JOIN stories s ON s.id = ss.story_id WHERE s.guid = 'r1')`).all() as { playbook: string; impact_id: string; status: string; resolution: string | null }[];
    const ours = rows[0]?.playbook ?? null;
    if (ours === p.playbook) samePlaybook++;
    const gold = new Set(ours === p.playbook ? p.confirms : []);
    for (const r of rows) {
      const said = r.status === 'confirmed';
      if (said && gold.has(r.impact_id)) tp++;
      else if (said) { fp++; wrong.push(`${p.id} ${r.playbook}/${r.impact_id} by "${p.later.title}" (${r.resolution})`); }
    }
    // A follow-up the first story already reported is said in its basis, not predicted: no miss.
    const basis = (ctx.db.prepare("SELECT analysis_basis FROM signals s JOIN signal_stories ss ON ss.signal_id = s.id JOIN stories st ON st.id = ss.story_id WHERE st.guid = 'r1'").pluck().get() as string | undefined) ?? '';
    for (const id of p.confirms) {
      if (ours === p.playbook && !rows.some((r) => r.impact_id === id) && /already reported in the story/.test(basis)) { reported++; continue; }
      if (!(ours === p.playbook && rows.some((r) => r.impact_id === id && r.status === 'confirmed'))) {
        fn++; missed.push(`${p.id} ${p.playbook}/${id} (ours: ${ours ?? 'no playbook'}): "${p.first.title}" → "${p.later.title}"`);
      }
    }
    ctx.db.close();
  }
  return { pairs: pairs.length, samePlaybook, reported, precision: tp / (tp + fp || 1), recall: tp / (tp + fn || 1), tp, fp, fn, wrong, missed };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = runResolutionEval(loadPairs(process.argv.find((a) => a.endsWith('.jsonl')) ?? 'pairs.jsonl'));
  console.log(`pairs ${r.pairs}, our playbook = the label's in ${r.samePlaybook}; ${r.reported} follow-ups the first story already reported (said, not predicted); confirmations: precision ${r.precision.toFixed(3)} recall ${r.recall.toFixed(3)} (tp ${r.tp}, fp ${r.fp}, fn ${r.fn})`);
  if (process.argv.includes('-v')) { console.log('WRONG'); r.wrong.forEach((w) => console.log(' ', w)); console.log('MISSED'); r.missed.forEach((m) => console.log(' ', m)); }
}
