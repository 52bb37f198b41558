import { describe, expect, it } from 'vitest';
import { isoDate } from '../../src/core/calendar/index.js';
import { createRegistry, procedureRegistry } from '../../src/core/procedures/registry.js';
import type { ProcedureInput } from '../../src/core/procedures/schema.js';
import { ProcedureDefinitionError } from '../../src/core/procedures/validate.js';
import { minimalProcedure } from '../support/minimalProcedure.js';

const revision = (version: number, effectiveFrom: string): ProcedureInput => ({ ...minimalProcedure(), version, effectiveFrom });

function problemsOf(definitions: readonly ProcedureInput[]): readonly string[] {
  try {
    createRegistry(definitions);
    return [];
  } catch (error) {
    if (error instanceof ProcedureDefinitionError) return error.problems;
    throw error;
  }
}

describe('revisions of a procedure side by side', () => {
  const registry = createRegistry([revision(2, '2027-04-01'), revision(1, '2026-04-01'), revision(3, '2028-01-15')]);

  it('keeps every revision, oldest first, and publishes the newest', () => {
    expect(registry.versions('testshire').map((p) => [p.version, p.effectiveFrom])).toEqual([
      [1, '2026-04-01'],
      [2, '2027-04-01'],
      [3, '2028-01-15'],
    ]);
    expect(registry.latest.get('testshire')?.version).toBe(3);
    expect(registry.version('testshire', 2)?.effectiveFrom).toBe('2027-04-01');
    expect(registry.version('testshire', 4)).toBeUndefined();
    expect(registry.versions('nowhere')).toEqual([]);
  });

  it('gives a challenge the revision in effect on the day it was received', () => {
    const on = (date: string) => registry.inEffectOn('testshire', isoDate(date))?.version;
    expect(on('2027-03-31')).toBe(1);
    expect(on('2027-04-01')).toBe(2);
    expect(on('2028-01-14')).toBe(2);
    expect(on('2028-01-15')).toBe(3);
    expect(on('2031-06-01')).toBe(3);
    // Before the first revision's date there is no other text: the first governs.
    expect(on('2020-01-01')).toBe(1);
    expect(registry.inEffectOn('nowhere', isoDate('2027-01-01'))).toBeUndefined();
  });

  it('refuses a version defined twice', () => {
    expect(problemsOf([revision(1, '2026-04-01'), revision(1, '2027-04-01')])).toEqual(['version 1 is defined twice']);
  });

  it('refuses a later version that does not take effect after the one before', () => {
    expect(problemsOf([revision(1, '2026-04-01'), revision(2, '2026-04-01')])).toEqual([
      'version 2 takes effect on 2026-04-01, not after version 1 (2026-04-01)',
    ]);
    expect(problemsOf([revision(2, '2025-04-01'), revision(1, '2026-04-01')])).toEqual([
      'version 2 takes effect on 2025-04-01, not after version 1 (2026-04-01)',
    ]);
  });

  it('refuses a version or effective date that is not one', () => {
    expect(problemsOf([revision(0, '2026-04-01')])).toEqual(['version: Too small: expected number to be >0']);
    expect(problemsOf([revision(1, '2027-02-29')])).toEqual(['effectiveFrom: must be a real date, YYYY-MM-DD']);
  });

  it('gives every built-in procedure a version and an effective date', () => {
    const builtIn = procedureRegistry();
    for (const [id, procedure] of builtIn.latest) {
      expect(builtIn.versions(id).map((p) => p.version)).toEqual([1]);
      expect(procedure.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(builtIn.latest.get('pan-sussex')?.effectiveFrom).toBe('2022-07-01');
  });
});
