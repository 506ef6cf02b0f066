// Static assets under content-hashed names (app.3f9c1a2b7d.css): a browser may keep them for a
// year, and a changed file gets a new name, so nobody ever runs stale CSS or JS. Read once at
// start-up; the files are a few kilobytes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Asset { url: string; type: string; body: Uint8Array }

const types: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

const files = ['app.css', 'app.js', 'icon.svg'] as const;
export type AssetName = (typeof files)[number];

function load(name: AssetName): Asset {
  const body = readFileSync(fileURLToPath(new URL(`./static/${name}`, import.meta.url)));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const dot = name.lastIndexOf('.');
  const ext = name.slice(dot + 1);
  return { url: `/static/${name.slice(0, dot)}.${hash}.${ext}`, type: types[ext] ?? 'application/octet-stream', body };
}

const byName = new Map(files.map((f) => [f, load(f)]));
const byUrl = new Map([...byName.values()].map((a) => [a.url, a]));

/** The hashed URL pages link to. */
export function assetUrl(name: AssetName): string {
  return byName.get(name)!.url;
}

/** The asset for a requested URL, or undefined (an old hash is a 404, not a stale file). */
export function assetAt(url: string): Asset | undefined {
  return byUrl.get(url);
}
