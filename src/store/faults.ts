/**
 * A database that goes away (ADR 0020). Every query passes through FaultAwareDialect, which turns
 * a lost connection, a timeout or a full disk into a DatabaseFault saying what the caller may
 * assume, and keeps DatabaseAvailability current: down from the first lost connection, up again
 * at the first query that succeeds. Other errors (a duplicate key, SQLITE_BUSY) pass unchanged.
 */
import type {
  CompiledQuery,
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';

/**
 * - unavailable: the database could not be reached or did not answer in time; a change that was
 *   being made was not committed.
 * - outcome-unknown: the connection went while a change was being committed (or while a single
 *   statement that writes was running): it may or may not have been recorded.
 * - disk-full: SQLite could not grow the file; nothing was changed.
 */
export type DatabaseFaultKind = 'unavailable' | 'outcome-unknown' | 'disk-full';

export class DatabaseFault extends Error {
  override name = 'DatabaseFault';
  constructor(
    readonly kind: DatabaseFaultKind,
    /** An error code (ECONNREFUSED, 57P01, SQLITE_FULL, timeout): never a host, user or database name. */
    readonly reason: string,
  ) {
    super(`The database failed (${kind}: ${reason})`);
  }
}

/** Raised at start-up: the database named by DATABASE_URL cannot be used. */
export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // PostgreSQL: the server shutting down or crashed, too many connections, a statement cancelled by statement_timeout.
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '57014',
]);

/** pg's own messages for a connection it has lost or given up on; pg gives them no code. */
const CONNECTION_LOST_MESSAGES: readonly [RegExp, string][] = [
  [/^Query read timeout$/, 'statement-timeout'],
  [/timeout exceeded when trying to connect/, 'connect-timeout'],
  [/Connection terminated due to connection timeout/, 'connect-timeout'],
  [/Connection terminated/, 'connection-terminated'],
  [/not queryable/, 'connection-terminated'],
];

