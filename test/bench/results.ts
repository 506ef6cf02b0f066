// test/bench/RESULTS.md: every benchmark's figures beside their target and the floor measured in
// the same run, with the machine, the date and the command. A full `npm run bench` rewrites the
// whole file; `npm run bench NAME` refreshes only that benchmark's sections and keeps the others
// as they were, each still labelled with its own date, command and machine. The figures travel
// inside the file (a JSON comment at its end), so no second file can drift from the table.
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface Row {
  figure: string;
  measured: string;
  target: string;
  /** "—" where the issue sets no target for the figure. */
  verdict: 'met' | 'MISSED' | '—';
  floor: string;
  ratio: string;
}

export interface Machine { cpu: string; cores: number; memoryGiB: number; node: string; os: string; loadBefore: number[]; loadAfter: number[] }

export interface Section {
  /** Which `npm run bench NAME` produces it: ingest, analysis, api, digest, load. */
  bench: string;
  key: string;
  title: string;
  date: string;
  command: string;
  machine: Machine;
  rows: Row[];
  /** Markdown blocks: what the figures mean, and why a target is missed. */
  notes: string[];
  /** Set when the benchmark threw: nothing measured, and the file says so. */
  error?: string;
}

const order = ['ingest', 'analysis', 'api', 'search', 'digest', 'load'];

export function machineNow(loadBefore: number[]): Machine {
  let os = `${type()} ${release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty) os = `${pretty[1]} (${os})`;
  } catch { /* not Linux: the kernel name will do */ }
  const round = (xs: number[]) => xs.map((x) => Math.round(x * 100) / 100);
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown cpu', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30 * 10) / 10,
    node: process.version, os, loadBefore: round(loadBefore), loadAfter: round(loadavg()),
  };
}

export const verdict = (ok: boolean): Row['verdict'] => (ok ? 'met' : 'MISSED');

/** The command that ran, as typed. */
export function commandLine(args: string[]): string {
  const via = process.env.npm_lifecycle_event === 'bench' ? 'npm run bench' : 'npx tsx test/bench/run.ts';
  return [via, ...args].join(' ');
}

const dataMark = 'bench-data:';

function readPrevious(path: string): Section[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const at = text.lastIndexOf(`<!-- ${dataMark}`);
  if (at < 0) return [];
  try {
    return JSON.parse(text.slice(at + `<!-- ${dataMark}`.length, text.lastIndexOf('-->'))) as Section[];
  } catch {
    return []; // a hand-edited or damaged file: start again from this run's sections
  }
}

/** Writes the file; a partial run keeps the previous sections of the benchmarks it did not run. */
export function writeResults(path: string, fresh: Section[], full: boolean): Section[] {
  const ran = new Set(fresh.map((s) => s.bench));
  const kept = full ? [] : readPrevious(path).filter((s) => !ran.has(s.bench));
  const all = [...kept, ...fresh].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  writeFileSync(path, render(all));
  return all;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function machineLine(m: Machine): string {
  return `${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB, node ${m.node}, ${m.os}; load average ${m.loadBefore.join(' / ')} before, ${m.loadAfter.join(' / ')} after (1/5/15 min)`;
}

function render(sections: Section[]): string {
  const out: string[] = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (test/bench/run.ts, test/bench/results.ts); do not edit by hand. Each figure stands beside the floor',
    'it is compared with, measured in the same run on the same machine (fetch and parse alone; a tiny SMTP message; the raw FTS5',
    'query; `/healthz`; the same request mix with no crawl running), and the ratio between them: absolute figures move with the',
    'machine and with whatever else it runs, ratios much less. A target that is missed says MISSED. `npm run bench NAME` refreshes',
    'only that benchmark; every section carries its own date, command and machine. The load average shows how busy the machine was',
    '(it has a few cores and is shared with other work; 1.0 per core is fully busy).',
    '',
    '## Summary',
    '',
    '| benchmark | figure | measured | target | verdict | date |',
    '|---|---|---|---|---|---|',
  ];
  for (const s of sections) {
    if (s.error) out.push(`| ${s.title} | — | failed: ${cell(s.error.slice(0, 200))} | — | MISSED | ${s.date.slice(0, 10)} |`);
    for (const r of s.rows.filter((r) => r.verdict !== '—')) out.push(`| ${s.title} | ${cell(r.figure)} | ${cell(r.measured)} | ${cell(r.target)} | ${r.verdict} | ${s.date.slice(0, 10)} |`);
  }
  for (const s of sections) {
    out.push('', `## ${s.title}`, '', `Measured ${s.date} by \`${s.command}\` on ${machineLine(s.machine)}.`, '');
    if (s.error) out.push(`**The benchmark failed:** ${s.error}`, '');
    if (s.rows.length) {
      out.push('| figure | measured | target | verdict | floor (same run) | ratio |', '|---|---|---|---|---|---|');
      for (const r of s.rows) out.push(`| ${[r.figure, r.measured, r.target, r.verdict, r.floor, r.ratio].map(cell).join(' | ')} |`);
      out.push('');
    }
    for (const n of s.notes) out.push(n, ''); // each note is one markdown block (a paragraph, a list)
  }
  // JSON never contains "--" outside strings; inside them it is escaped, so the comment stays closed.
  out.push('', `<!-- ${dataMark}${JSON.stringify(sections).replace(/--/g, '-\\u002d')}-->`, '');
  return out.join('\n');
}
