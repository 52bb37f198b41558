/** The service layer over one database: everything the web app and the CLI need. */
import type { Procedure } from '../core/procedures/schema.js';
import type { Database } from '../store/database.js';
import { EventStore } from '../store/eventStore.js';
import { rebuildReadModels } from '../store/readModels.js';
import { AuditLog } from './audit.js';
import { CaseAccess } from './caseAccess.js';
import { CaseQueues } from './caseQueues.js';
import { CaseService } from './cases.js';
import { Directory } from './directory.js';
import { DocumentService } from './documents.js';
import { DatabaseSessionStore } from './sessionStore.js';
import { ApiTokens } from './tokens.js';

export interface Services {
  readonly database: Database;
  readonly procedures: ReadonlyMap<string, Procedure>;
  readonly store: EventStore;
  readonly audit: AuditLog;
  readonly directory: Directory;
  readonly cases: CaseService;
  readonly queues: CaseQueues;
  readonly documents: DocumentService;
  readonly tokens: ApiTokens;
  readonly sessions: DatabaseSessionStore;
  /** Recomputes every case's read models from its events. */
  rebuildReadModels(now: Date): Promise<{ cases: number; skipped: readonly string[] }>;
}

export function createServices(database: Database, procedures: ReadonlyMap<string, Procedure>, options: { maxDocumentBytes: number }): Services {
  const { db } = database;
  const store = new EventStore(db);
  const audit = new AuditLog(database);
  const directory = new Directory(db);
  const access = new CaseAccess(db);
  const cases = new CaseService(db, store, directory, audit, access, procedures);
  return {
    database,
    procedures,
    store,
    audit,
    directory,
    cases,
    queues: new CaseQueues(db, access),
    documents: new DocumentService(db, cases, directory, audit, access, options.maxDocumentBytes),
    tokens: new ApiTokens(db),
    sessions: new DatabaseSessionStore(db),
    rebuildReadModels: (now) => rebuildReadModels(db, store, (caseId) => cases.contextOf(caseId), now),
  };
}
