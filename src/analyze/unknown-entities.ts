// Organisations and people the knowledge base lacks, found by their shape: a run of capitalised
// words ending in an organisational word ("Ross Intelligence Inc", "Ministry of Digital
// Affairs"), or a name after a title ("chief executive Jane Doe"). Lower confidence; kind guessed.
import type { EntityKind } from '../domain/types.js';

export interface UnknownEntity { name: string; kind: EntityKind; start: number; confidence: number }

const orgWord: [RegExp, EntityKind][] = [
  [/^(Ministry|Department|Agency|Authority|Commission|Office|Bureau|Administration|Council|Parliament|Senate|Assembly|Government)$/, 'government'],
  [/^(Court|Tribunal|University|Foundation|Institute|Association|Federation|Alliance|Union|Forum|Consortium|Party|Society|Centre|Center)$/, 'organization'],
  [/^(Inc|Corp|Corporation|Ltd|Limited|LLC|PLC|plc|AG|SA|SE|GmbH|Group|Holdings|Technologies|Technology|Labs|Systems|Networks|Semiconductor|Electronics|Motors|Bank|Capital|Partners|Software|Robotics|Telecom|Communications|Airlines|Pharma|AI)$/, 'company'],
];
const titles = ['CEO', 'chief executive', 'chairman', 'chairwoman', 'president', 'founder', 'co-founder', 'minister', 'secretary', 'commissioner', 'senator', 'judge', 'spokesperson', 'spokesman', 'spokeswoman', 'director', 'governor', 'Mr', 'Ms', 'Mrs', 'Dr'];
// Either capitalisation of a title's first letter: "Chief executive Jane Doe", "its chief executive Jane Doe".
const personTitle = new RegExp(`\\b(?:${titles.map((t) => `[${t[0]!.toUpperCase()}${t[0]!.toLowerCase()}]${t.slice(1)}`).join('|')})\\.?[ \\t]+((?:\\p{Lu}[\\p{L}'’-]+[ \\t]){1,2}\\p{Lu}[\\p{L}'’-]+)`, 'gu');
// Capitalised words, allowing "of", "for", "and", "the" inside: "Ministry of Digital Affairs".
const capitalRun = /\p{Lu}[\p{L}\p{N}&'’.-]*(?:[ \t]+(?:(?:of|for|and|the|de|du|la)[ \t]+)?\p{Lu}[\p{L}\p{N}&'’.-]*)*/gu;

const businessNoun = ['provider', 'maker', 'chipmaker', 'carmaker', 'firm', 'operator', 'startup', 'start-up', 'developer', 'retailer',
  'lender', 'insurer', 'carrier', 'telco', 'publisher', 'studio', 'supplier', 'vendor', 'manufacturer', 'contractor', 'broker', 'toolmaker', 'platform'];
const describedCompany = new RegExp(`\\b(?:${businessNoun.join('|')})[ \\t]+(\\p{Lu}[\\p{L}\\p{N}&'’.-]*(?:[ \\t]+\\p{Lu}[\\p{L}\\p{N}&'’.-]*){0,2})`, 'gu');
/** Words that follow a business noun capitalised without being a name. */
const notAName = new Set(['The', 'A', 'An', 'In', 'On', 'At', 'For', 'And', 'But', 'Its', 'It', 'This', 'That', 'He', 'She', 'They', 'We', 'I']);

export function findUnknownEntities(text: string, known: (start: number, end: number) => boolean): UnknownEntity[] {
  const out: UnknownEntity[] = [];
  const seen = new Set<string>();
  const pushOne = (name: string, kind: EntityKind, start: number, confidence: number, minWords = 1) => {
    const clean = name.replace(/[’']s$/, '').replace(/[.,]$/, '').trim();
    if (clean.split(/\s+/).length < minWords || seen.has(clean) || known(start, start + clean.length)) return;
    seen.add(clean);
    out.push({ name: clean, kind, start, confidence });
  };
  const push = (name: string, kind: EntityKind, start: number, confidence: number) => pushOne(name, kind, start, confidence, 2);
  for (const m of text.matchAll(capitalRun)) {
    const words = m[0].split(/[ \t]+/);
    const last = words[words.length - 1]!.replace(/[.,]$/, '');
    const first = words[0]!;
    for (const [re, kind] of orgWord) {
      if (re.test(last) || (kind === 'government' && re.test(first) && words.length > 2)) { push(m[0], kind, m.index ?? 0, 0.5); break; }
    }
  }
  for (const m of text.matchAll(personTitle)) push(m[1]!, 'person', (m.index ?? 0) + m[0].indexOf(m[1]!), 0.5);
  // "payroll provider Zellis", "telecoms operator Optus": a business noun right before a name.
  for (const m of text.matchAll(describedCompany)) {
    const name = m[1]!;
    if (!notAName.has(name.split(/\s/)[0]!)) pushOne(name, 'company', (m.index ?? 0) + m[0].lastIndexOf(name), 0.45);
  }
  return out;
}
