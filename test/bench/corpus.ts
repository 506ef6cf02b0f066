// A large synthetic signal store for API and search benchmarks, written through the store's own
// functions (one signal per story; analysis and clustering are measured by the ingest bench).
import { openDatabase, type Db } from '../../src/store/db.js';
import { upsertSources } from '../../src/store/sources.js';
import { insertStory } from '../../src/store/stories.js';
import { attachStory, indexNewSignal, insertSignal, linkEntities } from '../../src/store/signals-write.js';
import { eventTypes } from '../../src/domain/types.js';
import { rng } from './synthetic-feeds.js';

const vocab = ('export control chip semiconductor lithography license entity list sanction tariff privacy data protection fine ' +
  'antitrust merger acquisition investment subsidy fund lawsuit court ruling appeal ban restriction app platform cloud model ' +
  'chatbot generative training copyright security breach ransomware espionage telecom satellite battery vehicle drone camera ' +
  'payment crypto stablecoin exchange bank supervisor ministry commission parliament senate agency regulator authority council ' +
  'procurement sovereignty localisation transfer adequacy consent children safety moderation disinformation election deepfake ' +
  'algorithm audit transparency gatekeeper interoperability encryption backdoor surveillance biometric facial recognition ' +
  'quantum supercomputer memory foundry packaging equipment smuggling rare earth gallium germanium graphite mining').split(' ');
const places = ['China', 'United States', 'European Union', 'Japan', 'Korea', 'India', 'Taiwan', 'Germany', 'France', 'Brazil', 'Canada', 'Australia', 'Britain', 'Italy', 'Netherlands'];
const regions = ['CN', 'US', 'EU', 'JP', 'KR', 'IN', 'TW', 'DE', 'FR', 'BR', 'CA', 'AU', 'GB', 'IT', 'NL'];
const companies = ['Nvidia', 'Huawei', 'OpenAI', 'Alibaba', 'Samsung', 'TSMC', 'ASML', 'Meta', 'Google', 'Microsoft', 'TikTok', 'Apple', 'Amazon', 'Tencent', 'Micron'];

/**
 * Words as news text uses them: a Zipf distribution over a 20,000-word vocabulary, with the
 * policy words spread over its ranks, so a query term matches a realistic share of documents.
 */
function zipfVocabulary(r: () => number): { word: () => string } {
  const syllables = ['ka', 'ro', 'mi', 'te', 'sa', 'lu', 'ne', 'po', 'di', 'va', 'ge', 'zu', 'bi', 'fo', 'ha', 'ly'];
  const words: string[] = [];
  for (let i = 0; words.length < 20_000; i++) {
    const n = 2 + (i % 3);
    let w = '';
    for (let k = 0, x = i; k < n; k++, x = Math.floor(x / 16)) w += syllables[x % 16];
    words.push(w + String(i % 7));
  }
  vocab.forEach((w, i) => { words[10 + i * 97] = w; }); // policy words at ranks 10 … ~13,000
  const cumulative: number[] = [];
  let sum = 0;
  for (let i = 0; i < words.length; i++) cumulative.push((sum += 1 / (i + 1)));
  return {
    word: () => {
      const x = r() * sum;
      let lo = 0, hi = cumulative.length - 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (cumulative[mid]! < x) lo = mid + 1; else hi = mid; }
      return words[lo]!;
    },
  };
}

export function buildCorpus(path: string, signals: number, seed = 42): Db {
  const db = openDatabase(path);
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const zipf = zipfVocabulary(r);
  upsertSources(db, [{ id: 'bench', name: 'Bench wire', kind: 'rss', url: 'https://bench.invalid/feed', every: '1h', tier: 2, tags: [] }]);
  const write = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const p = Math.floor(r() * places.length);
      const company = pick(companies);
      const words = Array.from({ length: 4 }, () => pick(vocab));
      const headline = `${places[p]} ${words[0]} ${words[1]} hits ${company} over ${words[2]} ${words[3]}`;
      const text = Array.from({ length: 120 }, () => zipf.word()).join(' ');
      const at = new Date(Date.UTC(2020, 0, 1) + i * 900_000).toISOString();
      const storyId = insertStory(db, {
        source_id: 'bench', guid: `b${i}`, url: `https://bench.invalid/s/${i}`, canonical_url: `https://bench.invalid/s/${i}`, title: headline,
        summary: text.slice(0, 300), content_html: '', content_text: text, author: null, outlet: 'Bench wire', published_at: at,
        published_at_source: 'feed', first_seen_at: at, full_text: true, relevant: true, relevance: 1, language: 'en',
      });
      const id = insertSignal(db, { headline, summary: text.slice(0, 300), event_type: pick([...eventTypes]), regions: [regions[p]!], importance: r(), first_seen_at: at, analysis_basis: 'bench', now: at });
      attachStory(db, id, storyId, true, at);
      linkEntities(db, id, [{ name: company, slug: company.toLowerCase(), kind: 'company', role: r() < 0.5 ? 'actor' : 'target', confidence: 0.9 }]);
      indexNewSignal(db, id, headline, text.slice(0, 300), headline, text);
    }
  });
  for (let i = 0; i < signals; i += 5000) write(i, Math.min(signals, i + 5000));
  return db;
}
