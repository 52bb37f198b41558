import { describe, expect, it } from 'vitest';
import type { PanelMember, RaisedCase } from '../../src/core/engine/model.js';
import { describeAgencies, validatePanel } from '../../src/core/engine/panelComposition.js';
import type { PanelRule } from '../../src/core/procedures/schema.js';
import { raised } from './given.js';

const rule = (change: Partial<PanelRule> = {}): PanelRule => ({
  id: 'panel',
  name: 'Panel',
  stage: 'stage-2',
  clause: 'c-panel',
  minMembers: { count: 2, clause: 'c-size', includesChair: true },
  requiredAgencies: [],
  membersMustBe: [],
  chair: { requirement: 'any-member', clause: 'c-chair' },
  exclusions: [],
  decisionBy: { rule: 'consensus', clause: 'c-decide' },
  documentPack: [{ item: 'minutes', clause: 'c-pack' }],
  packPreparedBy: 'officer',
  ...change,
});

const person = (personId: string, change: Partial<PanelMember> = {}): PanelMember => ({
  personId,
  name: personId,
  agency: 'health',
  partnershipAgency: true,
  senior: true,
  role: 'member',
  ...change,
});
const chairOf = (personId: string, change: Partial<PanelMember> = {}) => person(personId, { role: 'chair', ...change });

function state(): RaisedCase {
  const s = raised();
  return { ...s.open, actorsByStage: { 'stage-1': ['officer-1', 'chair-1'], 'stage-2': ['coordinator-1'] }, caseLineManagers: ['tm-1'] };
}

const check = (r: PanelRule, members: PanelMember[], samePanelAs?: PanelMember[]) =>
  validatePanel(r, members, state(), samePanelAs === undefined ? {} : { samePanelAs: { members: samePanelAs, clause: 'c-same' } });

