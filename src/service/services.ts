/**
 * The service layer over one database: everything the web app and the CLI need. The database
 * and the event store stay behind it (ADR 0010): the web sees services only.
 */
import { sql } from 'kysely';
import type { WorkingCalendar } from '../core/calendar/index.js';
import type { ProcedureRegistry } from '../core/procedures/registry.js';
import type { Procedure } from '../core/procedures/schema.js';
import { DatabaseFault, openDatabase, type AvailabilityChange, type Database, type Dialect, type OpenOptions } from '../store/database.js';
import { EventStore, type ChainReport } from '../store/eventStore.js';
import { casesWithoutWorkItems, rebuildReadModels } from '../store/readModels.js';
import { AgencyContacts } from './agencyContacts.js';
import { AuditLog } from './audit.js';
import { CaseAccess } from './caseAccess.js';
import { CaseQueues } from './caseQueues.js';
import { CaseService } from './cases.js';
import { Conferences } from './conferences.js';
import { DocumentPackService } from './documentPack.js';
import { DocumentService, type DocumentQuotas } from './documents.js';
import { Letterheads } from './letterheads.js';
import { LetterService } from './letters.js';
import { MyWorkService } from './myWork.js';
import { Partnerships } from './partnerships.js';
import { People } from './people.js';
import { RateLimitCounters } from './rateLimits.js';
import { seedDemo, seedDemoCases, type DemoAccount, type DemoCasesSeeded } from './seed.js';
import { Sessions } from './sessions.js';
import { StaffAccounts } from './staffAccounts.js';
import { ApiTokens, type TokenLifetimes } from './tokens.js';

export interface Health {
  /** unavailable: not reachable or not answering in time (ADR 0020); failing: any other failure. */
  readonly database: 'ok' | 'unavailable' | 'failing';
  readonly dialect: Dialect;
  /** While unavailable: since when, and why (an error code, never a host or name). */
  readonly unavailable?: { readonly since: string; readonly reason: string };
}

export interface Services {
  readonly dialect: Dialect;
  /** The newest revision of each procedure, by id. */
  readonly procedures: ReadonlyMap<string, Procedure>;
  readonly audit: AuditLog;
  readonly partnerships: Partnerships;
  readonly staff: StaffAccounts;
  readonly people: People;
  /** The agencies directory: each agency's name and complaints contact (ADR 0033). */
  readonly agencies: AgencyContacts;
  readonly conferences: Conferences;
  readonly cases: CaseService;
  readonly queues: CaseQueues;
  readonly myWork: MyWorkService;
  readonly documents: DocumentService;
  readonly letterheads: Letterheads;
  readonly letters: LetterService;
  readonly documentPack: DocumentPackService;
  readonly tokens: ApiTokens;
  readonly sessions: Sessions;
  /** Attempt counters shared by every instance, their keys hashed under this secret. */
  attemptCounters(keySecret: string): RateLimitCounters;
  /** Whether the database answers within timeoutMs. */
  health(timeoutMs?: number): Promise<Health>;
  /** Called once when the database stops answering and once when it answers again. */
  onDatabaseAvailability(listener: (change: AvailabilityChange) => void): void;
  /** Recomputes every case's hash chain. */
  verifyCaseChains(): Promise<ChainReport>;
  /** Recomputes every case's read models from its events. */
  rebuildReadModels(now: Date): Promise<{ cases: number; skipped: readonly string[] }>;
  /** Rebuilds the read models of open cases last projected before work items were kept (migration 0014); none after the first start. */
  fillWorkItems(now: Date): Promise<{ cases: number; skipped: readonly string[] }>;
  /**
   * Seeds the demo partnerships into an empty database (never in production); with `cases`, a
   * dozen cases each too, made through the case service.
   */
  seedDemo(options: { password: string; now: Date; calendar: WorkingCalendar; cases?: boolean }): Promise<DemoSeeded>;
}

/** What seeding made: the accounts (none if the database was not empty) and the demo cases. */
export interface DemoSeeded {
  readonly accounts: DemoAccount[];
  readonly cases: DemoCasesSeeded;
}

