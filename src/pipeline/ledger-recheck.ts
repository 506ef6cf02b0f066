// Confirmations made before the ledger weighed evidence (any signal of the right type and region
// confirmed, dated the day of import) are judged again, once, by the evidence rules: a
// confirmation about the prediction's own subject keeps, with its reasons and the confirming
// signal's date; any other is undone and the prediction is open again (the expiry pass then
// finds it expired or void), so the record adjusts.
import type { Db } from '../store/db.js';
import { matchEvidence } from '../analyze/evidence.js';
import { legacyConfirmations, ledgerSignal, signalMatter, recordConfirmationEvidence, undoConfirmation } from '../store/impacts.js';

export function recheckLegacyConfirmations(db: Db, now: string): { kept: number; undone: number } {
  let kept = 0, undone = 0;
  db.transaction(() => {
    for (const p of legacyConfirmations(db)) {
      const s = p.resolved_by !== null ? ledgerSignal(db, p.resolved_by) : null;
      const why = p.criterion && s ? matchEvidence(p.criterion, s, p.criterion.same_matter ? signalMatter(db, p.signal_id) : undefined) : null;
      if (why && s) { recordConfirmationEvidence(db, p.id, s.first_seen_at, { signal: s.id, matched: why }); kept++; } else if (undoConfirmation(db, p.id, now)) undone++;
    }
  })();
  return { kept, undone };
}
