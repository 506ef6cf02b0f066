// Roles from where an entity stands around the action in the title: in the active voice the
// subject before the verb acts and what follows is the target ("FTC sues Amazon"); in the
// passive the subject is the target and the agent after "by" acts ("Amazon sued by FTC",
// "TikTok banned in India"). Anything found only in the body is mentioned.
import type { EntityRole } from '../domain/types.js';
import type { Mention } from './recognize.js';

const actionVerb = /\b(bans?|banned|bars?|barred|blocks?|blocked|restricts?|restricted|limits?|orders?|ordered|fines?|fined|sues?|sued|probes?|probed|investigat\w+|accuses?|accused|charges?|charged|adds?|added|adopts?|passes|approves?|approved|acquires?|acquired|buys?|bought|invests?|designates?|designated|suspends?|suspended|tells?|told|forbids?|prohibits?|prohibited|rules?|ruled|imposes?|imposed|curbs?|curbed|targets?|targeted|hits?|expands?|tightens?|tightened|launch\w*|opens?|opened|exits?|cuts?|halts?|halted|drops?|removes?|removed|pulls?|pulled|penali[sz]e[sd]?|slaps?|slapped|warns?|warned|clears?|cleared|rejects?|rejected|strikes?|struck|signs?|signed|unveils?|unveiled|agrees?|agreed|settles?|settled|breach\w*|hack\w*|leaks?|leaked|issues?|issued|announces?|announced|publishes|published|introduces?|introduced|requires?|required|instructs?|instructed|asks?|asked|moves?|moved|plans?|planned|sells?|sold|scraps?|scrapped|abandons?|abandoned|wins?|won|lands?|secures?|secured|names?|named|extends?|extended|eases?|eased|blacklists?|blacklisted|restores?|restored|returns?|returned|shuts?|stops?|stopped|bars?|directs?|directed|mandates?|mandated|seizes?|seized|freezes?|froze|frozen|revokes?|revoked|denies|denied|forces?|forced|compels?|compelled)\b/i;
/** Past forms that in a headline are nearly always passive: "Meta fined €1.2bn". */
const passiveAlways = /^(fined|sued|charged|probed|penali[sz]ed|slapped|accused|hacked|breached|targeted|hit)$/i;
const passiveAfter = /^\s+(by|in|from|on|over|for|after|as|under|across|at)\b/i;

export function assignRoles(title: string, mentions: Mention[], ownedBy: (slug: string) => string | null = () => null, lead = ''): Map<string, EntityRole> {
  const roles = new Map<string, EntityRole>();
  const keep = (slug: string, role: EntityRole) => {
    const prev = roles.get(slug);
    // Keep the strongest role an entity gets (actor > target > affected > mentioned).
    if (!prev || rank(role) > rank(prev)) roles.set(slug, role);
  };
  const inTitle = mentions.filter((m) => m.inTitle);
  for (const [slug, role] of rolesInSentence(title, 0, inTitle, 'affected')) keep(slug, role);
  const titleActors = new Set([...roles].filter(([, r]) => r === 'actor').map(([slug]) => slug));
  // The lead's first sentence usually restates the action with its subject: "The US Commerce
  // Department issued rules…". It decides for entities the title does not name.
  const first = /^.*?[.!?](\s|$)/.exec(lead)?.[0] ?? lead;
  const leadStart = title.length + 1;
  const inFirst = mentions.filter((m) => !m.inTitle && m.start < leadStart + first.length && !roles.has(m.entity.slug));
  for (const [slug, role] of rolesInSentence(first, leadStart, inFirst, 'mentioned')) keep(slug, role);
  for (const m of mentions) if (!roles.has(m.entity.slug)) roles.set(m.entity.slug, 'mentioned');
  // A product of the title's actor is not its target: "Alibaba bans Claude, switches staff to
  // Qwen". Only the title's actor: the lead's first sentence often names a maker in passing.
  for (const [slug, role] of roles) {
    const owner = ownedBy(slug);
    if (role === 'target' && owner && titleActors.has(owner)) roles.set(slug, 'affected');
  }
  return roles;
}

/** Where the action verb of a sentence is, and whether it is passive. */
export function actionOf(sentence: string): { at: number; end: number; passive: boolean; agentFrom: number } | null {
  const verb = actionVerb.exec(sentence);
  if (!verb) return null;
  const end = verb.index + verb[0].length;
  const passive = /(ed|ld|ck|ht|hit|ld)$/i.test(verb[0]) && (passiveAlways.test(verb[0]) || passiveAfter.test(sentence.slice(end)));
  const byAt = passive ? sentence.slice(end).search(/\bby\b/i) : -1;
  return { at: verb.index, end, passive, agentFrom: byAt >= 0 ? end + byAt : Infinity };
}

function rolesInSentence(sentence: string, offset: number, mentions: Mention[], noVerb: EntityRole): Map<string, EntityRole> {
  const out = new Map<string, EntityRole>();
  const action = actionOf(sentence);
  for (const m of mentions) {
    const at = m.start - offset;
    let role: EntityRole = noVerb;
    if (action && !action.passive) role = at < action.at ? 'actor' : 'target';
    else if (action) role = at < action.at ? 'target' : at > action.agentFrom ? 'actor' : 'mentioned';
    const prev = out.get(m.entity.slug);
    if (!prev || rank(role) > rank(prev)) out.set(m.entity.slug, role);
  }
  return out;
}

