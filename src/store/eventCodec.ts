/**
 * Events to and from stored JSON (ADR 0009). A stored event outlives the code that wrote it, so
 * each payload says which schema version wrote it: `{"schemaVersion": n, "event": {...}}`. Rows
 * written before versions existed are the bare event and read as version 1. Reading brings an
 * event up to the current version one step at a time (the upcasters), then checks it against the
 * current schema; stored rows are never rewritten, so the hash chain over them stays intact.
 *
 * Dates are written as `{"$date": "<ISO instant>"}` so that they come back as Dates and nothing
 * else does: a free-text field that happens to look like a date stays text.
 */
import type { CaseEvent } from '../core/engine/model.js';
import { parseCaseEvent } from './eventSchema.js';

/** An event as some schema version stored it, dates revived, not yet checked. */
export type StoredEvent = Readonly<Record<string, unknown>>;

/** One step: takes an event as version n stored it and returns it as version n + 1 would have. */
export type Upcaster = (event: StoredEvent) => StoredEvent;

/** What the store needs of any event to fill its columns. */
export interface StorableEvent {
  readonly type: string;
  readonly at: Date;
  readonly by: { readonly id: string; readonly role: string };
}

/**
 * The steps from each stored version to the next, oldest first: entry i brings version i + 1 to
 * i + 2, so the current version is one more than their number. Append a step for every change to
 * the shape of a stored event; never edit or remove one.
 */
export const CASE_EVENT_UPCASTERS: readonly Upcaster[] = [
  // 1 -> 2: a case records the revision of the procedure it was raised under. Every case raised
  // before procedures had revisions was raised under the first (ADR 0009).
  (event) => (event['type'] === 'ChallengeRaised' ? { ...event, procedureVersion: 1 } : event),
  // 2 -> 3: a withdrawal is a fact and a procedure's close a consequence (ADR 0015). Before, the
  // only close with no clause was the complainant's withdrawal (withdrawChallenge.ts gave none).
  (event) =>
    event['type'] === 'ChallengeClosed' && event['outcome'] === 'withdrawn' && !('clause' in event) ? { ...event, withdrawn: true } : event,
];

/** A stored event this code cannot read: named by case and position, never skipped. */
export class UndecodableEventError extends Error {
  override name = 'UndecodableEventError';
  constructor(
    readonly caseId: string,
    readonly seq: number,
    readonly reason: string,
  ) {
    super(`Event ${String(seq)} of case ${caseId} cannot be read: ${reason}`);
  }
}

export type ParseResult<E> = { readonly ok: true; readonly event: E } | { readonly ok: false; readonly problems: string };

export interface EventCodec<E extends StorableEvent = CaseEvent> {
  /** The schema version `encode` writes. */
  readonly currentVersion: number;
  encode(event: E): string;
  /** Throws UndecodableEventError naming the case and seq if the payload cannot be read as an E. */
  decode(payload: string, where: { readonly caseId: string; readonly seq: number }): E;
}

export function createEventCodec<E extends StorableEvent>(
  upcasters: readonly Upcaster[],
  parse: (value: unknown) => ParseResult<E>,
): EventCodec<E> {
  const currentVersion = upcasters.length + 1;
  return {
    currentVersion,
    encode: (event) => JSON.stringify({ schemaVersion: currentVersion, event }, replaceDates),
    decode(payload, where) {
      const fail = (reason: string) => new UndecodableEventError(where.caseId, where.seq, reason);
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload, reviveDates);
      } catch (error) {
        throw fail(`the payload is not JSON (${error instanceof Error ? error.message : 'unknown error'})`);
      }
      const stored = envelopeOf(parsed);
      if (typeof stored === 'string') throw fail(stored);
      if (stored.version > currentVersion) {
        throw fail(
          `it was written in schema version ${String(stored.version)}, newer than this code reads (${String(currentVersion)}): run the newer code`,
        );
      }
      const upcast = upcasters.slice(stored.version - 1).reduce((event, step) => step(event), stored.event);
      const checked = parse(upcast);
      if (!checked.ok) throw fail(`as schema version ${String(currentVersion)} it does not fit: ${checked.problems}`);
      return checked.event;
    },
  };
}

/** The codec for this code's case events. */
export const caseEventCodec: EventCodec = createEventCodec(CASE_EVENT_UPCASTERS, parseCaseEvent);

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The stored event and its version, or why there is none. */
function envelopeOf(value: unknown): { version: number; event: StoredEvent } | string {
  if (!isRecord(value)) return 'the payload is not a JSON object';
  if (!('schemaVersion' in value)) return { version: 1, event: value };
  const version = value['schemaVersion'];
  const event = value['event'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return 'its schema version is not a positive whole number';
  if (!isRecord(event) || Object.keys(value).length !== 2) return 'the payload is not an event in a versioned envelope';
  return { version, event };
}

function replaceDates(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  return original instanceof Date ? { $date: original.toISOString() } : value;
}

function reviveDates(_key: string, value: unknown): unknown {
  if (isRecord(value)) {
    const keys = Object.keys(value);
    const date = value['$date'];
    if (keys.length === 1 && typeof date === 'string') return new Date(date);
  }
  return value;
}
