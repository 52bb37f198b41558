/**
 * The built-in procedures. Adding a partnership means adding its definition file to
 * `definitions/` and listing it here; no engine code changes.
 */
import { cambridgeshirePeterborough } from './definitions/cambridgeshire-peterborough.js';
import { camden } from './definitions/camden.js';
import { kent } from './definitions/kent.js';
import { kingstonRichmond } from './definitions/kingston-richmond.js';
import { panSussex } from './definitions/pan-sussex.js';
import type { Procedure, ProcedureInput } from './schema.js';
import { loadProcedure } from './validate.js';

const DEFINITIONS: readonly ProcedureInput[] = [camden, cambridgeshirePeterborough, kent, kingstonRichmond, panSussex];

let loaded: ReadonlyMap<string, Procedure> | undefined;

/** Every built-in procedure, validated once (a definition error stops everything, naming each problem). */
export function procedures(): ReadonlyMap<string, Procedure> {
  loaded ??= new Map(DEFINITIONS.map((definition) => {
    const procedure = loadProcedure(definition);
    return [procedure.id, procedure] as const;
  }));
  return loaded;
}

export function procedureById(id: string): Procedure | undefined {
  return procedures().get(id);
}

export function procedureIds(): readonly string[] {
  return [...procedures().keys()];
}
