/** The service layer over one database: everything the web app and the CLI need. */
import type { ProcedureRegistry } from '../core/procedures/registry.js';
import type { Procedure } from '../core/procedures/schema.js';
import type { Database } from '../store/database.js';
import { EventStore } from '../store/eventStore.js';
import { rebuildReadModels } from '../store/readModels.js';
import { AuditLog } from './audit.js';
import { CaseService } from './cases.js';
import { Directory } from './directory.js';
import { DocumentService } from './documents.js';
import { DatabaseSessionStore } from './sessionStore.js';
import { ApiTokens } from './tokens.js';

export interface Services {
  readonly database: Database;
  /** The newest revision of each procedure, by id. */
  readonly procedures: ReadonlyMap<string, Procedure>;
  readonly store: EventStore;
  readonly audit: AuditLog;
  readonly directory: Directory;
  readonly cases: CaseService;
  readonly documents: DocumentService;
  readonly tokens: ApiTokens;
  readonly sessions: DatabaseSessionStore;
  /** Recomputes every case's read models from its events. */
  rebuildReadModels(now: Date): Promise<{ cases: number; skipped: readonly string[] }>;
}

export function createServices(database: Database, procedures: ProcedureRegistry, options: { maxDocumentBytes: number }): Services {
  const { db } = database;
  const store = new EventStore(db);
  const audit = new AuditLog(database);
  const directory = new Directory(db);
  const cases = new CaseService(db, store, directory, audit, procedures);
  return {
    database,
    procedures: procedures.latest,
    store,
    audit,
    directory,
    cases,
    documents: new DocumentService(db, cases, directory, audit, options.maxDocumentBytes),
    tokens: new ApiTokens(db),
    sessions: new DatabaseSessionStore(db),
    rebuildReadModels: (now) => rebuildReadModels(db, store, (caseId) => cases.contextOf(caseId), now),
  };
}
