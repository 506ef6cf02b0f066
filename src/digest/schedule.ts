// When digests are due: at the subscriber's hour in their IANA time zone, computed from the
// zone's real offsets (Intl), so a day across a DST change is 23 or 25 hours long and the
// digest still goes out at 07:00 on the wall clock. Weekly digests go out on Mondays.
import type { Cadence } from '../store/subscriptions.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const periodMs: Record<Cadence, number> = { daily: DAY, weekly: 7 * DAY };
const WEEKLY_DAY = 1; // Monday, as Date#getUTCDay counts

export interface Schedule { cadence: Cadence; send_hour: number; timezone: string }
export interface Period { start: string; end: string; nextDueAt: string }

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(tz, f);
  }
  return f;
}

const walls = new Map<string, number>();

/** The wall-clock time of instant t in tz, as if it were UTC (ms). */
function wallClock(t: number, tz: string): number {
  // Slot arithmetic asks about the same whole hours for every subscriber in a zone, and
  // formatToParts is the slow part of a run: remember those answers.
  if (t % HOUR !== 0) return readWallClock(t, tz);
  const key = `${tz} ${t}`;
  let w = walls.get(key);
  if (w === undefined) {
    if (walls.size > 50_000) walls.clear();
    walls.set(key, (w = readWallClock(t, tz)));
  }
  return w;
}

function readWallClock(t: number, tz: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(t))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
}

/** The local calendar day of instant t in tz, as a UTC midnight (ms). */
function localDay(t: number, tz: string): number {
  const w = wallClock(t, tz);
  return w - (((w % DAY) + DAY) % DAY);
}

/**
 * The instant the wall clock in tz shows `hour`:00 on the given local day. An hour that occurs
 * twice (clocks go back) gives its first occurrence; an hour skipped (clocks go forward) gives
 * the instant the clocks jump, i.e. the first moment at or after that wall time.
 */
export function zonedSlot(day: number, hour: number, tz: string): number {
  const wall = day + hour * HOUR;
  const offsets = new Set([wallClock(wall - 12 * HOUR, tz) - (wall - 12 * HOUR), wallClock(wall + 12 * HOUR, tz) - (wall + 12 * HOUR)]);
  const valid = [...offsets].map((o) => wall - o).filter((t) => wallClock(t, tz) === wall);
  if (valid.length) return Math.min(...valid);
  // In the gap: the offset before the change maps the wall time to the instant of the jump.
  return wall - (wallClock(wall - 12 * HOUR, tz) - (wall - 12 * HOUR));
}

const isSendDay = (day: number, s: Schedule) => s.cadence === 'daily' || new Date(day).getUTCDay() === WEEKLY_DAY;

/** The first send slot strictly after instant t. */
export function nextSlotAfter(t: number, s: Schedule): number {
  for (let day = localDay(t, s.timezone) - DAY, i = 0; i < 10; day += DAY, i++) {
    const slot = zonedSlot(day, s.send_hour, s.timezone);
    if (slot > t && isSendDay(day, s)) return slot;
  }
  throw new Error(`no send slot found after ${new Date(t).toISOString()} in ${s.timezone}`);
}

/** The last send slot at or before instant t. */
export function latestSlotAtOrBefore(t: number, s: Schedule): number {
  for (let day = localDay(t, s.timezone) + DAY, i = 0; i < 10; day -= DAY, i++) {
    const slot = zonedSlot(day, s.send_hour, s.timezone);
    if (slot <= t && isSendDay(day, s)) return slot;
  }
  throw new Error(`no send slot found before ${new Date(t).toISOString()} in ${s.timezone}`);
}

/**
 * When the digest after a period ending at `end` is due: the first slot at least half a period
 * later, so a subscriber who confirms at 06:55 does not get a second digest at 07:00.
 */
export function nextDueAfter(end: number, s: Schedule): number {
  return nextSlotAfter(end + periodMs[s.cadence] / 2, s);
}

/**
 * The period the next digest covers if it is sent at `now`. The first one covers the period
 * before now (24 h or 7 days); later ones run from where the last one ended to the latest slot,
 * so a subscriber missed while the server was down gets one digest covering the whole gap.
 * Null when nothing is due yet.
 */
export function planPeriod(s: Schedule & { last_period_end: string | null }, now: number): Period | null {
  if (!s.last_period_end) {
    return { start: iso(now - periodMs[s.cadence]), end: iso(now), nextDueAt: iso(nextDueAfter(now, s)) };
  }
  const last = Date.parse(s.last_period_end);
  const end = latestSlotAtOrBefore(now, s);
  if (end <= last) return null;
  return { start: s.last_period_end, end: iso(end), nextDueAt: iso(nextDueAfter(end, s)) };
}

/** What the next digest would cover if sent now, even when not due: for previews. */
export function previewPeriod(s: Schedule & { last_period_end: string | null }, now: number): { start: string; end: string } {
  return { start: s.last_period_end && Date.parse(s.last_period_end) < now ? s.last_period_end : iso(now - periodMs[s.cadence]), end: iso(now) };
}

const iso = (t: number) => new Date(t).toISOString();
