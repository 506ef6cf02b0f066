// The crawl's yields: every crawl in the process waits in one line and one slice resumes per
// turn of the event loop, so the server's callbacks run between any two slices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { yieldToLoop } from '../src/pipeline/yield.js';

const busy = (ms: number) => { const end = performance.now() + ms; while (performance.now() < end) { /* a slice of work */ } };

test('six crawls yielding at once resume one per turn of the loop, in turn', async () => {
  const resumedInTurn: number[] = [];
  let turn = 0;
  let running = true;
  // Stands for the server: a callback on every turn of the loop.
  const tick = () => { if (!running) return; turn++; setImmediate(tick); };
  setImmediate(tick);
  const order: number[] = [];
  await Promise.all(Array.from({ length: 6 }, async (_, crawl) => {
    for (let slice = 0; slice < 4; slice++) {
      await yieldToLoop();
      resumedInTurn.push(turn);
      order.push(crawl);
      busy(1);
    }
  }));
  running = false;
  assert.equal(resumedInTurn.length, 24);
  const perTurn = new Map<number, number>();
  for (const t of resumedInTurn) perTurn.set(t, (perTurn.get(t) ?? 0) + 1);
  assert.ok([...perTurn.values()].every((n) => n === 1), `at most one slice per turn: ${JSON.stringify([...perTurn])}`);
  assert.deepEqual(order.slice(0, 6).sort(), [0, 1, 2, 3, 4, 5], 'each crawl gets a turn before any gets a second');
});
