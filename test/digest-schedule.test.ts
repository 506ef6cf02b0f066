// When digests are due: the subscriber's hour in their IANA zone, across DST changes, skipped
// and repeated hours, weekly Mondays, first digests and catch-up after downtime.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latestSlotAtOrBefore, nextDueAfter, nextSlotAfter, planPeriod, zonedSlot } from '../src/digest/schedule.js';

const t = (s: string) => Date.parse(s);
const iso = (n: number) => new Date(n).toISOString();
const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
const berlin7 = { cadence: 'daily' as const, send_hour: 7, timezone: 'Europe/Berlin' };

test('07:00 in Berlin is 06:00Z in winter and 05:00Z from the last Sunday of March', () => {
  assert.equal(iso(zonedSlot(day('2025-03-29'), 7, 'Europe/Berlin')), '2025-03-29T06:00:00.000Z');
  assert.equal(iso(zonedSlot(day('2025-03-30'), 7, 'Europe/Berlin')), '2025-03-30T05:00:00.000Z');
  assert.equal(iso(zonedSlot(day('2025-10-25'), 7, 'Europe/Berlin')), '2025-10-25T05:00:00.000Z');
  assert.equal(iso(zonedSlot(day('2025-10-26'), 7, 'Europe/Berlin')), '2025-10-26T06:00:00.000Z');
  assert.equal(iso(zonedSlot(day('2025-03-09'), 7, 'America/New_York')), '2025-03-09T11:00:00.000Z');
  assert.equal(iso(zonedSlot(day('2025-03-08'), 7, 'America/New_York')), '2025-03-08T12:00:00.000Z');
  assert.equal(iso(zonedSlot(day('2025-03-30'), 7, 'Asia/Kolkata')), '2025-03-30T01:30:00.000Z', 'half-hour offsets');
  assert.equal(iso(zonedSlot(day('2025-03-30'), 7, 'UTC')), '2025-03-30T07:00:00.000Z');
});

test('an hour the clocks skip goes out when they jump; an hour that happens twice, the first time', () => {
  // 30 March 2025: Berlin goes from 02:00 CET straight to 03:00 CEST (01:00Z).
  assert.equal(iso(zonedSlot(day('2025-03-30'), 2, 'Europe/Berlin')), '2025-03-30T01:00:00.000Z');
  // 26 October 2025: 02:00–03:00 happens twice (00:00Z CEST, then 01:00Z CET).
  assert.equal(iso(zonedSlot(day('2025-10-26'), 2, 'Europe/Berlin')), '2025-10-26T00:00:00.000Z');
});

test('the daily period across the March change is 23 hours and ends at 07:00 on the wall clock', () => {
  const sub = { ...berlin7, last_period_end: '2025-03-29T06:00:00.000Z' };
  assert.equal(planPeriod(sub, t('2025-03-30T04:59:00Z')), null, 'not due before 07:00 CEST');
  const p = planPeriod(sub, t('2025-03-30T05:02:00Z'))!;
  assert.deepEqual(p, { start: '2025-03-29T06:00:00.000Z', end: '2025-03-30T05:00:00.000Z', nextDueAt: '2025-03-31T05:00:00.000Z' });
  assert.equal(t(p.end) - t(p.start), 23 * 3_600_000);
  assert.equal(iso(nextDueAfter(t('2025-03-29T06:00:00Z'), berlin7)), '2025-03-30T05:00:00.000Z', 'the due date stored after the 29th');
  const autumn = planPeriod({ ...berlin7, last_period_end: '2025-10-25T05:00:00.000Z' }, t('2025-10-26T06:00:00Z'))!;
  assert.equal(t(autumn.end) - t(autumn.start), 25 * 3_600_000, 'and 25 hours in October');
});

test('weekly digests go out on Mondays at the hour, in the zone', () => {
  const weekly = { ...berlin7, cadence: 'weekly' as const };
  assert.equal(iso(nextSlotAfter(t('2025-03-26T10:00:00Z'), weekly)), '2025-03-31T05:00:00.000Z');
  assert.equal(iso(latestSlotAtOrBefore(t('2025-03-30T23:00:00Z'), weekly)), '2025-03-24T06:00:00.000Z');
  const p = planPeriod({ ...weekly, last_period_end: '2025-03-24T06:00:00.000Z' }, t('2025-03-31T05:01:00Z'))!;
  assert.deepEqual([p.end, p.nextDueAt], ['2025-03-31T05:00:00.000Z', '2025-04-07T05:00:00.000Z']);
  // Monday in Auckland starts on Sunday in UTC.
  const akl = { cadence: 'weekly' as const, send_hour: 8, timezone: 'Pacific/Auckland' };
  assert.equal(iso(nextSlotAfter(t('2025-06-04T00:00:00Z'), akl)), '2025-06-08T20:00:00.000Z');
});

test('the first digest covers the period before it; the next waits at least half a period', () => {
  const first = planPeriod({ ...berlin7, last_period_end: null }, t('2025-06-10T04:55:00Z'))!;
  assert.deepEqual(first, { start: '2025-06-09T04:55:00.000Z', end: '2025-06-10T04:55:00.000Z', nextDueAt: '2025-06-11T05:00:00.000Z' },
    'confirmed at 06:55 local: not a second digest at 07:00');
  const weekly = planPeriod({ ...berlin7, cadence: 'weekly', last_period_end: null }, t('2025-06-10T12:00:00Z'))!;
  assert.equal(t(weekly.end) - t(weekly.start), 7 * 86_400_000);
});

test('after downtime one digest covers the whole gap, ending at the latest slot', () => {
  const p = planPeriod({ ...berlin7, last_period_end: '2025-03-20T06:00:00.000Z' }, t('2025-03-25T10:00:00Z'))!;
  assert.deepEqual(p, { start: '2025-03-20T06:00:00.000Z', end: '2025-03-25T06:00:00.000Z', nextDueAt: '2025-03-26T06:00:00.000Z' });
});
