// The language of a story, as an ISO 639-1 code ('und' when the text does not say).
// Headlines are short, and trigram detectors (franc) misread them ("Samsung bans staff from
// using ChatGPT" comes out Swedish), so the languages the product reads natively are told apart
// first by their function words, which every sentence has; franc decides what those do not.
import { franc } from 'franc-min';

/** Function words no headline can avoid for long, per language (lower case). */
const functionWords: Record<string, string[]> = {
  en: ['the', 'a', 'of', 'and', 'to', 'in', 'is', 'for', 'on', 'with', 'from', 'by', 'its', 'after', 'over', 'as', 'at', 'that', 'this', 'are', 'was', 'be', 'has', 'have', 'will', 'it', 'an', 'new', 'says', 'said', 'into', 'not', 'but', 'their', 'who', 'what', 'how', 'why', 'against', 'about', 'amid', 'up', 'out', 'off', 'than', 'more', 'first'],
  de: ['der', 'die', 'das', 'und', 'zu', 'den', 'von', 'mit', 'für', 'ist', 'im', 'dem', 'nicht', 'ein', 'eine', 'auf', 'auch', 'es', 'sich', 'des', 'bei', 'nach', 'wird', 'gegen', 'über', 'einen', 'werden', 'soll', 'hat', 'vor', 'zum', 'zur', 'wie', 'aus', 'oder', 'sind', 'um', 'bis', 'mehr'],
  fr: ['le', 'la', 'les', 'de', 'des', 'du', 'et', 'un', 'une', 'pour', 'dans', 'sur', 'est', 'par', 'au', 'aux', 'que', 'qui', 'avec', 'ne', 'pas', 'son', 'sa', 'ses', 'contre', 'après', 'plus', 'sont', 'été', 'cette', 'ce', 'leur', 'selon', 'entre', 'sans', "l'", "d'"],
  es: ['el', 'los', 'las', 'del', 'y', 'en', 'por', 'para', 'con', 'una', 'es', 'que', 'se', 'su', 'sus', 'al', 'como', 'más', 'contra', 'tras', 'sobre'],
  it: ['il', 'lo', 'gli', 'della', 'delle', 'dei', 'di', 'e', 'per', 'con', 'che', 'non', 'una', 'è', 'nel', 'nella', 'alla', 'sul', 'sulla', 'contro', 'dopo'],
  pt: ['o', 'os', 'as', 'do', 'da', 'dos', 'das', 'e', 'em', 'no', 'na', 'para', 'com', 'uma', 'que', 'não', 'por', 'ao', 'pelo', 'pela', 'contra', 'após'],
  nl: ['de', 'het', 'een', 'van', 'en', 'in', 'op', 'voor', 'met', 'is', 'niet', 'dat', 'die', 'aan', 'zijn', 'wordt', 'tegen', 'na', 'bij', 'ook'],
};
const lookup = new Map<string, string[]>();
for (const [lang, words] of Object.entries(functionWords)) for (const w of words) lookup.set(w, [...(lookup.get(w) ?? []), lang]);

/** franc's ISO 639-3 answers, mapped to 639-1 for the languages it is asked to tell apart. */
const iso1: Record<string, string> = {
  eng: 'en', deu: 'de', fra: 'fr', spa: 'es', ita: 'it', por: 'pt', nld: 'nl', pol: 'pl', rus: 'ru', ukr: 'uk', cmn: 'zh',
  jpn: 'ja', kor: 'ko', arb: 'ar', tur: 'tr', swe: 'sv', ind: 'id', vie: 'vi', hin: 'hi', ces: 'cs', ron: 'ro', hun: 'hu',
};
const only = Object.keys(iso1);

/** Letters by script in one pass over the code points (matching \p{Script} per letter was a measurable share of the analysis). */
function scriptCounts(text: string) {
  let han = 0, kana = 0, hangul = 0, latin = 0, letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) { latin++; letters++; continue; }
    if (c < 0xc0) continue;
    if (c <= 0x24f) { if (c !== 0xd7 && c !== 0xf7) { latin++; letters++; } continue; }
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) { han++; letters++; continue; }
    if (c >= 0x3040 && c <= 0x30ff) { kana++; letters++; continue; }
    if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff)) { hangul++; letters++; continue; }
    if (/\p{L}/u.test(text[i]!)) letters++;
  }
  return { han, kana, hangul, latin, letters };
}

export function detectLanguage(title: string, lead: string): string {
  const text = `${title}\n${lead.slice(0, 1500)}`;
  // Scripts first: kana is Japanese, hangul Korean, Han without either Chinese, Cyrillic to franc.
  const { han, kana, hangul, latin, letters } = scriptCounts(text);
  if (kana) return 'ja';
  if (hangul) return 'ko';
  if (han > latin / 4 && han >= 2) return 'zh';
  if (latin >= letters / 2) {
    const counts = new Map<string, number>();
    let total = 0;
    for (const m of text.toLowerCase().matchAll(/[\p{L}']+/gu)) {
      total++;
      // "l'Autorité", "d'État": the elided article is a French function word.
      const word = /^[ld]'/.test(m[0]) ? m[0].slice(0, 2) : m[0];
      for (const lang of lookup.get(word) ?? []) counts.set(lang, (counts.get(lang) ?? 0) + 1);
    }
    const ranked = [...counts].sort((a, b) => b[1] - a[1]);
    const [best, second] = ranked;
    // A clear lead of function words decides; short texts need fewer of them.
    if (best && best[1] >= Math.min(3, Math.max(1, Math.round(total / 8))) && best[1] >= 1.5 * (second?.[1] ?? 0)) return best[0];
  }
  // Too short for trigrams to mean anything ("Kenya suspends a cryptocurrency exchange licence"
  // came out Romanian): a Latin-script text stays in the language most feeds here write in.
  if (letters < 120 && latin >= letters / 2) return 'en';
  const guess = franc(text, { only, minLength: 8 });
  return iso1[guess] ?? 'und';
}
