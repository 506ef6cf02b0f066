// Hostile XML: entity expansion ("billion laughs") is refused and external entities (XXE) are
// never resolved; the parse stays fast and small.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeed, FeedParseError } from '../src/parse/feed.js';

const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');

test('billion laughs is refused as malformed, quickly', async () => {
  const doc = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${levels}]><rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><link>https://e.org/1</link></item></channel></rss>`;
  const t = performance.now();
  await assert.rejects(parseFeed(doc, 'https://e.org/'), (e: unknown) => e instanceof FeedParseError && e.code === 'malformed');
  assert.ok(performance.now() - t < 1000);
});

test('an external entity is never resolved', async () => {
  const doc = '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>x</title><item><title>&xxe;</title><link>https://e.org/1</link></item></channel></rss>';
  try {
    const feed = await parseFeed(doc, 'https://e.org/');
    assert.doesNotMatch(JSON.stringify(feed), /root:/);
  } catch (err) {
    assert.ok(err instanceof FeedParseError); // refusing is fine too; reading the file is not
  }
});
