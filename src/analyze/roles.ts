// Roles from where an entity stands around the action in the title: in the active voice the
// subject before the verb acts and what follows is the target ("FTC sues Amazon"); in the
// passive the subject is the target and the agent after "by" acts ("Amazon sued by FTC",
// "TikTok banned in India"). Anything found only in the body is mentioned.
import type { EntityRole } from '../domain/types.js';
import type { Mention } from './recognize.js';

const actionVerb = /\b(bans?|banned|bars?|barred|blocks?|blocked|restricts?|restricted|limits?|orders?|ordered|fines?|fined|sues?|sued|probes?|probed|investigat\w+|accuses?|accused|charges?|charged|adds?|added|adopts?|passes|approves?|approved|acquires?|acquired|buys?|bought|invests?|designates?|designated|suspends?|suspended|tells?|told|forbids?|prohibits?|prohibited|rules?|ruled|imposes?|imposed|curbs?|curbed|targets?|targeted|hits?|expands?|tightens?|tightened|launch\w*|opens?|opened|exits?|cuts?|halts?|halted|drops?|removes?|removed|pulls?|pulled|penali[sz]e[sd]?|slaps?|slapped|warns?|warned|clears?|cleared|rejects?|rejected|strikes?|struck|signs?|signed|unveils?|unveiled|agrees?|agreed|settles?|settled|breach\w*|hack\w*|leaks?|leaked|issues?|issued|announces?|announced|publishes|published|introduces?|introduced|requires?|required|instructs?|instructed|asks?|asked|moves?|moved|plans?|planned|sells?|sold|scraps?|scrapped|abandons?|abandoned|wins?|won|lands?|secures?|secured|names?|named|extends?|extended|eases?|eased|blacklists?|blacklisted|restores?|restored|returns?|returned|shuts?|stops?|stopped|bars?)\b/i;
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
