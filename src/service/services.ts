/**
 * The service layer over one database: everything the web app and the CLI need. The database
 * and the event store stay behind it (ADR 0010): the web sees services only.
 */
import { sql } from 'kysely';
import type { WorkingCalendar } from '../core/calendar/index.js';
import type { ProcedureRegistry } from '../core/procedures/registry.js';
import type { Procedure } from '../core/procedures/schema.js';
import { openDatabase, type Database, type Dialect } from '../store/database.js';
import { EventStore, type ChainReport } from '../store/eventStore.js';
import { rebuildReadModels } from '../store/readModels.js';
import { AuditLog } from './audit.js';
import { CaseAccess } from './caseAccess.js';
import { CaseQueues } from './caseQueues.js';
import { CaseService } from './cases.js';
import { Conferences } from './conferences.js';
import { DocumentService } from './documents.js';
import { Partnerships } from './partnerships.js';
import { People } from './people.js';
import { RateLimitCounters } from './rateLimits.js';
import { seedDemo, type DemoAccount } from './seed.js';
import { Sessions } from './sessions.js';
import { StaffAccounts } from './staffAccounts.js';
import { ApiTokens, type TokenLifetimes } from './tokens.js';

export interface Health {
  readonly database: 'ok' | 'failing';
  readonly dialect: Dialect;
}

export interface Services {
  readonly dialect: Dialect;
  /** The newest revision of each procedure, by id. */
  readonly procedures: ReadonlyMap<string, Procedure>;
  readonly audit: AuditLog;
  readonly partnerships: Partnerships;
  readonly staff: StaffAccounts;
  readonly people: People;
  readonly conferences: Conferences;
  readonly cases: CaseService;
  readonly queues: CaseQueues;
  readonly documents: DocumentService;
  readonly tokens: ApiTokens;
  readonly sessions: Sessions;
  /** Attempt counters shared by every instance, their keys hashed under this secret. */
  attemptCounters(keySecret: string): RateLimitCounters;
  /** Whether the database answers. */
  health(): Promise<Health>;
  /** Recomputes every case's hash chain. */
  verifyCaseChains(): Promise<ChainReport>;
  /** Recomputes every case's read models from its events. */
  rebuildReadModels(now: Date): Promise<{ cases: number; skipped: readonly string[] }>;
  /** Seeds the demo partnerships into an empty database (never in production). */
  seedDemo(options: { password: string; now: Date; calendar: WorkingCalendar }): Promise<DemoAccount[]>;
}

export function createServices(
  database: Database,
  procedures: ProcedureRegistry,
  options: { maxDocumentBytes: number; tokenLifetimes?: TokenLifetimes },
): Services {
  const { db } = database;
  const store = new EventStore(db);
  const audit = new AuditLog(database);
  const partnerships = new Partnerships(db);
  const staff = new StaffAccounts(db);
  const conferences = new Conferences(db);
  const access = new CaseAccess(db);
  const people = new People(db);
  const cases = new CaseService(db, store, { partnerships, staff, conferences, people }, audit, access, procedures);
  return {
    dialect: database.dialect,
    procedures: procedures.latest,
    audit,
    partnerships,
    staff,
    people,
    conferences,
    cases,
    queues: new CaseQueues(db, access),
    documents: new DocumentService(db, cases, conferences, audit, access, options.maxDocumentBytes),
    tokens: new ApiTokens(db, options.tokenLifetimes),
    sessions: new Sessions(db),
    attemptCounters: (keySecret) => new RateLimitCounters(db, keySecret),
    async health() {
      try {
        await sql`select 1`.execute(db);
        return { database: 'ok', dialect: database.dialect };
      } catch {
        // The failure is the answer: /health reports it (503) rather than failing itself.
        return { database: 'failing', dialect: database.dialect };
      }
    },
    verifyCaseChains: () => store.verifyChains(),
    rebuildReadModels: (now) => rebuildReadModels(db, store, (caseId) => cases.contextOf(caseId), now),
    seedDemo: (seedOptions) => seedDemo(database, procedures.latest, seedOptions),
  };
}

/** Opens (creating and migrating) the database at `location` and the services over it. */
export async function openServices(
  location: string,
  procedures: ProcedureRegistry,
  options: { maxDocumentBytes: number; maxConnections?: number; tokenLifetimes?: TokenLifetimes },
): Promise<{ readonly services: Services; close(): Promise<void> }> {
  const database = await openDatabase(location, options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections });
  return { services: createServices(database, procedures, options), close: () => database.close() };
}
