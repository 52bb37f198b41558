/**
 * A throwaway PostgreSQL server from Debian's packages, for tests and benchmarks: initdb into a temporary
 * folder, start on a free loopback port, one fresh database per test, removed afterwards.
 * As root (CI), the server runs as the `postgres` user, as PostgreSQL requires.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './freePort.js';

export interface PostgresServer {
  /** A new, empty database on the server. */
  createDatabase(): Promise<string>;
  stop(): void;
  /** For fault tests: the superuser's URL, to terminate other connections. */
  readonly adminUrl: string;
  /** For fault tests: shuts the server down (fast: sessions ended cleanly; immediate: as if it crashed). */
  halt(mode: 'fast' | 'immediate'): void;
  /** For fault tests: starts it again, on the same port and data, returning once it accepts connections. */
  restart(): void;
  /** For fault tests: the server's processes (the postmaster and every backend), to freeze them with SIGSTOP. */
  processIds(): number[];
}

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
}

/** Why PostgreSQL tests cannot run here, or undefined if they can. */
export function postgresUnavailable(): string | undefined {
  return binDir() === undefined ? 'PostgreSQL is not installed (apt-get install postgresql)' : undefined;
}

export interface PostgresOptions {
  /**
   * Flush writes to disk as a production server does (fsync=on). Off by default: tests need speed,
   * not durability; benchmarks turn it on to compare fairly with SQLite's synchronous=FULL.
   */
  readonly fsync?: boolean;
  /** The loopback port to listen on (default: one free at the moment of asking). */
  readonly port?: number;
  /** Connections the server accepts (PostgreSQL's default is 100). */
  readonly maxConnections?: number;
}

const execFileAsync = promisify(execFile);

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const bin = binDir();
  if (bin === undefined) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'cc-pg-'));
  const asRoot = process.getuid?.() === 0;
  const command = (name: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, name), ...args]] : [join(bin, name), args];
  const run = (name: string, args: string[]) => {
    const [file, argv] = command(name, args);
    execFileSync(file, argv, { stdio: 'pipe' });
  };
  // Creating and first starting the server do not block the event loop, so that a caller (the
  // tests' global setup) can go on while it starts.
  const runAsync = async (name: string, args: string[]) => {
    const [file, argv] = command(name, args);
    await execFileAsync(file, argv);
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  await runAsync('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const port = options.port ?? (await freePort());
  const startArgs = [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-o',
    `-p ${String(port)} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${options.fsync === true ? 'on' : 'off'} -c max_connections=${String(options.maxConnections ?? 100)}`,
    'start',
  ];
  const start = () => {
    run('pg_ctl', startArgs);
  };
  await runAsync('pg_ctl', startArgs);
  const admin = `postgres://postgres@127.0.0.1:${String(port)}/postgres`;
  let count = 0;
  return {
    adminUrl: admin,
    halt(mode) {
      run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
    },
    restart: start,
    processIds() {
      const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      const children = readdirSync('/proc')
        .filter((entry) => /^\d+$/.test(entry))
        .filter((pid) => {
          try {
            // The parent's pid is the fourth field of /proc/<pid>/stat, after the command in parentheses.
            const stat = readFileSync(join('/proc', pid, 'stat'), 'utf8');
            return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
          } catch {
            // The process ended between the listing and the read: it is no longer the server's.
            return false;
          }
        })
        .map(Number);
      return [postmaster, ...children];
    },
    async createDatabase() {
      count += 1;
      const name = `test_${String(process.pid)}_${String(count)}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${String(port)}/${name}`;
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
