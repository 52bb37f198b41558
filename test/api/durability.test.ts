/**
 * Durability of the whole service: clients raise cases and act on them over real HTTP, several at
 * once, and the service process is killed with SIGKILL while their requests are in flight. After
 * a restart on the same database every acknowledged raise and action is there, none is there in
 * part, and the read models agree with the events; then the same again, on both databases.
 */
import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DateTime } from 'luxon';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/core/calendar/index.js';
import { createEngine } from '../../src/core/engine/engine.js';
import { procedureById } from '../../src/core/procedures/registry.js';
import type { CaseEvent } from '../../src/core/engine/model.js';
import { openDatabase } from '../../src/store/database.js';
import { EventStore } from '../../src/store/eventStore.js';
import { onBothDatabases } from './backends.js';
import { freePort } from '../../src/tools/freePort.js';

const ENTRY = 'dist/tools/serviceProcess.js';
const PASSWORD = 'durability-demo-password';
const WORKERS = 8;
/** Acknowledged actions (raises not counted) after which each run is killed. */
const ACTIONS_BEFORE_KILL = 40;
/** Each kill lands at one random moment; several make a torn write likelier to be caught. */
const KILLS = 4;
const KILL_JITTER_MS = 20;

/**
 * A case's facts, appended whole: raised, triaged, the appeal notified (1 event each; the stage
 * triage leads to is derived on replay, ADR 0015). Any other prefix is a torn append.
 */
const LIFE = ['ChallengeRaised', 'ActionPerformed triage.decided', 'ActionPerformed stage1.appeal-notified'];
const WHOLE_LENGTHS = [1, 2, 3];

function kentEngine() {
  const kent = procedureById('kent');
  if (kent === undefined) throw new Error('no Kent procedure');
  return createEngine(kent, WorkingCalendar.create({ closures: [] }));
}

function newestModification(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? newestModification(path) : statSync(path).mtimeMs;
    }),
  );
}

beforeAll(() => {
  if (!existsSync(ENTRY) || statSync(ENTRY).mtimeMs < newestModification('src'))
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}, 120_000);

interface ServiceProcess {
  readonly base: string;
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly exited: Promise<NodeJS.Signals | null>;
}

/** What the clients were told: for each case they raised, the versions the service acknowledged. */
interface Acknowledged {
  raised: number;
  triaged?: { version: number; reason: string };
  notified?: number;
}
type Ledger = Map<string, Acknowledged>;

interface Session {
  readonly cookie: string;
  readonly csrf: string;
}

interface Reply {
  readonly status: number;
  readonly text: string;
  readonly json: unknown;
  readonly sessionCookie: string | undefined;
}

