import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

async function usageError(...args: string[]) {
  const result = await run(...args);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^conference-challenges: /);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return lines[0] ?? '';
}

describe('deadline', () => {
  it('counts working days, skipping Christmas bank holidays', async () => {
    // Tue 15 Dec 2026 + 10 working days: 16,17,18,21,22,23,24,(25,28 holidays),29,30,31 -> Thu 31 Dec 2026
    expect(await run('deadline', '--from', '2026-12-15', '--working-days', '10')).toEqual({ code: 0, stdout: '2026-12-31\n', stderr: '' });
  });

  it('explains itself on request', async () => {
    const { stdout } = await run('deadline', '--from', '2026-12-15', '--working-days', '10', '--explain');
    const [due, explanation] = stdout.trimEnd().split('\n');
    expect(due).toBe('2026-12-31');
    expect(explanation).toContain('Tue 15 Dec 2026, skipping 25 and 28 December (bank holidays): Thu 31 Dec 2026');
  });

  it('prints JSON with due and explanation', async () => {
    const { stdout } = await run('deadline', '--from', '2026-12-15', '--working-days', '10', '--json');
    const parsed = JSON.parse(stdout) as { due: string; explanation: string };
    expect(parsed.due).toBe('2026-12-31');
    expect(parsed.explanation).toContain('Thu 31 Dec 2026');
  });

  it('counts back with a negative number, across Easter', async () => {
    // before Tue 7 Apr 2026: (Mon 6 Easter Monday, Sun, Sat, Fri 3 Good Friday) Thu 2, Wed 1, Tue 31 Mar, Mon 30, Fri 27 Mar
    expect((await run('deadline', '--from', '2026-04-07', '--working-days', '-5')).stdout).toBe('2026-03-27\n');
  });

  it('counts elapsed hours across the October clock change, in London time', async () => {
    // 10:00 BST Fri 23 Oct 2026 + 72 h = 09:00 GMT Mon 26 Oct 2026 (clocks went back on Sun 25 Oct)
    expect((await run('deadline', '--from', '2026-10-23T10:00', '--hours', '72')).stdout).toBe('2026-10-26T09:00\n');
  });

  it('ends months on the last day of a shorter month', async () => {
    expect((await run('deadline', '--from', '2027-01-31', '--months', '1')).stdout).toBe('2027-02-28\n');
    expect((await run('deadline', '--from', '2027-11-30', '--months', '3')).stdout).toBe('2028-02-29\n');
  });

  it('rolls forward only when asked', async () => {
    // Sat 9 Jan 2027 + 28 days = Sat 6 Feb 2027; rolled forward: Mon 8 Feb 2027
    expect((await run('deadline', '--from', '2027-01-09', '--days', '28')).stdout).toBe('2027-02-06\n');
    expect((await run('deadline', '--from', '2027-01-09', '--days', '28', '--roll', 'forward')).stdout).toBe('2027-02-08\n');
  });

  it('honours partnership closure days', async () => {
    // Tue 22 Dec 2026 + 3 working days: 23, 24, (25, 28 holidays; 29, 30 closed) 31 -> Thu 31 Dec 2026
    expect(
      (
        await run(
          'deadline',
          '--from',
          '2026-12-22',
          '--working-days',
          '3',
          '--partnership',
          'camden',
          '--closed',
          '2026-12-29',
          '--closed',
          '2026-12-30',
        )
      ).stdout,
    ).toBe('2026-12-31\n');
  });

  it('refuses bad input with one line and exit code 2', async () => {
    expect(await usageError('deadline')).toContain('--from');
    expect(await usageError('deadline', '--from', '2026-02-30', '--days', '3')).toContain('not a real date');
    expect(await usageError('deadline', '--from', '2027-03-28T01:30', '--hours', '3')).toContain('not a real date');
    expect(await usageError('deadline', '--from', '2026-01-01', '--working-days', 'ten')).toContain('whole number');
    expect(await usageError('deadline', '--from', '2026-01-01', '--days', '3', '--hours', '4')).toContain('exactly one');
    expect(await usageError('deadline', '--from', '2026-01-01', '--months', '0')).toContain('1 or more');
    expect(await usageError('deadline', '--from', '2026-01-01', '--days', '3', '--roll', 'sideways')).toContain('--roll');
    expect(await usageError('deadline', '--from', '2026-01-01', '--days', '3', '--partnership', 'atlantis')).toContain(
      'unknown partnership',
    );
    expect(await usageError('deadline', '--from', '2026-01-01', '--days', '3', '--colour')).toContain("'--colour'");
    expect(await usageError('deadline', '--from', '2150-01-01', '--days', '3')).toContain('between');
    expect(await usageError('frobnicate')).toContain('unknown command');
  });
});