const rank = (r: EntityRole) => ({ mentioned: 0, affected: 1, target: 2, actor: 3 })[r];

// Parties to an agreement: "US and UK sign AI testing pact", "Twenty-eight countries including
// the US and China … signed the Bletchley Declaration", "China put its name to a declaration
// alongside the US and the EU". States in the subject of a verb of agreeing, or named with it,
// are parties to it. Two at least, or one among "countries": a single state "agreeing" to
// something is a government acting, not a party to a pact.
const agreeVerb = /\b(?:sign(?:s|ed)?|agree(?:s|d)?|join(?:s|ed)?|launch(?:es|ed)?|sets? up|hold talks|holds talks|held talks|met|meets?|pledge[sd]?|endorse[sd]?|back(?:s|ed)?|put (?:its|their) names? to)\b/;
/** Verbs that agree only with an agreement for object: "launch a partnership", not "launch a probe". */
const needsObject = /^(?:join|launch|set|met|meet|pledge|endorse|back)/;
const agreeNoun = /\b(?:agreements?|deals?|pacts?|treaty|declaration|accord|pledge|partnership|talks|summit|convention|memorandum|council|alliance|coalition|dialogue|joint statement|commitments|call|curbs)\b/i;
const withParties = /\b(?:alongside|together with)\s/;
const counted = /\b(?:countries|nations|governments|states)\b/;

/** Codes of the states party to the agreement a sentence reports, in order. */
export function partiesOf(sentence: string, offset: number, places: { code: string; start: number; end: number }[]): string[] {
  const verb = agreeVerb.exec(sentence);
  if (!verb || (needsObject.test(verb[0]) && !agreeNoun.test(sentence))) return [];
  const withAt = sentence.search(withParties);
  const out: string[] = [];
  for (const p of places) {
    const at = p.start - offset;
    if (at < 0 || at >= sentence.length) continue;
    // "Abu Dhabi's G42", "China's Zhipu": a place that qualifies a company is not a party.
    if (/^['’]s\s/.test(sentence.slice(p.end - offset))) continue;
    // "agree to join US curbs": the state joined is a party too.
    const joined = at > verb.index && /\bjoin(?:s|ed|ing)?\s+(?:the\s+)?$/.test(sentence.slice(Math.max(0, at - 14), at));
    if ((at < verb.index || (withAt >= 0 && at > withAt && !/\s(?:at|in|on|for|to|from|over|of)\s/.test(sentence.slice(withAt, at))) || joined) && !out.includes(p.code)) out.push(p.code);
  }
  return out.length >= 2 || (out.length === 1 && counted.test(sentence)) ? out : [];
}

// "India imposed a licensing requirement…", "… after New Delhi banned dozens of apps": a
// country or its capital standing as the subject of a state's act stands for its government.
const stateAct = /^\s+(?:(?:has|have|had|will|would|is to|has also|also)\s+)?(?:ban(?:s|ned)|block(?:s|ed)|bar(?:s|red)|order(?:s|ed)|impos(?:es|ed)|approv(?:es|ed)|pass(?:es|ed)|enact(?:s|ed)|adopt(?:s|ed)|restrict(?:s|ed)|add(?:s|ed)|blacklist(?:s|ed)|sanction(?:s|ed)|fin(?:es|ed)|cut(?:s)?|shut(?:s)?|suspend(?:s|ed)|prohibit(?:s|ed)|introduc(?:es|ed)|unveil(?:s|ed)|announc(?:es|ed)|pledg(?:es|ed)|join(?:s|ed)|tighten(?:s|ed)|expand(?:s|ed)|issu(?:es|ed)|requir(?:es|ed)|direct(?:s|ed)|designat(?:es|ed)|levi(?:es|ed)|rais(?:es|ed)|lift(?:s|ed)|eas(?:es|ed)|scrap(?:s|ped)|shelv(?:es|ed)|award(?:s|ed)|subsidi[sz](?:es|ed))\b/;
const subjectBefore = /(?:^|[,;:]\s*|\b(?:after|as|when|since|because|while|and|but)\s+)(?:the\s+|The\s+)?$/;

/** Acts that a named office speaks for: "Washington announced curbs" (the Commerce Department did). */
const announcing = /^\s+(?:\w+\s+)?(?:announc|unveil|introduc|issu|pledg)/;

/**
 * Codes of the places that act as subjects of a state's act in a sentence; `strong`: the act is
 * the state's own (a ban, a cut-off), not an announcement some office of it made.
 */
export function actingPlacesIn(sentence: string, offset: number, places: { code: string; start: number; end: number }[]): { code: string; strong: boolean }[] {
  const out: { code: string; strong: boolean }[] = [];
  for (const p of places) {
    const at = p.start - offset;
    if (at < 0 || at >= sentence.length || out.some((o) => o.code === p.code)) continue;
    const after = sentence.slice(p.end - offset, p.end - offset + 40);
    if (subjectBefore.test(sentence.slice(Math.max(0, at - 12), at)) && stateAct.test(after)) out.push({ code: p.code, strong: !announcing.test(after) });
  }
  return out;
}