onBothDatabases('killing the service (kill -9) mid-request', (backend) => {
  const running = new Set<ServiceProcess>();
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-service-crash-'));
  });
  afterEach(async () => {
    for (const service of running) {
      service.child.kill('SIGKILL');
      await service.exited;
    }
    running.clear();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts the service on the database and waits until it listens. */
  async function start(location: string): Promise<ServiceProcess> {
    for (let attempt = 1; ; attempt += 1) {
      const port = await freePort();
      const child = spawn(process.execPath, [ENTRY], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          PATH: process.env['PATH'],
          DATABASE_URL: location,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          DEMO_DATA: 'on',
          // The demo partnerships and accounts, not the demo cases: every case here is the test's own.
          DEMO_CASES: 'off',
          DEMO_PASSWORD: PASSWORD,
          SIGN_IN_ATTEMPTS_PER_15_MINUTES: '10000',
          NODE_ENV: 'development',
        },
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.once('exit', (_code, signal) => {
          resolve(signal);
        }),
      );
      const service: ServiceProcess = { base: `http://127.0.0.1:${String(port)}`, child, exited };
      running.add(service);
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const listening = await new Promise<boolean>((resolve) => {
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes(`listening ${String(port)}\n`)) resolve(true);
        });
        void exited.then(() => {
          resolve(false);
        });
      });
      if (listening) return service;
      running.delete(service);
      // Someone else took the free port between our look and the service's listen: try another.
      if (!stderr.includes('EADDRINUSE') || attempt >= 3) throw new Error(`the service did not start: ${stderr}`);
    }
  }

  let pending = 0;
  /** One request; undefined if no response came (the service was gone or went mid-request). */
  async function request(
    base: string,
    method: 'GET' | 'POST',
    path: string,
    session?: Session,
    body?: unknown,
  ): Promise<Reply | undefined> {
    const headers: Record<string, string> = {};
    if (session !== undefined) headers['cookie'] = session.cookie;
    if (method === 'POST') {
      headers['content-type'] = 'application/json';
      if (session !== undefined) headers['x-csrf-token'] = session.csrf;
    }
    pending += 1;
    try {
      const response = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const text = await response.text();
      const sessionCookie = response.headers
        .getSetCookie()
        .find((c) => c.startsWith('cc_session='))
        ?.split(';')[0];
      return { status: response.status, text, json: text === '' ? undefined : (JSON.parse(text) as unknown), sessionCookie };
    } catch {
      return undefined;
    } finally {
      pending -= 1;
    }
  }

  async function signIn(base: string, email: string): Promise<Session> {
    const reply = await request(base, 'POST', '/api/v1/session', undefined, { email, password: PASSWORD });
    const cookie = reply?.sessionCookie;
    if (reply?.status !== 200 || cookie === undefined)
      throw new Error(`sign-in as ${email} failed: ${reply === undefined ? 'no response' : `${String(reply.status)} ${reply.text}`}`);
    return { cookie, csrf: (reply.json as { csrfToken: string }).csrfToken };
  }

  /**
   * Eight clients raise cases and act on them, each with the version it last saw (two of them race
   * to triage each case: one must win, one be refused), until ACTIONS_BEFORE_KILL actions have been
   * acknowledged; then the service is killed with SIGKILL, whatever is in flight.
   */
  async function driveAndKill(service: ServiceProcess, ledger: Ledger, run: string) {
    const managers = [
      await signIn(service.base, 'complaints-manager@kent.demo'),
      await signIn(service.base, 'complaints-manager@kent.demo'),
    ] as const;
    const chair = await signIn(service.base, 'conference-chair@kent.demo');
    // Changed by the workers' callbacks, so an object rather than `let`s narrowed by the compiler.
    const progress = { actions: 0, armed: false, killed: false, inFlightAtKill: 0 };
    const unexpected: string[] = [];
    const acknowledgedAction = () => {
      progress.actions += 1;
      if (progress.actions < ACTIONS_BEFORE_KILL || progress.armed) return;
      progress.armed = true;
      // Not at once: right after answering, the service is between requests. A random few
      // milliseconds later, with the clients still going, it is anywhere in one.
      setTimeout(() => {
        progress.killed = true;
        progress.inFlightAtKill = pending;
        service.child.kill('SIGKILL');
      }, Math.random() * KILL_JITTER_MS);
    };
    const post = (session: Session, path: string, body: unknown) => request(service.base, 'POST', path, session, body);
    // A request that got no response is only expected once the service has been killed.
    const noResponse = (what: string) => {
      if (!progress.killed) unexpected.push(`${what}: no response from a live service`);
    };

    const worker = async (w: number) => {
      for (let i = 0; !progress.killed; i += 1) {
        // Received a minute ago, London time: after the demo conference, and not in the future.
        const receivedAt = DateTime.now().setZone('Europe/London').minus({ minutes: 1 }).toFormat("yyyy-MM-dd'T'HH:mm");
        const raised = await post(managers[0], '/api/v1/cases', {
          conferenceId: 'kent.conference.demo',
          track: 'family',
          complainant: { kind: 'parent' },
          aspects: ['decision'],
          receivedAt,
        });
        if (raised === undefined) {
          noResponse('raise');
          return;
        }
        if (raised.status !== 201) {
          unexpected.push(`raise: ${String(raised.status)} ${raised.text}`);
          return;
        }
        const { id, version } = raised.json as { id: string; version: number };
        const acknowledged: Acknowledged = { raised: version };
        ledger.set(id, acknowledged);

        // Two clients triage the case at once, against the version they saw.
        const reasons = [`${run}-${String(w)}-${String(i)}-first`, `${run}-${String(w)}-${String(i)}-second`];
        const triages = await Promise.all(
          managers.map((manager, m) =>
            post(manager, `/api/v1/cases/${id}/actions`, {
              type: 'perform',
              expectedVersion: version,
              action: 'triage.decided',
              details: { kind: 'choice', option: 'representation', reason: reasons[m] },
            }),
          ),
        );
        const winners = triages.flatMap((reply, m) => (reply?.status === 200 ? [{ reply, reason: reasons[m] ?? '' }] : []));
        for (const reply of triages)
          if (reply !== undefined && reply.status !== 200 && reply.status !== 409)
            unexpected.push(`triage: ${String(reply.status)} ${reply.text}`);
        if (winners.length > 1) unexpected.push(`case ${id}: both racing triages were acknowledged`);
        const winner = winners[0];
        if (winner === undefined) {
          if (triages.every((reply) => reply !== undefined)) unexpected.push(`case ${id}: neither racing triage was acknowledged`);
          if (triages.some((reply) => reply === undefined)) noResponse('triage');
          return;
        }
        acknowledged.triaged = { version: (winner.reply.json as { version: number }).version, reason: winner.reason };
        acknowledgedAction();

        // The chair then records notifying the family of the appeal, against the triaged version.
        const notified = await post(chair, `/api/v1/cases/${id}/actions`, {
          type: 'perform',
          expectedVersion: acknowledged.triaged.version,
          action: 'stage1.appeal-notified',
        });
        if (notified === undefined) {
          noResponse('appeal notified');
          return;
        }
        if (notified.status !== 200) {
          unexpected.push(`appeal notified: ${String(notified.status)} ${notified.text}`);
          return;
        }
        acknowledged.notified = (notified.json as { version: number }).version;
        acknowledgedAction();
      }
    };

    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    if (!progress.killed) service.child.kill('SIGKILL');
    const signal = await service.exited;
    running.delete(service);
    expect(unexpected).toEqual([]);
    expect(signal).toBe('SIGKILL');
    expect(progress.actions).toBeGreaterThanOrEqual(ACTIONS_BEFORE_KILL);
    // The kill came while other clients' requests were still in flight.
    expect(progress.inFlightAtKill).toBeGreaterThan(0);
  }

  /** After a restart: every acknowledged raise and action is there, none in part, read models agree. */
  async function expectIntact(service: ServiceProcess, location: string, ledger: Ledger) {
    const lost: string[] = [];
    const torn: string[] = [];
    const disagreeing: string[] = [];
    const lastAcknowledged = (acknowledged: Acknowledged) => acknowledged.notified ?? acknowledged.triaged?.version ?? acknowledged.raised;
    const triageReasons = (events: readonly { type: string; action?: string; details?: { kind: string; reason?: string } }[]) =>
      events.flatMap((event) => (event.type === 'ActionPerformed' && event.action === 'triage.decided' ? [event.details?.reason] : []));

    // Through the API, as the clients see it.
    const manager = await signIn(service.base, 'complaints-manager@kent.demo');
    for (const [id, acknowledged] of ledger) {
      const reply = await request(service.base, 'GET', `/api/v1/cases/${id}`, manager);
      if (reply?.status !== 200) {
        lost.push(
          `${id}: raise acknowledged, but GET answers ${reply === undefined ? 'nothing' : `${String(reply.status)} ${reply.text}`}`,
        );
        continue;
      }
      const view = reply.json as {
        version: number;
        stage: { id: string };
        timeline: { type: string; action?: string; details?: { kind: string; reason?: string } }[];
      };
      if (view.version < lastAcknowledged(acknowledged))
        lost.push(`${id}: version ${String(lastAcknowledged(acknowledged))} acknowledged, API shows ${String(view.version)}`);
      if (view.timeline.length !== view.version)
        disagreeing.push(`${id}: API shows version ${String(view.version)} with ${String(view.timeline.length)} events`);
      // The acknowledged triage, and not the one refused in the race.
      if (
        acknowledged.triaged !== undefined &&
        (JSON.stringify(triageReasons(view.timeline)) !== JSON.stringify([acknowledged.triaged.reason]) || view.stage.id !== 'stage-1')
      ) {
        lost.push(
          `${id}: triage "${acknowledged.triaged.reason}" acknowledged, API shows stage ${view.stage.id} and triages ${JSON.stringify(triageReasons(view.timeline))}`,
        );
      }
    }

    // In the store, for every case, acknowledged or not.
    const database = await openDatabase(location);
    try {
      const store = new EventStore(database.db);
      expect((await store.verifyChains()).broken).toEqual([]);
      const { db } = database;
      const summaries = new Map(
        (await db.selectFrom('case_summary').select(['case_id', 'version', 'stage', 'status']).execute()).map((row) => [row.case_id, row]),
      );
      const registered = (await db.selectFrom('cases').select('case_id').execute()).map((row) => row.case_id).sort();
      const ids = (await db.selectFrom('case_events').select('case_id').distinct().execute()).map((row) => row.case_id).sort();
      // A raise writes the case's registration, its first event and its summary together, or none of them.
      expect(registered).toEqual(ids);
      expect([...summaries.keys()].sort()).toEqual(ids);
      for (const id of ids) {
        const { events, version } = await store.load(id);
        const life = events.map(label);
        if (!WHOLE_LENGTHS.includes(version) || JSON.stringify(life) !== JSON.stringify(LIFE.slice(0, version)))
          torn.push(`${id}: ${life.join(', ')}`);
        const replayed = kentEngine().replay(events);
        if (!replayed.ok) throw new Error(replayed.refusal.message);
        const state = replayed.state;
        const summary = summaries.get(id);
        const stage = state.status === 'not-raised' ? undefined : state.stage;
        if (state.version !== version || summary?.version !== version || summary.status !== state.status || summary.stage !== stage) {
          disagreeing.push(
            `${id}: ${String(version)} events folding to ${state.status} at ${String(stage)}, summary says version ${String(summary?.version)}, ${String(summary?.status)} at ${String(summary?.stage)}`,
          );
        }
        const acknowledged = ledger.get(id);
        if (acknowledged === undefined) continue;
        if (version < lastAcknowledged(acknowledged))
          lost.push(`${id}: version ${String(lastAcknowledged(acknowledged))} acknowledged, ${String(version)} events stored`);
        if (acknowledged.triaged !== undefined && JSON.stringify(triageReasons(events)) !== JSON.stringify([acknowledged.triaged.reason])) {
          lost.push(`${id}: triage "${acknowledged.triaged.reason}" acknowledged, stored triages ${JSON.stringify(triageReasons(events))}`);
        }
      }
      for (const id of ledger.keys()) if (!ids.includes(id)) lost.push(`${id}: raise acknowledged, no events stored`);
    } finally {
      await database.close();
    }
    expect({ lost, torn, disagreeing }).toEqual({ lost: [], torn: [], disagreeing: [] });
  }

  it('loses no acknowledged raise or action and leaves none half-written, killed again and again', async () => {
    const location = (await backend().fresh()) ?? join(dir, 'cases.sqlite');
    const ledger: Ledger = new Map();
    let service = await start(location);
    for (let kill = 1; kill <= KILLS; kill += 1) {
      const before = ledger.size;
      await driveAndKill(service, ledger, `run${String(kill)}`);
      expect(ledger.size).toBeGreaterThan(before);
      // Restarted on what the kill left, the service must show every acknowledged change whole.
      service = await start(location);
      await expectIntact(service, location, ledger);
    }
  }, 60_000);
});

function label(event: CaseEvent): string {
  if (event.type === 'ActionPerformed') return `${event.type} ${event.action}`;
  if (event.type === 'StageEntered') return `${event.type} ${event.stage}`;
  return event.type;
}