function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** Why a connection was lost (a code safe to log), 'disk-full', or undefined for any other error. */
export function faultReason(error: unknown): { kind: 'lost' | 'disk-full'; reason: string } | undefined {
  if (error instanceof DatabaseFault) return { kind: error.kind === 'disk-full' ? 'disk-full' : 'lost', reason: error.reason };
  const code = codeOf(error);
  if (code === 'SQLITE_FULL') return { kind: 'disk-full', reason: code };
  if (code !== undefined && (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08'))) return { kind: 'lost', reason: code };
  const message = error instanceof Error ? error.message : '';
  for (const [pattern, reason] of CONNECTION_LOST_MESSAGES) if (pattern.test(message)) return { kind: 'lost', reason };
  return undefined;
}

export type AvailabilityChange =
  | { readonly state: 'unavailable'; readonly since: Date; readonly reason: string }
  | { readonly state: 'available'; readonly since: Date; readonly unavailableForMs: number };

/**
 * Whether the database answers, changed only on a transition so that an outage is one event, not
 * one per request. Each query notes the period (epoch) it started in: a failure of one started
 * before the database came back, or a success of one started before it went, is the tail of the
 * earlier period and changes nothing, so in-flight queries at either edge do not make it flap.
 */
export class DatabaseAvailability {
  private down: { since: Date; reason: string } | undefined;
  private period = 0;
  private readonly listeners: ((change: AvailabilityChange) => void)[] = [];

  /** Undefined while the database answers; otherwise since when it has not, and why. */
  get outage(): { readonly since: Date; readonly reason: string } | undefined {
    return this.down;
  }

  /** The current period, to pass back to lost() or answered() when the query that started now ends. */
  get epoch(): number {
    return this.period;
  }

  onChange(listener: (change: AvailabilityChange) => void): void {
    this.listeners.push(listener);
  }

  lost(reason: string, startedIn: number = this.period): void {
    if (this.down !== undefined || startedIn !== this.period) return;
    this.period += 1;
    this.down = { since: new Date(), reason };
    this.emit({ state: 'unavailable', since: this.down.since, reason });
  }

  answered(startedIn: number): void {
    if (this.down === undefined || startedIn !== this.period) return;
    const now = new Date();
    const unavailableForMs = now.getTime() - this.down.since.getTime();
    this.period += 1;
    this.down = undefined;
    this.emit({ state: 'available', since: now, unavailableForMs });
  }

  private emit(change: AvailabilityChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

const WRITING_NODES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

/** Whether a statement run outside a transaction may have changed something. */
function mayWrite(query: CompiledQuery): boolean {
  if (query.query.kind === 'RawNode') return !/^\s*(select|with|pragma|show)\b/i.test(query.sql);
  return WRITING_NODES.has(query.query.kind);
}

class FaultAwareConnection implements DatabaseConnection {
  inTransaction = false;

  constructor(
    readonly inner: DatabaseConnection,
    private readonly faults: FaultTranslator,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const startedIn = this.faults.availability.epoch;
    try {
      const result = await this.inner.executeQuery<R>(query);
      this.faults.availability.answered(startedIn);
      return result;
    } catch (error) {
      // Inside a transaction nothing is committed until COMMIT; outside one a write may have landed.
      throw this.faults.translate(error, !this.inTransaction && mayWrite(query) ? 'outcome-unknown' : 'unavailable', startedIn);
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class FaultTranslator {
  constructor(readonly availability: DatabaseAvailability) {}

  translate(error: unknown, ifLost: 'unavailable' | 'outcome-unknown', startedIn: number): unknown {
    const fault = faultReason(error);
    if (fault === undefined) return error;
    if (fault.kind === 'disk-full') return new DatabaseFault('disk-full', fault.reason);
    this.availability.lost(fault.reason, startedIn);
    return error instanceof DatabaseFault ? error : new DatabaseFault(ifLost, fault.reason);
  }
}

function wrapped(connection: DatabaseConnection): FaultAwareConnection {
  if (!(connection instanceof FaultAwareConnection)) throw new Error('A connection from another driver was passed to FaultAwareDriver');
  return connection;
}

class FaultAwareDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly faults: FaultTranslator,
  ) {}

  async init(): Promise<void> {
    await this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const startedIn = this.faults.availability.epoch;
    try {
      return new FaultAwareConnection(await this.inner.acquireConnection(), this.faults);
    } catch (error) {
      throw this.faults.translate(error, 'unavailable', startedIn);
    }
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const own = wrapped(connection);
    const startedIn = this.faults.availability.epoch;
    try {
      await this.inner.beginTransaction(own.inner, settings);
    } catch (error) {
      throw this.faults.translate(error, 'unavailable', startedIn);
    }
    own.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const own = wrapped(connection);
    const startedIn = this.faults.availability.epoch;
    try {
      await this.inner.commitTransaction(own.inner);
      this.faults.availability.answered(startedIn);
    } catch (error) {
      // COMMIT was sent; whether the server applied it before the connection went cannot be known here.
      throw this.faults.translate(error, 'outcome-unknown', startedIn);
    } finally {
      own.inTransaction = false;
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const own = wrapped(connection);
    try {
      await this.inner.rollbackTransaction(own.inner);
    } catch (error) {
      // Kysely rolls back after the failure and then rethrows that failure, unless ROLLBACK itself
      // throws. A ROLLBACK on a lost connection, or after SQLite ended the transaction itself
      // (as it does on SQLITE_FULL), has nothing to undo; letting it throw would hide the failure
      // that matters. Any other ROLLBACK failure is still thrown.
      const sqliteEndedIt = error instanceof Error && error.message.includes('no transaction is active');
      if (!sqliteEndedIt && faultReason(error)?.kind !== 'lost') throw error;
    } finally {
      own.inTransaction = false;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.inner.releaseConnection(wrapped(connection).inner);
  }

  async destroy(): Promise<void> {
    await this.inner.destroy();
  }
}

/** The dialect with every query passed through the fault translation above. */
export class FaultAwareDialect implements Dialect {
  private readonly faults: FaultTranslator;

  constructor(
    private readonly inner: Dialect,
    availability: DatabaseAvailability,
  ) {
    this.faults = new FaultTranslator(availability);
  }

  createDriver(): Driver {
    return new FaultAwareDriver(this.inner.createDriver(), this.faults);
  }

  createQueryCompiler(): QueryCompiler {
    return this.inner.createQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return this.inner.createAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return this.inner.createIntrospector(db);
  }
}
