// Deterministic synthetic feeds for benchmarks: varied tech-policy-like titles and full text.
const actors = ['Commission', 'Ministry', 'Regulator', 'Senate', 'Court', 'Agency', 'Parliament', 'Authority', 'Watchdog', 'Council'];
const places = ['Brazil', 'Japan', 'India', 'Germany', 'Canada', 'Korea', 'France', 'Australia', 'Italy', 'Spain', 'Mexico', 'Kenya'];
const verbs = ['fines', 'probes', 'sues', 'bans', 'restricts', 'approves', 'blocks', 'investigates', 'orders', 'clears'];
const objects = ['cloud provider', 'chip maker', 'social network', 'AI lab', 'payment app', 'search engine', 'data broker', 'telecom operator', 'app store', 'messaging service'];
const topics = ['privacy', 'competition', 'export', 'safety', 'copyright', 'security', 'procurement', 'tax', 'labour', 'content'];

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

const pick = <T>(r: () => number, xs: T[]): T => xs[Math.floor(r() * xs.length)]!;

const syllables = ['ka', 'lo', 'mer', 'tis', 'va', 'ron', 'qu', 'ex', 'ul', 'dra', 'po', 'zen', 'fi', 'bar', 'nu', 'sol'];

/** A made-up company name, different for each story, as real news names different parties. */
function companyName(n: number): string {
  let w = '';
  for (let x = n + 7, k = 0; k < 3; k++, x = Math.floor(x / 16)) w += syllables[x % 16];
  return `${w[0]!.toUpperCase()}${w.slice(1)} ${['Systems', 'Labs', 'Networks', 'Holdings', 'Technologies'][n % 5]}`;
}

export function syntheticFeed(feedNo: number, items: number, origin: string): string {
  const r = rng(feedNo * 7919 + 1);
  const out: string[] = [];
  for (let i = 0; i < items; i++) {
    const n = feedNo * items + i;
    // Each story is its own event: its own company, place, regulator and topic, as in a real feed.
    const title = `${pick(r, places)} ${pick(r, actors)} ${pick(r, verbs)} ${companyName(n)} over ${pick(r, topics)} concerns`;
    const paras = Array.from({ length: 6 }, (_, p) => `<p>${title}. Paragraph ${p}: officials said the ${pick(r, topics)} review of ${companyName(n)}, a ${pick(r, objects)}, would continue, with a decision expected after consultation with ${pick(r, places)} and industry groups.</p>`).join('');
    const date = new Date(Date.UTC(2025, 0, 1) + n * 600_000).toUTCString();
    out.push(`<item><title>${title}</title><link>${origin}/story/${feedNo}/${i}</link><guid isPermaLink="false">s-${feedNo}-${i}</guid><pubDate>${date}</pubDate><description>${title}</description><content:encoded><![CDATA[${paras}]]></content:encoded></item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Synthetic ${feedNo}</title><link>${origin}/</link><description>bench</description>${out.join('')}</channel></rss>`;
}
