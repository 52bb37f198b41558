/**
 * The built-in procedures. Adding a partnership means adding its definition file to
 * `definitions/` and listing it here; no engine code changes. A revision of a partnership's
 * document is a new definition beside the old one (same id, next version, its own effective
 * date), listed here too: cases raised under the old revision keep it (ADR 0009).
 */
import type { IsoDate } from '../calendar/localDate.js';
import { cambridgeshirePeterborough } from './definitions/cambridgeshire-peterborough.js';
import { camden } from './definitions/camden.js';
import { kent } from './definitions/kent.js';
import { kingstonRichmond } from './definitions/kingston-richmond.js';
import { panSussex } from './definitions/pan-sussex.js';
import type { Procedure, ProcedureInput } from './schema.js';
import { ProcedureDefinitionError, checkVersions, loadProcedure } from './validate.js';

const DEFINITIONS: readonly ProcedureInput[] = [camden, cambridgeshirePeterborough, kent, kingstonRichmond, panSussex];

export interface ProcedureRegistry {
  /** The newest revision of each procedure, by id: what is published and compared. */
  readonly latest: ReadonlyMap<string, Procedure>;
  /** Every revision of one procedure, oldest first; empty for an unknown id. */
  versions(id: string): readonly Procedure[];
  /** One revision, as a case raised under it names it. */
  version(id: string, version: number): Procedure | undefined;
  /**
   * The revision in effect on a London date: the newest that took effect on or before it. A
   * date before the first revision's gets the first, the earliest text there is.
   */
  inEffectOn(id: string, date: IsoDate): Procedure | undefined;
}

/** Validates every definition and the versions of each procedure; throws naming every problem. */
export function createRegistry(definitions: readonly ProcedureInput[]): ProcedureRegistry {
  const byId = new Map<string, Procedure[]>();
  for (const definition of definitions) {
    const procedure = loadProcedure(definition);
    byId.set(procedure.id, [...(byId.get(procedure.id) ?? []), procedure]);
  }
  for (const [id, revisions] of byId) {
    const problems = checkVersions(revisions);
    if (problems.length > 0) throw new ProcedureDefinitionError(id, problems);
    revisions.sort((a, b) => a.version - b.version);
  }
  const latest = new Map<string, Procedure>();
  for (const [id, revisions] of byId) {
    const newest = revisions[revisions.length - 1];
    if (newest !== undefined) latest.set(id, newest);
  }
  return {
    latest,
    versions: (id) => byId.get(id) ?? [],
    version: (id, version) => byId.get(id)?.find((p) => p.version === version),
    inEffectOn(id, date) {
      const revisions = byId.get(id) ?? [];
      return revisions.findLast((p) => p.effectiveFrom <= date) ?? revisions[0];
    },
  };
}

let registry: ProcedureRegistry | undefined;

/** Every built-in procedure with all its revisions, validated once (a definition error stops everything). */
export function procedureRegistry(): ProcedureRegistry {
  registry ??= createRegistry(DEFINITIONS);
  return registry;
}

/** The newest revision of every built-in procedure, by id. */
export function procedures(): ReadonlyMap<string, Procedure> {
  return procedureRegistry().latest;
}

export function procedureById(id: string): Procedure | undefined {
  return procedures().get(id);
}

export function procedureIds(): readonly string[] {
  return [...procedures().keys()];
}
