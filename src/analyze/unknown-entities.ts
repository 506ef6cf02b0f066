// Organisations and people the knowledge base lacks, found by their shape: a run of capitalised
// words ending in an organisational word ("Ross Intelligence Inc", "Ministry of Digital
// Affairs"), or a name after a title ("chief executive Jane Doe"). Lower confidence; kind guessed.
import type { EntityKind } from '../domain/types.js';

export interface UnknownEntity { name: string; kind: EntityKind; start: number; confidence: number }

const orgWord: [RegExp, EntityKind][] = [
  [/^(Ministry|Department|Agency|Authority|Commission|Office|Bureau|Administration|Council|Parliament|Senate|Assembly|Government|Service|Forces|Police|Committee|Subcommittee|Board|Regulator|Inspectorate|Directorate)$/, 'government'],
  [/^(Court|Tribunal|University|Foundation|Institute|Association|Federation|Alliance|Union|Forum|Consortium|Party|Society|Centre|Center|Hospital|School|College|Coalition|Network|Observatory)$/, 'organization'],
  [/^(Inc|Corp|Corporation|Ltd|Limited|LLC|PLC|plc|AG|SA|SE|GmbH|Group|Holdings|Technologies|Technology|Labs|Systems|Networks|Semiconductor|Electronics|Motors|Bank|Capital|Partners|Software|Robotics|Telecom|Communications|Airlines|Pharma|AI)$/, 'company'],
];
const titles = ['CEO', 'chief executive', 'chief technology officer', 'chief operating officer', 'chief financial officer', 'chief scientist', 'CTO', 'CFO', 'COO',
  'chairman', 'chairwoman', 'chair', 'president', 'vice president', 'founder', 'co-founder', 'minister', 'secretary', 'commissioner', 'senator', 'Sen',
  'representative', 'Rep', 'lawmaker', 'congressman', 'congresswoman', 'judge', 'justice', 'attorney general', 'prosecutor', 'spokesperson', 'spokesman',
  'spokeswoman', 'director', 'governor', 'mayor', 'ambassador', 'official', 'executive', 'head', 'boss', 'pioneer', 'researcher', 'scientist', 'professor',
  'economist', 'analyst', 'lawyer', 'activist', 'whistleblower', 'investor', 'billionaire', 'entrepreneur', 'Mr', 'Ms', 'Mrs', 'Dr'];
const titleWords = new Set(titles.filter((t) => !t.includes(' ')).map((t) => t.toLowerCase()));
// Either capitalisation of a title's first letter: "Chief executive Jane Doe", "its chief executive Jane Doe".
const personTitle = new RegExp(`\\b(?:${titles.map((t) => `[${t[0]!.toUpperCase()}${t[0]!.toLowerCase()}]${t.slice(1)}`).join('|')})\\.?[ \\t]+((?:\\p{Lu}[\\p{L}'’-]+[ \\t]){1,2}\\p{Lu}[\\p{L}'’-]+)`, 'gu');
// Capitalised words, allowing "of", "for", "and", "the" inside: "Ministry of Digital Affairs".
const capitalRun = /\p{Lu}[\p{L}\p{N}&'’.-]*(?:[ \t]+(?:(?:of|for|and|the|de|du|la)[ \t]+)?\p{Lu}[\p{L}\p{N}&'’.-]*)*/gu;

const businessNoun = ['provider', 'maker', 'chipmaker', 'carmaker', 'firm', 'operator', 'startup', 'start-up', 'developer', 'retailer',
  'lender', 'insurer', 'carrier', 'telco', 'publisher', 'studio', 'supplier', 'vendor', 'manufacturer', 'contractor', 'broker', 'toolmaker', 'platform'];
const describedCompany = new RegExp(`\\b(?:${businessNoun.join('|')})[ \\t]+(\\p{Lu}[\\p{L}\\p{N}&'’.-]*(?:[ \\t]+\\p{Lu}[\\p{L}\\p{N}&'’.-]*){0,2})`, 'gu');
/** Words that follow a business noun capitalised without being a name. */
const notAName = new Set(['The', 'A', 'An', 'In', 'On', 'At', 'For', 'And', 'But', 'Its', 'It', 'This', 'That', 'He', 'She', 'They', 'We', 'I']);
/** Capitalised words that start a sentence or count things, not a name: dropped from the front of a run. */
const leadingNotName = new Set([...notAName, 'These', 'Those', 'Their', 'His', 'Her', 'Our', 'After', 'Before', 'As', 'Under', 'While', 'With', 'From', 'By', 'When', 'If',
  'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten', 'Eleven', 'Twelve', 'Sixteen', 'Twenty', 'Dozens', 'Several', 'Many', 'Some',
  'All', 'Other', 'Most', 'Both', 'Top', 'Leading', 'Major', 'Big', 'New', 'Former', 'Several']);
