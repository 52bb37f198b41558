/**
 * The messages between `npm run bench:api` and the servers it forks: a child says when it is
 * listening, reports its resource use when asked, and closes cleanly when told to (so that a CPU
 * profile taken with --cpu-prof is written).
 */
import type { AttackFigures } from './hostile.js';

export interface ChildStats {
  /** Peak resident set size so far, in bytes. */
  readonly maxRssBytes: number;
  readonly rssBytes: number;
  /** CPU time used so far, user plus system, in microseconds. */
  readonly cpuMicros: number;
}

export type ChildMessage = { readonly type: 'ready'; readonly port: number } | ({ readonly type: 'stats' } & ChildStats);
export type ParentMessage = { readonly type: 'stats' } | { readonly type: 'stop' };

export function isChildMessage(value: unknown): value is ChildMessage {
  if (typeof value !== 'object' || value === null || !('type' in value)) return false;
  return value.type === 'ready' || value.type === 'stats';
}

function isParentMessage(value: unknown): value is ParentMessage {
  if (typeof value !== 'object' || value === null || !('type' in value)) return false;
  return value.type === 'stats' || value.type === 'stop';
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

export function currentStats(): ChildStats {
  const cpu = process.cpuUsage();
  // ru_maxrss is in kilobytes on Linux.
  return { maxRssBytes: process.resourceUsage().maxRSS * 1024, rssBytes: process.memoryUsage().rss, cpuMicros: cpu.user + cpu.system };
}

/** In a forked child: announces the port, answers requests for stats, closes and exits when told to stop or when the parent goes. */
export function serveParent(port: number, close: () => Promise<void>): void {
  if (process.send === undefined) throw new Error('this script is started by npm run bench:api, with an IPC channel');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const exit = (code: number) => {
      process.disconnect();
      process.exit(code);
    };
    close().then(
      () => {
        exit(0);
      },
      (error: unknown) => {
        console.error(error);
        exit(1);
      },
    );
  };
  process.on('message', (message: unknown) => {
    if (!isParentMessage(message)) return;
    if (message.type === 'stats') send({ type: 'stats', ...currentStats() });
    else stop();
  });
  process.on('disconnect', stop);
  send({ type: 'ready', port });
}

/** The attack's child (attackChild.ts): it says when it has started, and what it did and spent when stopped. */
export type AttackChildMessage =
  | { readonly type: 'started' }
  | {
      readonly type: 'stopped';
      readonly figures: AttackFigures;
      /** The attacker's CPU time, user plus system, in microseconds, and over how long. */
      readonly cpuMicros: number;
      readonly seconds: number;
    };

export function isAttackChildMessage(value: unknown): value is AttackChildMessage {
  if (typeof value !== 'object' || value === null || !('type' in value)) return false;
  return value.type === 'started' || value.type === 'stopped';
}

export function isAttackParentMessage(value: unknown): value is { readonly type: 'stop' } {
  return typeof value === 'object' && value !== null && 'type' in value && value.type === 'stop';
}