describe('whether a panel may sit', () => {
  it('accepts a panel that meets every rule', () => {
    expect(check(rule(), [chairOf('a'), person('b')])).toEqual([]);
  });

  it('needs exactly one chair, and nobody listed twice', () => {
    expect(check(rule(), [person('a'), person('b')])).toEqual([{ message: 'The panel has no chair', clause: 'c-chair' }]);
    expect(check(rule(), [chairOf('a'), chairOf('b')])).toEqual([{ message: 'The panel has more than one chair', clause: 'c-chair' }]);
    expect(check(rule(), [chairOf('a'), person('b'), person('b')])).toEqual([
      { message: 'b is listed more than once', clause: 'c-panel', personId: 'b' },
    ]);
  });

  it('reports a missing chair, rather than failing, where the rule says who the chair must be', () => {
    for (const requirement of ['senior-partnership-manager', 'local-authority'] as const) {
      expect(check(rule({ chair: { requirement, clause: 'c-chair' } }), [person('a'), person('b')])).toEqual([
        { message: 'The panel has no chair', clause: 'c-chair' },
      ]);
    }
  });

  it('counts the chair towards the size only where the rule says so, and never a co-opted adviser', () => {
    const withAdvisers = rule({ coOptedAdvisers: { allowed: true, clause: 'c-advisers' } });
    expect(check(withAdvisers, [chairOf('a'), person('x', { role: 'co-opted-adviser' })])).toEqual([
      { message: 'The panel needs at least 2 members; it has 1', clause: 'c-size' },
    ]);
    const besideChair = rule({ minMembers: { count: 2, clause: 'c-size', includesChair: false } });
    expect(check(besideChair, [chairOf('a'), person('b')])).toEqual([
      { message: 'The panel needs a chair and at least 2 other members; it has 1', clause: 'c-size' },
    ]);
    expect(check(besideChair, [chairOf('a'), person('b'), person('c')])).toEqual([]);
  });

  it('needs members from the agencies the rule names, counting only voting members', () => {
    const police = rule({ requiredAgencies: [{ anyOf: ['police'], atLeast: 1, clause: 'c-police' }] });
    expect(check(police, [chairOf('a'), person('b')])).toEqual([
      { message: 'The panel needs a member from the police', clause: 'c-police' },
    ]);
    expect(check(police, [chairOf('a'), person('b', { agency: 'police' })])).toEqual([]);
    const two = rule({ requiredAgencies: [{ anyOf: ['police', 'education', 'health'], atLeast: 2, clause: 'c-two' }] });
    expect(check(two, [chairOf('a', { agency: 'other-partner' }), person('b', { agency: 'education' })])).toEqual([
      { message: 'The panel needs at least 2 members from the police, education or health services; it has 1', clause: 'c-two' },
    ]);
    expect(check(two, [chairOf('a', { agency: 'police' }), person('b', { agency: 'education' })])).toEqual([]);
  });

  it('needs members from enough different agencies where the panel is inter-agency', () => {
    const inter = rule({ distinctAgencies: { count: 2, clause: 'c-inter' } });
    expect(check(inter, [chairOf('a'), person('b')])).toEqual([
      { message: 'The panel must be inter-agency: members from at least 2 different agencies; it has 1', clause: 'c-inter' },
    ]);
    expect(check(inter, [chairOf('a'), person('b', { agency: 'police' })])).toEqual([]);
  });

  it('needs every voting member from a partnership agency, and senior, where the rule says so', () => {
    const strict = rule({
      membersMustBe: [
        { requirement: 'partnership-agency', clause: 'c-partner' },
        { requirement: 'senior', clause: 'c-senior' },
      ],
      coOptedAdvisers: { allowed: true, clause: 'c-advisers' },
    });
    expect(
      check(strict, [
        chairOf('a'),
        person('b', { partnershipAgency: false, senior: false }),
        person('x', { role: 'co-opted-adviser', senior: false, partnershipAgency: false }),
      ]),
    ).toEqual([
      { message: 'b is not from an agency of the partnership', clause: 'c-partner', personId: 'b' },
      { message: 'b is not a senior manager', clause: 'c-senior', personId: 'b' },
    ]);
  });

  it('holds the chair to the requirement the rule names', () => {
    const senior = rule({ chair: { requirement: 'senior-partnership-manager', clause: 'c-chair' } });
    const message = 'The chair, a, must be a senior manager from a partnership agency';
    expect(check(senior, [chairOf('a', { senior: false }), person('b')])).toEqual([{ message, clause: 'c-chair', personId: 'a' }]);
    expect(check(senior, [chairOf('a', { partnershipAgency: false }), person('b')])).toEqual([
      { message, clause: 'c-chair', personId: 'a' },
    ]);
    expect(check(senior, [chairOf('a'), person('b')])).toEqual([]);
    const la = rule({ chair: { requirement: 'local-authority', clause: 'c-chair' } });
    expect(check(la, [chairOf('a'), person('b')])).toEqual([
      { message: 'The chair, a, must come from the local authority', clause: 'c-chair', personId: 'a' },
    ]);
    expect(check(la, [chairOf('a', { agency: 'local-authority-childrens-services' }), person('b')])).toEqual([]);
  });

  it('refuses co-opted advisers unless the rule allows them', () => {
    const adviser = person('x', { role: 'co-opted-adviser' });
    expect(check(rule(), [chairOf('a'), person('b'), adviser])).toEqual([
      { message: 'This panel may not co-opt advisers', clause: 'c-panel' },
    ]);
    expect(check(rule({ coOptedAdvisers: { allowed: false, clause: 'c-advisers' } }), [chairOf('a'), person('b'), adviser])).toEqual([
      { message: 'This panel may not co-opt advisers', clause: 'c-advisers' },
    ]);
  });

  it('keeps off the panel anyone the rule excludes: line managers of the case, those involved earlier, the conference chair', () => {
    const independent = rule({
      exclusions: [
        { kind: 'line-management-present-or-previous', clause: 'c-line' },
        { kind: 'involved-at-earlier-stage', clause: 'c-earlier' },
        { kind: 'chaired-the-conference', clause: 'c-conference' },
      ],
    });
    expect(
      check(independent, [
        chairOf('tm-1'),
        person('b', { declaresLineManagement: true }),
        person('officer-1'),
        person('chair-1'),
        person('coordinator-1'),
      ]),
    ).toEqual([
      { message: 'tm-1 has present or previous direct line management responsibility for the case', clause: 'c-line', personId: 'tm-1' },
      { message: 'b has present or previous direct line management responsibility for the case', clause: 'c-line', personId: 'b' },
      { message: 'officer-1 was involved in the case at an earlier stage', clause: 'c-earlier', personId: 'officer-1' },
      { message: 'chair-1 was involved in the case at an earlier stage', clause: 'c-earlier', personId: 'chair-1' },
      { message: 'chair-1 chaired the conference being challenged', clause: 'c-conference', personId: 'chair-1' },
    ]);
    expect(check(independent, [chairOf('a', { declaresLineManagement: false }), person('b')])).toEqual([]);
  });

  it('needs the same people as before, in any order, where the panel must sit again', () => {
    const before = [chairOf('a'), person('b')];
    expect(check(rule(), [person('b'), chairOf('a')], before)).toEqual([]);
    expect(check(rule(), [chairOf('a'), person('c')], before)).toEqual([
      { message: 'The same panel as before must sit again', clause: 'c-same' },
    ]);
    expect(check(rule(), [chairOf('a'), person('b'), person('c')], before)).toEqual([
      { message: 'The same panel as before must sit again', clause: 'c-same' },
    ]);
    expect(check(rule(), [chairOf('a'), person('b')], [...before, person('c')])).toEqual([
      { message: 'The same panel as before must sit again', clause: 'c-same' },
    ]);
  });

  it('names agencies as a reader would', () => {
    expect(describeAgencies([])).toBe('');
    expect(describeAgencies(['police'])).toBe('the police');
    expect(describeAgencies(['police', 'health'])).toBe('the police or health services');
    expect(describeAgencies(['local-authority-childrens-services', 'education', 'other-partner'])).toBe(
      "the local authority's children's services, education or another partner agency",
    );
  });
});