/** A law, plan or document is no organisation: "Government Devices Act". */
const documentWord = /^(Act|Acts|Law|Bill|Directive|Regulation|Regulations|Order|Declaration|Agreement|Treaty|Code|Framework|Strategy|Plan|Programme|Program|Initiative|Rules|Guidelines)$/;
// "Oliver Dowden said": two or three capitalised words before a verb of speech are a person.
// The verb is found first (cheap), then the name that ends right before it.
const speechVerb = /[ \t](?:said|says|told|added|wrote|argued|warned|announced)\b/g;
const nameBefore = /(?:^|[^\p{L}\p{N}&'’-] ?)(\p{Lu}\p{Ll}+(?:[ \t]\p{Lu}\p{Ll}+){1,2})$/u;
/** Last words of a capitalised run that make it a place or a body, not a person. */
const notPersonWord = /^(Affairs|Office|Department|Ministry|Commission|Court|House|Street|Park|Valley|Council|Committee|Bureau|Agency|Authority|Police|Service|Services|Security|Times|Post|News|Journal|Research|Analytics|Intelligence|Insights|Economics|Cloud|Media|Digital|Energy|Health|Capital|Ventures|Partners|Fund)$/;

const lowerTitles = titles.filter((t) => /^[a-z]/.test(t));
const appositive = new RegExp(`(?:^|[^\\p{L}\\p{N}&'’-] ?)(\\p{Lu}\\p{Ll}+(?:[ \\t]\\p{Lu}\\p{Ll}+){1,2}), (?:the |its |a |an |\\p{Lu}[\\p{L}.]+['’]s )?(?:[\\p{Ll}-]+ ){0,3}(?:${lowerTitles.join('|')}|adviser|advisor)\\b`, 'gu');

/**
 * The parts of a capitalised run within one sentence ("Phones. The Commission" is two), each
 * without the sentence-opening or counting words in front ("The", "Sixteen").
 */
function sentencesOf(run: string, start: number): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let at = 0;
  const first = run.slice(0, run.search(/[ \t]|$/));
  if (!run.includes('.') && !leadingNotName.has(first)) return [{ text: run, start }];
  for (const piece of run.split(/(?<=\p{Ll}{2}\.)[ \t]+/u)) {
    let words = piece.split(/([ \t]+)/);
    let offset = run.indexOf(piece, at);
    at = offset + piece.length;
    while (words.length > 1 && leadingNotName.has(words[0]!)) { offset += words[0]!.length + words[1]!.length; words = words.slice(2); }
    if (words.length && !leadingNotName.has(words[0]!)) out.push({ text: words.join(''), start: start + offset });
  }
  return out;
}

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
    // One capitalised word is never enough (push wants two), and most runs are one word.
    if (!/[ \t]/.test(m[0])) continue;
    for (const run of sentencesOf(m[0], m.index ?? 0)) {
      const words = run.text.split(/[ \t]+/);
      const last = words[words.length - 1]!.replace(/[.,]$/, '');
      if (documentWord.test(last)) continue;
      const first = words[0]!;
      for (const [re, kind] of orgWord) {
        if (re.test(last) || (kind === 'government' && re.test(first) && words.length > 2)) { push(run.text, kind, run.start, 0.5); break; }
      }
    }
  }
  for (const v of text.matchAll(speechVerb)) {
    const from = Math.max(0, (v.index ?? 0) - 60);
    const m = nameBefore.exec(text.slice(from, v.index));
    if (!m) continue;
    let words = m[1]!.split(/[ \t]/);
    // "Minister Tony Burke said": the title is no part of the name.
    while (words.length > 2 && titleWords.has(words[0]!.toLowerCase())) words = words.slice(1);
    const name = words.join(' ');
    if (leadingNotName.has(words[0]!) || titleWords.has(words[0]!.toLowerCase()) || notPersonWord.test(words[words.length - 1]!) || orgWord.some(([re]) => re.test(words[words.length - 1]!))) continue;
    push(name, 'person', from + m.index + m[0].lastIndexOf(name), 0.45);
  }
  for (const m of text.matchAll(personTitle)) {
    push(m[1]!, 'person', (m.index ?? 0) + m[0].indexOf(m[1]!), 0.5);
    // "National security advisers Jake Sullivan and Ajit Doval": the title covers both names.
    const second = /^ and ((?:\p{Lu}[\p{L}'’-]+ ){1,2}\p{Lu}[\p{L}'’-]+)/u.exec(text.slice((m.index ?? 0) + m[0].length));
    if (second) push(second[1]!, 'person', (m.index ?? 0) + m[0].length + 5, 0.45);
  }
  // "Grant Shapps, the business secretary, …", "Ajit Doval, India's national security adviser":
  // a name set off by a comma before a title.
  if (text.includes(', ')) for (const m of text.matchAll(appositive)) {
    const words = m[1]!.split(' ');
    if (leadingNotName.has(words[0]!) || titleWords.has(words[0]!.toLowerCase()) || notPersonWord.test(words[words.length - 1]!) || orgWord.some(([re]) => re.test(words[words.length - 1]!))) continue;
    push(m[1]!, 'person', (m.index ?? 0) + m[0].indexOf(m[1]!), 0.45);
  }
  // "payroll provider Zellis", "telecoms operator Optus": a business noun right before a name.
  for (const m of text.matchAll(describedCompany)) {
    const name = m[1]!;
    if (!notAName.has(name.split(/\s/)[0]!)) pushOne(name, 'company', (m.index ?? 0) + m[0].lastIndexOf(name), 0.45);
  }
  return out;
}
