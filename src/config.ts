// The only reader of process.env. Parsed once with zod; a bad value stops start-up with a
// message naming the variable, so a typo never silently falls back to a default.
import { z } from 'zod';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const envSchema = z.object({
  RADAR_DB: z.string().min(1).default('db/radar.sqlite'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  RADAR_SOURCES: z.string().min(1).default('feeds/sources.yaml'),
  RADAR_BASE_URL: z.string().url().optional(),
  RADAR_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  RADAR_MAIL_FROM: z.string().min(3).default('Policy Radar <radar@localhost>'),
  RADAR_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  RADAR_ALLOW_PRIVATE_NETWORKS: flag.default(false),
  RADAR_SCHEDULER: flag.default(true),
  RADAR_SNAPSHOT_DIR: z.string().min(1).default('feeds/snapshot'),
  RADAR_RATE_LIMIT: z.coerce.number().int().min(0).default(600),
  RADAR_LLM_URL: z.string().url().optional(),
  RADAR_LLM_MODEL: z.string().min(1).optional(),
  RADAR_LLM_API_KEY: z.string().min(1).optional(),
  RADAR_LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  RADAR_DIGEST_SEND_EMPTY: flag.default(false),
});

export type Config = Readonly<{
  dbPath: string;
  port: number;
  host: string;
  sourcesPath: string;
  baseUrl: string;
  smtpUrl: string | null;
  mailFrom: string;
  adminToken: string | null;
  allowPrivateNetworks: boolean;
  schedulerEnabled: boolean;
  snapshotDir: string;
  rateLimitPerMinute: number;
  /** The operator's own OpenAI-compatible model server; null: rule analysis only, no call anywhere. */
  llm: { url: string; model: string | null; apiKey: string | null; timeoutMs: number } | null;
  /** Send a digest even when nothing matched the subscriber's filters (default: no email). */
  digestSendEmpty: boolean;
}>;

export class ConfigError extends Error {}

/** Variables whose values are secrets (tokens, keys, URLs that may carry a password). */
const secret = /TOKEN|KEY|SECRET|PASSWORD|SMTP_URL|DATABASE_URL/;

/** Reads the environment (or a given record, for tests) into a frozen, typed config. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as shells make it easy to export FOO= by accident.
  const known = Object.fromEntries(Object.keys(envSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = envSchema.safeParse(known);
  if (!parsed.success) {
    // Secrets are named, never echoed: a log or a terminal may be seen by others.
    const shown = (name: string) => (secret.test(name) ? '(value hidden)' : JSON.stringify(known[name]));
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0])}=${shown(String(i.path[0]))}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    dbPath: e.RADAR_DB,
    port: e.PORT,
    host: e.HOST,
    sourcesPath: e.RADAR_SOURCES,
    baseUrl: (e.RADAR_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    smtpUrl: e.RADAR_SMTP_URL ?? null,
    mailFrom: e.RADAR_MAIL_FROM,
    adminToken: e.RADAR_ADMIN_TOKEN ?? null,
    allowPrivateNetworks: e.RADAR_ALLOW_PRIVATE_NETWORKS,
    schedulerEnabled: e.RADAR_SCHEDULER,
    snapshotDir: e.RADAR_SNAPSHOT_DIR,
    rateLimitPerMinute: e.RADAR_RATE_LIMIT,
    llm: e.RADAR_LLM_URL ? { url: e.RADAR_LLM_URL, model: e.RADAR_LLM_MODEL ?? null, apiKey: e.RADAR_LLM_API_KEY ?? null, timeoutMs: e.RADAR_LLM_TIMEOUT_MS } : null,
    digestSendEmpty: e.RADAR_DIGEST_SEND_EMPTY,
  });
}
