import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, isSilent, maxBackoffMs, successDelay, typicalGap } from '../src/pipeline/health.js';
import { stableOffsetMs } from '../src/jobs/offset.js';

const hour = 3_600_000;

test('back-off doubles per failure, jitters within ±20 %, and caps at 24 h', () => {
  const mid = () => 0.5; // no jitter
  assert.deepEqual([1, 2, 3, 4].map((n) => backoffDelay(hour, n, 0, mid)), [hour, 2 * hour, 4 * hour, 8 * hour]);
  assert.equal(backoffDelay(hour, 6, 0, mid), maxBackoffMs);
  assert.equal(backoffDelay(hour, 500, 0, mid), maxBackoffMs, 'never overflows, never gives up');
  assert.equal(backoffDelay(hour, 1, 0, () => 0), 0.8 * hour);
  assert.equal(backoffDelay(hour, 1, 0, () => 1), 1.2 * hour);
  for (let i = 0; i < 200; i++) {
    const d = backoffDelay(hour, 3);
    assert.ok(d >= 3.2 * hour && d <= 4.8 * hour, String(d));
  }
});

test('Retry-After lengthens a back-off but never beyond the cap', () => {
  assert.equal(backoffDelay(60_000, 1, 2 * hour, () => 0.5), 2 * hour);
  assert.equal(backoffDelay(60_000, 1, 48 * hour, () => 0.5), maxBackoffMs);
});

test('success waits the cadence, or longer when Cache-Control asks', () => {
  assert.equal(successDelay(hour, null), hour);
  assert.equal(successDelay(hour, 60), hour);
  assert.equal(successDelay(hour, 3 * 3600), 3 * hour);
  assert.equal(successDelay(hour, 7 * 86400), maxBackoffMs);
});

test('a source is silent after several times its usual gap without stories', () => {
  const now = Date.parse('2025-01-10T00:00:00Z');
  const gap = typicalGap([now - 1 * hour, now - 7 * hour, now - 13 * hour, now - 19 * hour]);
  assert.equal(gap, 6 * hour);
  assert.equal(isSilent({ now, lastNewStoryAt: now - 20 * hour, typicalGapMs: 6 * hour, everyMs: hour }), false);
  assert.equal(isSilent({ now, lastNewStoryAt: now - 30 * hour, typicalGapMs: 6 * hour, everyMs: hour }), true);
  assert.equal(isSilent({ now, lastNewStoryAt: null, typicalGapMs: null, everyMs: hour }), false, 'never yielded: not silent');
});

test('start offsets are stable per source and spread', () => {
  assert.equal(stableOffsetMs('ftc-press', 300_000), stableOffsetMs('ftc-press', 300_000));
  const offsets = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => stableOffsetMs(id, 300_000)));
  assert.ok(offsets.size >= 5);
});
