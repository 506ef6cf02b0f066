// The sources file contract (DESIGN.md "Sources file"), validated with zod so a bad entry
// is reported by its index and id before anything starts.
import { z } from 'zod';

/** "15m", "1h", "6h", "1d": how often a source is crawled. */
export const durationPattern = /^(\d+)\s*(s|m|h|d)$/;

export function parseDuration(text: string): number {
  const m = durationPattern.exec(text.trim());
  if (!m) throw new Error(`bad duration "${text}" (use e.g. 30m, 1h, 1d)`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit * 1000;
}

const selector = z.string().min(1);

/** CSS-selector rules for an html source; `*_attr` names the attribute to read instead of text. */
export const listRulesSchema = z.object({
  item: selector,
  link: selector.optional(), // absent: the item element is itself the <a>
  title: selector.optional(), // absent: the link's text
  date: selector.optional(),
  date_attr: z.string().optional(), // e.g. "datetime" on <time>
}).strict();

export const articleRulesSchema = z.object({
  body: selector,
  date: selector.optional(),
  date_attr: z.string().optional(),
}).strict();

export const sourceSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id must be lowercase letters, digits and dashes'),
  name: z.string().min(1),
  kind: z.enum(['rss', 'html']),
  url: z.string().url().refine((u) => /^https?:\/\//.test(u), 'url must be http(s)'),
  // Between a minute (politeness: no source is polled in a loop) and 30 days (a finite schedule).
  every: z.string().regex(durationPattern, 'every must look like 30m, 1h or 1d')
    .refine((t) => { if (!durationPattern.test(t.trim())) return true; const ms = parseDuration(t); return ms >= 60_000 && ms <= 30 * 86_400_000; }, 'every must be between 1m and 30d').default('1h'),
  region: z.string().regex(/^([A-Z]{2}|EU|GLOBAL)$/, 'region is an ISO 3166-1 alpha-2 code, EU or GLOBAL').optional(),
  language: z.string().regex(/^[a-z]{2}(-[A-Za-z]{2,4})?$/).optional(),
  tier: z.number().int().min(1).max(3).default(2),
  tags: z.array(z.string()).default([]),
  /** 'always': the source publishes only policy (a regulator's press feed), so the relevance gate is skipped. */
  relevance: z.enum(['auto', 'always']).optional(),
  list: listRulesSchema.optional(),
  article: articleRulesSchema.optional(),
}).strict().superRefine((s, ctx) => {
  if (s.kind === 'html' && !s.list) {
    ctx.addIssue({ code: 'custom', message: 'an html source needs list rules (item, link, title, date)', path: ['list'] });
  }
});

export type SourceConfig = z.output<typeof sourceSchema>;
export type ListRules = z.output<typeof listRulesSchema>;
export type ArticleRules = z.output<typeof articleRulesSchema>;

export const sourcesFileSchema = z.object({ sources: z.array(z.unknown()) });