describe('schedule', () => {
  it('lists every deadline for a case where each step takes the last permitted day', async () => {
    const { code, stdout } = await run('schedule', '--procedure', 'camden', '--conference', '2026-12-01T10:00', '--json');
    expect(code).toBe(0);
    const entries = JSON.parse(stdout) as { step: string; due: string; rule: string; clause: string }[];
    const due = Object.fromEntries(entries.map((e) => [e.clause, e.due]));
    // minutes assumed 15 working days after Tue 1 Dec 2026: Tue 22 Dec; + 28 days = Tue 19 Jan 2027
    expect(due['camden 2.2']).toBe('2027-01-19');
    // + 5 working days: Wed 20, Thu 21, Fri 22, Mon 25, Tue 26 Jan 2027
    expect(due['camden 3.3']).toBe('2027-01-26');
    // + a further 5 working days: Wed 27, Thu 28, Fri 29, Mon 1, Tue 2 Feb 2027
    expect(due['camden 3.5']).toBe('2027-02-02');
    // posted Tue 2 Feb, deemed received Thu 4 Feb; + 28 days = Thu 4 Mar 2027
    expect(due['camden 4.1']).toBe('2027-03-04');
    // + 28 days = Thu 1 Apr 2027
    expect(due['camden 4.2']).toBe('2027-04-01');
    // + 5 working days (Easter 2027 was 26 and 29 March): Fri 2, Mon 5, Tue 6, Wed 7, Thu 8 Apr 2027
    expect(due['camden 4.10']).toBe('2027-04-08');
    for (const entry of entries) {
      expect(entry.step.length).toBeGreaterThan(0);
      expect(entry.rule).toMatch(/after/);
    }
  });

  it('says what it assumed and lets --at set it', async () => {
    const text = await run('schedule', '--procedure', 'camden', '--conference', '2026-12-01T10:00');
    expect(text.stdout).toContain('--at conference.minutes-received=DATE');
    const { stdout } = await run(
      'schedule',
      '--procedure',
      'camden',
      '--conference',
      '2026-12-01',
      '--at',
      'conference.minutes-received=2027-01-04',
      '--json',
    );
    const entries = JSON.parse(stdout) as { clause: string; due: string }[];
    // Mon 4 Jan 2027 + 28 days = Mon 1 Feb 2027
    expect(entries.find((e) => e.clause === 'camden 2.2')?.due).toBe('2027-02-01');
  });

  it('refuses bad input with one line and exit code 2', async () => {
    expect(await usageError('schedule', '--conference', '2026-12-01')).toContain('--procedure');
    expect(await usageError('schedule', '--procedure', 'nowhere', '--conference', '2026-12-01')).toContain('unknown procedure');
    expect(await usageError('schedule', '--procedure', 'camden')).toContain('--conference');
    expect(await usageError('schedule', '--procedure', 'camden', '--conference', '2026-13-01')).toContain('not a real date');
    expect(await usageError('schedule', '--procedure', 'camden', '--conference', '2026-12-01', '--at', 'nonsense')).toContain('EVENT=DATE');
    expect(await usageError('schedule', '--procedure', 'camden', '--conference', '2026-12-01', '--at', 'made.up=2026-12-02')).toContain(
      'unknown event',
    );
    expect(
      await usageError('schedule', '--procedure', 'camden', '--conference', '2026-12-01', '--at', 'conference.minutes-received=2026-11-01'),
    ).toContain('before the conference');
  });
});