export function createServices(
  database: Database,
  procedures: ProcedureRegistry,
  options: { maxDocumentBytes: number; documentQuotas?: DocumentQuotas; tokenLifetimes?: TokenLifetimes },
): Services {
  const { db } = database;
  const store = new EventStore(db);
  const audit = new AuditLog(database);
  const partnerships = new Partnerships(db);
  const staff = new StaffAccounts(db);
  const conferences = new Conferences(db);
  const access = new CaseAccess(db);
  const people = new People(db);
  const letterheads = new Letterheads(db);
  const cases = new CaseService(db, store, { partnerships, staff, conferences, people }, audit, access, procedures);
  return {
    dialect: database.dialect,
    procedures: procedures.latest,
    audit,
    partnerships,
    staff,
    people,
    agencies: new AgencyContacts(db, audit),
    conferences,
    cases,
    queues: new CaseQueues(db, access),
    myWork: new MyWorkService(db, access, partnerships, procedures.latest, audit),
    documents: new DocumentService(db, cases, conferences, audit, access, options.maxDocumentBytes, options.documentQuotas),
    letterheads,
    letters: new LetterService(db, cases, letterheads, audit),
    documentPack: new DocumentPackService(db, cases, audit),
    tokens: new ApiTokens(db, options.tokenLifetimes),
    sessions: new Sessions(db),
    attemptCounters: (keySecret) => new RateLimitCounters(db, keySecret),
    async health(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      try {
        const answered = sql`select 1`.execute(db);
        if (timeoutMs === undefined) await answered;
        else {
          // A frozen database answers nothing: the check must not wait for the statement timeout.
          const late = new Promise<never>((_resolve, reject) => {
            timer = setTimeout(() => {
              reject(new DatabaseFault('unavailable', 'health-check-timeout'));
            }, timeoutMs);
          });
          // The statement may still fail after the deadline; its failure is already reported by then.
          answered.catch(() => undefined);
          await Promise.race([answered, late]);
        }
        return { database: 'ok', dialect: database.dialect };
      } catch (error) {
        // The failure is the answer: /health reports it (503) rather than failing itself.
        if (!(error instanceof DatabaseFault)) return { database: 'failing', dialect: database.dialect };
        const outage = database.availability.outage;
        return {
          database: 'unavailable',
          dialect: database.dialect,
          unavailable: { since: (outage?.since ?? new Date()).toISOString(), reason: outage?.reason ?? error.reason },
        };
      } finally {
        clearTimeout(timer);
      }
    },
    onDatabaseAvailability: (listener) => {
      database.availability.onChange(listener);
    },
    verifyCaseChains: () => store.verifyChains(),
    rebuildReadModels: (now) => rebuildReadModels(db, store, (caseId) => cases.contextOf(caseId), now),
    async fillWorkItems(now) {
      const stale = await casesWithoutWorkItems(db);
      if (stale.length === 0) return { cases: 0, skipped: [] };
      return rebuildReadModels(db, store, (caseId) => cases.contextOf(caseId), now, stale);
    },
    async seedDemo(seedOptions) {
      const accounts = await seedDemo(database, procedures.latest, seedOptions);
      // Only into the database just seeded: another instance that seeded it first makes its own.
      const seededCases =
        accounts.length > 0 && seedOptions.cases === true
          ? await seedDemoCases({ cases, conferences }, procedures.latest, seedOptions)
          : { cases: 0, steps: 0 };
      return { accounts, cases: seededCases };
    },
  };
}

/** Opens (creating and migrating) the database at `location` and the services over it. */
export async function openServices(
  location: string,
  procedures: ProcedureRegistry,
  options: { maxDocumentBytes: number; documentQuotas?: DocumentQuotas; tokenLifetimes?: TokenLifetimes } & OpenOptions,
): Promise<{ readonly services: Services; close(): Promise<void> }> {
  const database = await openDatabase(location, options);
  return { services: createServices(database, procedures, options), close: () => database.close() };
}
