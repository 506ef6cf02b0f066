// The edges of running the product as a process: a busy port, two processes starting on one new
// database. Real child processes, real sockets, a real SQLite file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runRadar, startMain } from './helpers/spawn.js';

test('a busy port stops start-up with a plain message, exit 2, no stack trace', { timeout: 60_000 }, async () => {
  const port = await freePort();
  const blocker = createServer().listen(port, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  const dir = mkdtempSync(join(tmpdir(), 'radar-port-'));
  const { child, output } = startMain({ RADAR_DB: join(dir, 'r.sqlite'), PORT: String(port), HOST: '127.0.0.1', RADAR_SCHEDULER: '0' });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  blocker.close();
  assert.equal(code, 2);
  assert.match(output(), new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
  assert.doesNotMatch(output(), /EADDRINUSE|\n\s+at /);
});

test('two processes starting on one new database both migrate it cleanly', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'radar-race-'));
  const env = { RADAR_DB: join(dir, 'r.sqlite') };
  const [a, b] = await Promise.all([runRadar(['sources', 'list'], env), runRadar(['sources', 'list'], env)]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
});