describe('procedures and compare', () => {
  it('lists the five procedures', async () => {
    const { stdout } = await run('procedures', '--json');
    const ids = (JSON.parse(stdout) as { id: string }[]).map((p) => p.id).sort();
    expect(ids).toEqual(['cambridgeshire-peterborough', 'camden', 'kent', 'kingston-richmond', 'pan-sussex']);
    expect((await run('procedures')).stdout).toMatch(/^camden\s+Camden/m);
  });

  it('compares them side by side as Markdown', async () => {
    const { code, stdout } = await run('compare');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\| \| camden \| /m);
    expect(stdout).toContain('| Time to raise |');
    expect(stdout).toContain('## Camden');
  });

  it('prints help', async () => {
    expect((await run('help')).stdout).toContain('Usage: conference-challenges');
    expect((await run('deadline', '--help')).code).toBe(0);
  });
});

/**
 * Runs the installed command under Node, noting every module it loads: ES modules through a loader
 * hook, CommonJS ones from require's cache at exit.
 */
function runNotingModules(...args: string[]): { stdout: string; status: number | null; modules: string[] } {
  const log = join(mkdtempSync(join(tmpdir(), 'cc-modules-')), 'modules.log');
  const hook = `import { appendFileSync } from 'node:fs';
    export async function load(url, context, next) { appendFileSync(process.env.CC_MODULE_LOG, url + '\\n'); return next(url, context); }`;
  const preload = `import { appendFileSync } from 'node:fs';
    import { createRequire, register } from 'node:module';
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
    process.on('exit', () => appendFileSync(process.env.CC_MODULE_LOG, Object.keys(createRequire(process.cwd() + '/').cache).join('\\n')));`;
  const result = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(preload)}`, 'bin/conference-challenges.js', ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, CC_MODULE_LOG: log },
    },
  );
  return {
    stdout: result.stdout,
    status: result.status,
    modules: readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => line !== ''),
  };
}

describe('the installed command', () => {
  beforeAll(() => {
    // Incremental: instant when dist/ is current, and it never runs stale output.
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.build.json'], { stdio: 'inherit' });
  }, 120_000);

  it('loads only the calendar for a deadline, and date-holidays only for a year beyond the bank holiday feed', () => {
    const fromPackage = (modules: readonly string[], name: string) => modules.filter((m) => m.includes(`/node_modules/${name}/`));
    const inFeed = runNotingModules('deadline', '--from', '2026-12-15', '--working-days', '10');
    expect(inFeed).toMatchObject({ stdout: '2026-12-31\n', status: 0 });
    expect(inFeed.modules).toContainEqual(expect.stringMatching(/dist\/core\/calendar\/workingCalendar\.js$/));
    for (const name of ['date-holidays', 'date-holidays-parser', 'zod', 'kysely', 'pg', 'better-sqlite3', 'fastify', 'argon2']) {
      expect(fromPackage(inFeed.modules, name), name).toEqual([]);
    }
    // Thu 29 Mar 2029 + 1 working day: Good Friday 30 March and Easter Monday 2 April, projected.
    const beyond = runNotingModules('deadline', '--from', '2029-03-29', '--working-days', '1');
    expect(beyond).toMatchObject({ stdout: '2029-04-03\n', status: 0 });
    expect(fromPackage(beyond.modules, 'date-holidays')).not.toEqual([]);
  });

  it('runs through npx with exit codes intact', () => {
    const ok = spawnSync('npx', ['--no-install', 'conference-challenges', 'deadline', '--from', '2026-12-15', '--working-days', '10'], {
      encoding: 'utf8',
    });
    expect(ok.stdout).toBe('2026-12-31\n');
    expect(ok.status).toBe(0);
    const bad = spawnSync('npx', ['--no-install', 'conference-challenges', 'deadline', '--from', 'yesterday', '--days', '1'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    // npm itself may warn about its own configuration; only our lines are judged.
    const ours = bad.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('npm '));
    expect(ours).toEqual(['conference-challenges: --from "yesterday" is not a real date (YYYY-MM-DD) or London time (YYYY-MM-DDTHH:MM)']);
  });
});
