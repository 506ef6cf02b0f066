// Roles from where an entity stands around the action in the title: the subject before the
// verb acts, what follows is the target; anything only in the body is mentioned.
import type { EntityRole } from '../domain/types.js';
import type { Mention } from './recognize.js';

const actionVerb = /\b(bans?|banned|bars?|barred|blocks?|blocked|restricts?|restricted|limits?|orders?|ordered|fines?|fined|sues?|sued|probes?|investigat\w+|accuses?|charges?|adds?|adopts?|passes|approves?|acquires?|buys?|invests?|designates?|suspends?|tells?|forbids?|prohibits?|rules?|imposes?|curbs?|targets?|hits?|expands?|tightens?|launch\w*|opens?|exits?|cuts?|halts?|drops?)\b/i;

export function assignRoles(title: string, mentions: Mention[]): Map<string, EntityRole> {
  const verb = actionVerb.exec(title);
  const verbAt = verb ? verb.index : -1;
  const roles = new Map<string, EntityRole>();
  for (const m of mentions) {
    let role: EntityRole = 'mentioned';
    if (m.inTitle) role = verbAt < 0 ? 'affected' : m.start < verbAt ? 'actor' : 'target';
    const prev = roles.get(m.entity.slug);
    // Keep the strongest role an entity gets anywhere (actor > target > affected > mentioned).
    if (!prev || rank(role) > rank(prev)) roles.set(m.entity.slug, role);
  }
  return roles;
}

const rank = (r: EntityRole) => ({ mentioned: 0, affected: 1, target: 2, actor: 3 })[r];
