/**
 * Commands over the case store: verify every case's hash chain and the audit chain, and rebuild the read models from
 * the events. The database is DATABASE_URL (or the embedded default), or --database.
 */
import { ConfigError, loadConfig } from '../config/config.js';
import { procedureRegistry } from '../core/procedures/registry.js';
import { createServices } from '../service/services.js';
import { MigrationError, openDatabase } from '../store/database.js';

export interface StoreIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export class StoreCommandError extends Error {}

async function withServices<T>(
  database: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  run: (services: ReturnType<typeof createServices>) => Promise<T>,
): Promise<T> {
  let location: string;
  let maxDocumentBytes: number;
  try {
    const config = loadConfig(database === undefined ? env : { ...env, DATABASE_URL: database });
    location = config.database;
    maxDocumentBytes = config.maxDocumentBytes;
  } catch (error) {
    if (error instanceof ConfigError) throw new StoreCommandError(error.problems.join('; '));
    throw error;
  }
  let opened;
  try {
    opened = await openDatabase(location);
  } catch (error) {
    if (error instanceof MigrationError) throw new StoreCommandError(error.message);
    throw error;
  }
  try {
    return await run(createServices(opened, procedureRegistry(), { maxDocumentBytes }));
  } finally {
    await opened.close();
  }
}

/**
 * Verifies every case's event chain and the audit chain: 0 when all are intact, 1 when any is
 * broken (each break printed). Prints the audit chain's head, to keep as an anchor.
 */
export async function verifyChainsCommand(
  database: string | undefined,
  json: boolean,
  io: StoreIo,
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  return withServices(database, env, async (services) => {
    const report = await services.verifyCaseChains();
    const audit = await services.audit.verifyChain();
    if (json) io.stdout(`${JSON.stringify({ ...report, audit })}\n`);
    else {
      io.stdout(
        `${String(report.cases)} cases, ${String(report.events)} events: ${report.broken.length === 0 ? 'every chain is intact' : `${String(report.broken.length)} broken`}\n`,
      );
      for (const b of report.broken) io.stdout(`  case ${b.caseId}, event ${String(b.seq)}: ${b.reason}\n`);
      io.stdout(
        `${String(audit.entries)} audit entries: ${audit.broken.length === 0 ? 'the chain is intact' : `${String(audit.broken.length)} broken`}; head ${String(audit.head.seq)} ${audit.head.hash}\n`,
      );
      for (const b of audit.broken) io.stdout(`  audit entry ${String(b.seq)}: ${b.reason}\n`);
    }
    return report.broken.length === 0 && audit.broken.length === 0 ? 0 : 1;
  });
}

export async function rebuildReadModelsCommand(
  database: string | undefined,
  now: Date,
  io: StoreIo,
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  return withServices(database, env, async (services) => {
    const result = await services.rebuildReadModels(now);
    io.stdout(`rebuilt the read models of ${String(result.cases)} cases from their events\n`);
    if (result.skipped.length > 0)
      io.stdout(`skipped ${String(result.skipped.length)} streams that belong to no recorded case: ${result.skipped.join(', ')}\n`);
    return 0;
  });
}
