/**
 * A throwaway PostgreSQL server from Debian's packages, for tests and benchmarks: initdb into a temporary
 * folder, start on a free loopback port, one fresh database per test, removed afterwards.
 * As root (CI), the server runs as the `postgres` user, as PostgreSQL requires.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './freePort.js';

export interface PostgresServer {
  /** A new, empty database on the server. */
  createDatabase(): Promise<string>;
  stop(): void;
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
}

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const bin = binDir();
  if (bin === undefined) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'cc-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
    execFileSync(file, argv, { stdio: 'pipe' });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-o',
    `-p ${String(port)} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${options.fsync === true ? 'on' : 'off'}`,
    'start',
  ]);
  const admin = `postgres://postgres@127.0.0.1:${String(port)}/postgres`;
  let count = 0;
  return {
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
