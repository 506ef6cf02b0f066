// Roles from where an entity stands around the action in the title: in the active voice the
// subject before the verb acts and what follows is the target ("FTC sues Amazon"); in the
// passive the subject is the target and the agent after "by" acts ("Amazon sued by FTC",
// "TikTok banned in India"). Anything found only in the body is mentioned.
import type { EntityRole } from '../domain/types.js';
import type { Mention } from './recognize.js';

const actionVerb = /\b(bans?|banned|bars?|barred|blocks?|blocked|restricts?|restricted|limits?|orders?|ordered|fines?|fined|sues?|sued|probes?|probed|investigat\w+|accuses?|accused|charges?|charged|adds?|added|adopts?|passes|approves?|approved|acquires?|acquired|buys?|bought|invests?|designates?|designated|suspends?|suspended|tells?|told|forbids?|prohibits?|prohibited|rules?|ruled|imposes?|imposed|curbs?|curbed|targets?|targeted|hits?|expands?|tightens?|tightened|launch\w*|opens?|opened|exits?|cuts?|halts?|halted|drops?|removes?|removed|pulls?|pulled|penali[sz]e[sd]?|slaps?|slapped|warns?|warned|clears?|cleared|rejects?|rejected|strikes?|struck|signs?|signed|unveils?|unveiled|agrees?|agreed|settles?|settled|breach\w*|hack\w*|leaks?|leaked)\b/i;
/** Past forms that in a headline are nearly always passive: "Meta fined €1.2bn". */
const passiveAlways = /^(fined|sued|charged|probed|penali[sz]ed|slapped|accused|hacked|breached|targeted|hit)$/i;
const passiveAfter = /^\s+(by|in|from|on|over|for|after|as|under|across|at)\b/i;

export function assignRoles(title: string, mentions: Mention[], ownedBy: (slug: string) => string | null = () => null): Map<string, EntityRole> {
  const verb = actionVerb.exec(title);
  const verbAt = verb ? verb.index : -1;
  const verbEnd = verb ? verb.index + verb[0].length : -1;
  const passive = !!verb && /(ed|ld|ck|ht|hit)$/i.test(verb[0]) && (passiveAlways.test(verb[0]) || passiveAfter.test(title.slice(verbEnd)));
  const byAt = passive ? title.slice(verbEnd).search(/\bby\b/i) : -1;
  const agentFrom = byAt >= 0 ? verbEnd + byAt : Infinity;

  const roles = new Map<string, EntityRole>();
  for (const m of mentions) {
    let role: EntityRole = 'mentioned';
    if (m.inTitle) {
      if (verbAt < 0) role = 'affected';
      else if (!passive) role = m.start < verbAt ? 'actor' : 'target';
      else role = m.start < verbAt ? 'target' : m.start > agentFrom ? 'actor' : 'mentioned';
    }
    const prev = roles.get(m.entity.slug);
    // Keep the strongest role an entity gets anywhere (actor > target > affected > mentioned).
    if (!prev || rank(role) > rank(prev)) roles.set(m.entity.slug, role);
  }
  // A product of the actor is not its target: "Alibaba bans Claude, switches staff to Qwen".
  const actors = new Set([...roles].filter(([, r]) => r === 'actor').map(([slug]) => slug));
  for (const [slug, role] of roles) {
    const owner = ownedBy(slug);
    if (role === 'target' && owner && actors.has(owner)) roles.set(slug, 'affected');
  }
  return roles;
}

const rank = (r: EntityRole) => ({ mentioned: 0, affected: 1, target: 2, actor: 3 })[r];
