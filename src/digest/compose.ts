// Chooses what goes into one subscriber's digest: signals first seen in the period that match
// the filters, ranked by importance and grouped by event type, and the predictions resolved in
// the period. A run composes thousands of digests over a handful of periods, so each period's
// signals are loaded once (through the stream's listSignals) and filtered per subscriber.
import type { Db } from '../store/db.js';
import type { EventType, SignalOut } from '../domain/types.js';
import { getSignalsByIds } from '../store/signals-read.js';
import { impactsResolvedBetween, signalIdsMatching, signalIdsNewBetween, type ResolvedImpact } from '../store/digest-read.js';

/** A story crawled late still reaches the next digest if it was published within this before the period. */
const lateStoryLookbackMs = 14 * 86_400_000;
import { parseSearch, type ParsedSearch } from '../parse/search-query.js';
import type { DigestFilters } from './input.js';

/** Most signals an email shows (the rest are counted and linked): keeps it well under 100 KB. */
export const MAX_SIGNALS = 30;
export const MAX_PREDICTIONS = 10;

export interface ResolvedPrediction extends ResolvedImpact { signal: SignalOut }

export interface DigestContent {
  period: { start: string; end: string };
  /** Every matching signal, shown or not (the subject's count). */
  total: number;
  groups: { type: EventType; signals: SignalOut[] }[];
  predictions: ResolvedPrediction[];
}

interface PeriodData {
  signals: SignalOut[];
  resolved: { impact: ResolvedImpact; signal: SignalOut }[];
  /** FTS5 expression → ids of the period's signals (and resolved predictions' signals) it matches. */
  matches: Map<string, Set<number>>;
}

export class DigestComposer {
  private readonly periods = new Map<string, PeriodData>();
  constructor(private readonly db: Db) {}

  compose(filters: DigestFilters, period: { start: string; end: string }): DigestContent {
    const data = this.load(period);
    const keep = this.matcher(filters, data);
    const chosen = data.signals.filter(keep).sort(byImportance);
    const predictions = data.resolved.filter((r) => keep(r.signal)).slice(0, MAX_PREDICTIONS).map((r) => ({ ...r.impact, signal: r.signal }));
    return { period, total: chosen.length, groups: groupByType(chosen.slice(0, MAX_SIGNALS)), predictions };
  }

  private load(period: { start: string; end: string }): PeriodData {
    const key = `${period.start}|${period.end}`;
    let data = this.periods.get(key);
    if (data) return data;
    const signals = getSignalsByIds(this.db, signalIdsNewBetween(this.db, period.start, period.end, lateStoryLookbackMs));
    const impacts = impactsResolvedBetween(this.db, period.start, period.end);
    const origins = new Map(getSignalsByIds(this.db, [...new Set(impacts.map((i) => i.signal_id))]).map((s) => [s.id, s]));
    const resolved = impacts.flatMap((impact) => { const signal = origins.get(impact.signal_id); return signal ? [{ impact, signal }] : []; });
    data = { signals, resolved, matches: new Map() };
    // A run rarely spans more than a few periods; drop the oldest so a long-lived process stays small.
    if (this.periods.size >= 16) this.periods.delete(this.periods.keys().next().value!);
    this.periods.set(key, data);
    return data;
  }

  /** The subscriber's filters as a predicate: any of each list, all of the lists and of q's terms and inline filters. */
  private matcher(f: DigestFilters, data: PeriodData): (s: SignalOut) => boolean {
    let search: ParsedSearch = { match: null };
    if (f.q) {
      try {
        search = parseSearch(f.q);
      } catch {
        return () => false; // validated when saved; if the language changed since, send nothing rather than everything
      }
    }
    const types = f.types?.length ? new Set<string>(f.types) : null;
    const regions = f.regions?.length ? new Set(f.regions) : null;
    const entities = f.entities?.length ? f.entities.map((e) => e.toLowerCase()) : null;
    const matched = search.match ? this.matching(search.match, data) : null;
    return (s) =>
      (!types || types.has(s.event_type)) &&
      (!search.type || s.event_type === search.type) &&
      (!regions || s.regions.some((r) => regions.has(r))) &&
      (!search.region || s.regions.includes(search.region)) &&
      (!entities || entities.some((e) => hasEntity(s, e))) &&
      (!search.entity || hasEntity(s, search.entity.toLowerCase())) &&
      (!search.source || s.stories.some((st) => st.source_id === search.source)) &&
      (!matched || matched.has(s.id));
  }

  private matching(match: string, data: PeriodData): Set<number> {
    let ids = data.matches.get(match);
    if (!ids) {
      ids = signalIdsMatching(this.db, match, [...data.signals.map((s) => s.id), ...data.resolved.map((r) => r.signal.id)]);
      data.matches.set(match, ids);
    }
    return ids;
  }
}

/** As the stream's entity filter: the slug, or the name ignoring case. */
const hasEntity = (s: SignalOut, wanted: string) => s.entities.some((e) => e.slug === wanted || e.name.toLowerCase() === wanted);

const byImportance = (a: SignalOut, b: SignalOut) => b.importance - a.importance || b.first_seen_at.localeCompare(a.first_seen_at) || b.id - a.id;

/** Groups in order of their most important signal; signals keep their rank inside a group. */
function groupByType(ranked: SignalOut[]): DigestContent['groups'] {
  const groups = new Map<EventType, SignalOut[]>();
  for (const s of ranked) groups.set(s.event_type, [...(groups.get(s.event_type) ?? []), s]);
  return [...groups].map(([type, signals]) => ({ type, signals }));
}
