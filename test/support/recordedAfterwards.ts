/**
 * A case recorded afterwards, through the API: every step is entered on a later day than the one
 * it happened on. `on` moves the app's clock to the moment of typing; the body carries when the
 * thing happened (`occurredAt`, `receivedAt`, `sentAt`, `receivedOn`), in London time.
 */
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { Session, TestApp } from './app.js';

export interface DeadlineSeen {
  readonly id: string;
  readonly status: string;
  readonly dueDate: string;
  readonly explanation: string;
  readonly clause: string;
  readonly metAt?: string;
}

export interface TimelineEntry {
  readonly seq: number;
  readonly type: string;
  readonly action?: string;
  readonly occurredAt?: string;
  readonly recordedAt?: string;
  readonly status?: string;
  /** When it happened and when it was recorded, as the timeline says it. */
  readonly when?: string;
  readonly corrections?: readonly {
    readonly seq: number;
    readonly reason: string;
    readonly changes: readonly { readonly field: string; readonly from: unknown; readonly to: unknown }[];
  }[];
}

export interface CaseSeen {
  readonly version: number;
  readonly stage: { readonly id: string; readonly name: string };
  readonly status: string;
  readonly stageHistory?: readonly { readonly stage: string; readonly name: string; readonly enteredAt: string }[];
  readonly deadlines: readonly DeadlineSeen[];
  readonly actions: readonly { readonly id: string; readonly allowed: boolean; readonly reason?: string }[];
  readonly timeline: readonly TimelineEntry[];
}

export interface RecordedAfterwards {
  /** Records a held conference as the conference service manager, typed at `on`; returns its id. */
  conference(by: Session, on: string, body: Record<string, unknown>): Promise<string>;
  /** Raises the case, typed at `on`; the body's `receivedAt` says when it arrived. */
  raise(by: Session, on: string, body: Record<string, unknown>): Promise<void>;
  /** Any case action typed at `on`, against the version just read; the response as it came. */
  act(by: Session, on: string, body: Record<string, unknown>): Promise<LightMyRequestResponse>;
  /** A case action that must succeed. */
  ok(by: Session, on: string, body: Record<string, unknown>): Promise<void>;
  /** Performs a procedure step that happened at `occurredAt`, typed at `on`. */
  perform(by: Session, on: string, action: string, occurredAt: string, details?: Record<string, unknown>): Promise<void>;
  /** Corrects the event at `target` (a timeline seq), typed at `on`; `change` holds the corrected occurredAt, details, receivedOn or method. */
  correct(by: Session, on: string, target: number, reason: string, change: Record<string, unknown>): Promise<void>;
  /** Voids the event at `target`, recorded by mistake, typed at `on`. */
  void(by: Session, on: string, target: number, reason: string): Promise<void>;
  /** The case as `by` sees it at `on`. */
  view(by: Session, on: string): Promise<CaseSeen>;
  deadline(by: Session, on: string, id: string): Promise<DeadlineSeen>;
  /** The seq of the latest timeline entry recording `action`. */
  seqOf(by: Session, on: string, action: string): Promise<number>;
  readonly caseId: () => string;
}

export function recordedAfterwards(t: TestApp): RecordedAfterwards {
  let caseId: string | undefined;
  const id = () => {
    if (caseId === undefined) throw new Error('no case raised yet');
    return caseId;
  };
  const at = (on: string) => {
    t.setNow(new Date(on));
  };
  const view = async (by: Session, on: string) => {
    at(on);
    const response = await by.get(`/api/v1/cases/${id()}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<CaseSeen>();
  };
  const act = async (by: Session, on: string, body: Record<string, unknown>) => {
    const { version } = await view(by, on);
    return by.post(`/api/v1/cases/${id()}/actions`, { expectedVersion: version, ...body });
  };
  const ok = async (by: Session, on: string, body: Record<string, unknown>) => {
    const response = await act(by, on, body);
    expect(response.statusCode, response.body).toBe(200);
  };
  return {
    caseId: id,
    async conference(by, on, body) {
      at(on);
      const response = await by.post('/api/v1/conferences', body);
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string }>().id;
    },
    async raise(by, on, body) {
      at(on);
      const response = await by.post('/api/v1/cases', body);
      expect(response.statusCode, response.body).toBe(201);
      caseId = response.json<{ id: string }>().id;
    },
    act,
    ok,
    async perform(by, on, action, occurredAt, details) {
      await ok(by, on, { type: 'perform', action, occurredAt, ...(details === undefined ? {} : { details }) });
    },
    async correct(by, on, target, reason, change) {
      await ok(by, on, { type: 'correct', target, reason, ...change });
    },
    async void(by, on, target, reason) {
      await ok(by, on, { type: 'void', target, reason });
    },
    view,
    async deadline(by, on, deadlineId) {
      const found = (await view(by, on)).deadlines.find((d) => d.id === deadlineId);
      if (found === undefined) throw new Error(`no deadline ${deadlineId} on the case`);
      return found;
    },
    async seqOf(by, on, action) {
      const entries = (await view(by, on)).timeline.filter((e) => e.action === action);
      const last = entries[entries.length - 1];
      if (last === undefined) throw new Error(`nothing recorded for ${action}`);
      return last.seq;
    },
  };
}

/** Camden's conference of Tue 24 Mar 2026, its minutes emailed Tue 31 Mar. */
export const CAMDEN_CONFERENCE = {
  type: 'initial',
  heldAt: '2026-03-24T10:00',
  chairId: 'camden.conference-chair',
  decision: 'child-protection-plan',
  category: 'neglect',
  minutesSent: { at: '2026-03-31T12:00', method: 'email' },
} as const;

/**
 * A parent's complaint about that conference's decision, received at `receivedAt` (London time):
 * the conference typed in by its service manager at `conferenceTypedOn`, the complaint raised by
 * the complaints manager at `raisedTypedOn` with `extra` in its body. Returns the complaints manager.
 */
export async function camdenComplaint(
  t: TestApp,
  r: RecordedAfterwards,
  when: { readonly conferenceTypedOn: string; readonly raisedTypedOn: string; readonly receivedAt: string },
  extra: Record<string, unknown> = {},
): Promise<Session> {
  const csm = await t.signIn('conference-service-manager@camden.demo');
  const officer = await t.signIn('complaints-manager@camden.demo');
  const conferenceId = await r.conference(csm, when.conferenceTypedOn, CAMDEN_CONFERENCE);
  await r.raise(officer, when.raisedTypedOn, {
    conferenceId,
    track: 'family',
    complainant: { kind: 'parent' },
    aspects: ['decision'],
    receivedAt: when.receivedAt,
    ...extra,
  });
  return officer;
}
