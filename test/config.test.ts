import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/config.js';

test('defaults follow DESIGN.md', () => {
  const c = loadConfig({});
  assert.equal(c.dbPath, 'db/radar.sqlite');
  assert.equal(c.port, 8080);
  assert.equal(c.sourcesPath, 'feeds/sources.yaml');
  assert.equal(c.allowPrivateNetworks, false);
  assert.equal(c.adminToken, null);
  assert.ok(Object.isFrozen(c));
});

test('a bad value stops start-up naming the variable', () => {
  for (const [k, v] of [['PORT', 'eighty'], ['RADAR_SMTP_URL', 'http://x'], ['RADAR_ALLOW_PRIVATE_NETWORKS', 'yes'], ['RADAR_BASE_URL', 'not a url'], ['RADAR_ADMIN_TOKEN', 'short']]) {
    assert.throws(() => loadConfig({ [k!]: v }), (e: unknown) => e instanceof ConfigError && e.message.includes(`${k}=`), k);
  }
});

test('values are read and typed', () => {
  const c = loadConfig({ PORT: '9090', RADAR_ALLOW_PRIVATE_NETWORKS: '1', RADAR_BASE_URL: 'https://radar.example.org/', RADAR_SMTP_URL: 'smtp://127.0.0.1:2525', RADAR_ADMIN_TOKEN: 'x'.repeat(20) });
  assert.equal(c.port, 9090);
  assert.equal(c.allowPrivateNetworks, true);
  assert.equal(c.baseUrl, 'https://radar.example.org');
  assert.equal(c.smtpUrl, 'smtp://127.0.0.1:2525');
});

test('a bad secret is named, never echoed', () => {
  assert.throws(() => loadConfig({ RADAR_ADMIN_TOKEN: 'short-secret' }), (e: Error) => e instanceof ConfigError && /RADAR_ADMIN_TOKEN/.test(e.message) && !e.message.includes('short-secret'));
});
