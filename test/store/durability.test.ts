import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { EventStore } from '../../src/store/eventStore.js';
import { postgresUnavailable, sharedPostgres, type TestPostgres } from '../support/postgres.js';

const BATCH = 3;

beforeAll(() => {
  if (!existsSync('dist/tools/crashAppender.js')) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}, 120_000);

/** Runs the appender until it has acknowledged `minimum` versions, then kills it with SIGKILL. */
function killMidway(location: string, minimum: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/tools/crashAppender.js', location], { stdio: ['ignore', 'pipe', 'pipe'] });
    let acknowledged = 0;
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) acknowledged = Math.max(acknowledged, Number(line.replace('ack ', '')));
      if (acknowledged >= minimum && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`appender stopped by itself: ${stderr}`));
    });
    setTimeout(() => {
      child.kill('SIGKILL');
    }, 30_000);
  });
}

async function expectIntact(location: string, acknowledged: number) {
  const database = await openDatabase(location);
  try {
    const store = new EventStore(database.db);
    const { version } = await store.load('crash-case');
    // Every acknowledged append is there, and no append is there in part.
    expect(version).toBeGreaterThanOrEqual(acknowledged);
    expect(version % BATCH).toBe(0);
    expect((await store.verifyChains()).broken).toEqual([]);
  } finally {
    await database.close();
  }
}

describe('killing the process mid-append (kill -9)', () => {
  it('loses no acknowledged append and leaves no half-written one, on a SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-crash-'));
    try {
      const file = join(dir, 'cases.sqlite');
      await expectIntact(file, await killMidway(file, 60));
      // and again, appending to what survived
      await expectIntact(file, await killMidway(file, 120));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe.skipIf(postgresUnavailable() !== undefined)('on PostgreSQL', () => {
    let server: TestPostgres;
    beforeAll(() => {
      server = sharedPostgres();
    });
    afterAll(() => server.stop());

    it('loses no acknowledged append and leaves no half-written one', async () => {
      const url = await server.createDatabase();
      await expectIntact(url, await killMidway(url, 60));
      await expectIntact(url, await killMidway(url, 120));
    });
  });
});
