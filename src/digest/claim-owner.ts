// Who holds a digest claim, and whether that holder is gone. A period stays 'sending' from its
// claim until SMTP answers; if the run dies in between (SIGKILL, crash, power cut), nothing else
// would ever send it. A later run resends it once the holder is surely gone, and never while it
// may still be sending, as that is the one way to mail someone twice on purpose.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { ClaimOwner, LedgerRow } from '../store/digest-ledger.js';

/**
 * A claim from another host (a database file shared over the network) is judged by age alone:
 * longer than any delivery takes (a pooled send retries for well under a minute, the socket
 * times out after one), short enough that a crashed host's subscribers still get their digest
 * the same morning.
 */
export const CLAIM_LEASE_MS = 30 * 60_000;

/** Runs of this process still going: their claims are live whatever else is true. */
const liveRuns = new Set<string>();

export function beginRun(): ClaimOwner {
  const owner = { host: hostname(), pid: process.pid, run: randomUUID(), procStart: processStart(process.pid) };
  liveRuns.add(owner.run);
  return owner;
}

export function endRun(owner: ClaimOwner): void {
  liveRuns.delete(owner.run);
}

type Held = Pick<LedgerRow, 'claim_host' | 'claim_pid' | 'claim_run' | 'claim_proc_start' | 'updated_at'>;

/** True when the run holding this claim can no longer be sending it. */
export function holderIsGone(c: Held, nowMs: number, leaseMs = CLAIM_LEASE_MS): boolean {
  if (c.claim_run && liveRuns.has(c.claim_run)) return false;
  // Claimed before owners were recorded, or on another machine: only the clock can tell.
  if (!c.claim_run || !c.claim_pid || c.claim_host !== hostname()) return nowMs - Date.parse(c.updated_at) > leaseMs;
  // This very process, and that run of it is over (finished or given up on a failure).
  if (c.claim_pid === process.pid && c.claim_proc_start === processStart(process.pid)) return true;
  return !processAlive(c.claim_pid, c.claim_proc_start);
}

const hasProc = existsSync('/proc/self/stat');

/**
 * The kernel's start time of a process (clock ticks since boot, field 22 of /proc/PID/stat), so
 * a pid reused by another process is told apart from the one that claimed; in a container that
 * restarts, the new process often has the old one's pid (1). Null where there is no /proc.
 */
export function processStart(pid: number): string | null {
  return readStat(pid)?.start ?? null;
}

function readStat(pid: number): { state: string; start: string } | null {
  if (!hasProc) return null;
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', start: fields[19] ?? '' };
  } catch {
    return null;
  }
}

function processAlive(pid: number, recordedStart: string | null): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false; // kill(0 or -n) would signal a whole group
  if (hasProc) {
    const stat = readStat(pid);
    if (!stat) return false;
    if (stat.state === 'Z' || stat.state === 'X') return false; // exited, not yet reaped
    return recordedStart === null || stat.start === recordedStart;
  }
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, but belongs to someone else
  }
}
