/**
 * What `npm run bench:api` and `npm run bench:pages` share on the parent's side: the servers they
 * fork (childProtocol.ts is the other side), the environment those are given, the load generator,
 * and the clean-up that stops every child, PostgreSQL server and temporary folder at the end, also
 * on failure or Ctrl-C.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import autocannon from 'autocannon';
import type { PostgresServer } from '../tools/throwawayPostgres.js';
import { isChildMessage, type ChildStats } from './childProtocol.js';

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const STATS_TIMEOUT_MS = 10_000;

const here = dirname(fileURLToPath(import.meta.url));

/** A failure of the benchmark itself (not a missed target): exit code 1. */
export class BenchError extends Error {
  override name = 'BenchError';
}

/** BENCH_SECONDS: each measured run's length (default 10). */
export function measuredSeconds(): number {
  const raw = process.env['BENCH_SECONDS'];
  if (raw === undefined || raw === '') return 10;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new BenchError(`BENCH_SECONDS must be a positive number of seconds, not "${raw}"`);
  return value;
}

/** BENCH_CPU_PROF=<folder>: the folder for a V8 CPU profile of each service child, made if missing; undefined when not set. */
export function cpuProfileDir(): string | undefined {
  const raw = process.env['BENCH_CPU_PROF'];
  if (raw === undefined || raw === '') return undefined;
  const dir = resolve(raw);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The --cpu-prof arguments for a child named `name`, or none when BENCH_CPU_PROF is not set. */
export function cpuProfileArgs(dir: string | undefined, name: string): string[] {
  return dir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', `${name}.cpuprofile`];
}

/**
 * A comma-separated list in an environment variable, each item one of `allowed`; all of them when
 * the variable is not set. Anything else is a BenchError naming the variable and what it may hold.
 */
export function chosen<T extends string>(variable: string, allowed: readonly T[]): readonly T[] {
  const raw = process.env[variable];
  if (raw === undefined || raw.trim() === '') return allowed;
  const items = raw.split(',').map((item) => item.trim());
  const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
  if (unknown.length > 0 || items.length === 0)
    throw new BenchError(`${variable} must be a comma-separated list of ${allowed.join(', ')}; "${unknown.join(', ')}" is not one of them`);
  return allowed.filter((item) => items.includes(item));
}

// Every child process, PostgreSQL server and temporary folder: each is stopped at the end, also on failure.
export const children = new Set<ChildProcess>();
export const postgresServers = new Set<PostgresServer>();
export const temporaryDirs = new Set<string>();

function killEverything(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  for (const server of postgresServers) {
    try {
      server.stop();
    } catch {
      // Already gone: nothing to stop.
    }
  }
  postgresServers.clear();
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
  temporaryDirs.clear();
}

/**
 * Runs a benchmark's main: exit code 1 on a failure (its message, with a stack unless it is a
 * BenchError), and everything started stopped at the end, on Ctrl-C and on SIGTERM.
 */
export async function runBench(name: string, main: () => Promise<void>): Promise<void> {
  process.on('exit', killEverything);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping the servers\n`);
      killEverything();
      process.exit(130);
    });
  }
  try {
    await main();
  } catch (error) {
    process.stderr.write(
      `${name} failed: ${error instanceof Error ? (error instanceof BenchError ? error.message : (error.stack ?? error.message)) : String(error)}\n`,
    );
    process.exitCode = 1;
  } finally {
    killEverything();
  }
}

/** Only what a server needs from this process's environment: its configuration is given explicitly. */
export function childEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const inherited: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) {
    const value = process.env[name];
    if (value !== undefined) inherited[name] = value;
  }
  return { ...inherited, ...settings };
}

/** Forks a script of this folder with an IPC channel; the child is killed at the end if still running. */
export function forkChild(script: string, env: NodeJS.ProcessEnv, execArgv: readonly string[] = []): ChildProcess {
  const child = fork(join(here, script), [], { env, execArgv: [...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  child.once('exit', () => {
    children.delete(child);
  });
  return child;
}

/** A server in a child process that speaks childProtocol.ts. */
export class BenchServer {
  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(name: string, script: string, env: NodeJS.ProcessEnv, execArgv: readonly string[] = []): Promise<BenchServer> {
    const child = forkChild(script, env, execArgv);
    const port = await new Promise<number>((resolvePort, reject) => {
      const done = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        child.off('error', onError);
      };
      const onMessage = (message: unknown) => {
        if (isChildMessage(message) && message.type === 'ready') {
          done();
          resolvePort(message.port);
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        done();
        reject(
          new BenchError(
            `${name} exited before it was ready (${code === null ? `signal ${String(signal)}` : `exit code ${String(code)}`})`,
          ),
        );
      };
      const onError = (error: Error) => {
        done();
        reject(new BenchError(`${name} could not be started: ${error.message}`));
      };
      const timer = setTimeout(() => {
        done();
        child.kill('SIGKILL');
        reject(new BenchError(`${name} was not ready within ${String(START_TIMEOUT_MS / 1000)} s`));
      }, START_TIMEOUT_MS);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.once('error', onError);
    });
    return new BenchServer(name, child, port);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async stats(): Promise<ChildStats> {
    return new Promise((resolveStats, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      const onMessage = (message: unknown) => {
        if (isChildMessage(message) && message.type === 'stats') {
          done();
          resolveStats({ maxRssBytes: message.maxRssBytes, rssBytes: message.rssBytes, cpuMicros: message.cpuMicros });
        }
      };
      const onExit = () => {
        done();
        reject(new BenchError(`${this.name} exited unexpectedly`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new BenchError(`${this.name} did not report its resource use`));
      }, STATS_TIMEOUT_MS);
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send({ type: 'stats' });
    });
  }

  /** Asks the child to close (so that a CPU profile is written); kills it if it has not gone in time. */
  async stop(): Promise<void> {
    const { child } = this;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolveExit) => {
      child.once('exit', () => {
        resolveExit();
      });
    });
    if (child.connected) child.send({ type: 'stop' });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}

/** One autocannon run in this process. */
export async function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolveResult, reject) => {
    autocannon(options, (error: unknown, result) => {
      if (error === null || error === undefined) resolveResult(result);
      else reject(error instanceof Error ? error : new BenchError(inspect(error)));
    });
  });
}
