/**
 * The case page's timeline names each fact in words, never by the event's type: a panel member's
 * declaration of independence (ADR 0026) included, declared or declined.
 */
import { expect, it } from 'vitest';
import { procedureById } from '../../src/core/procedures/registry.js';
import { factLabel, type TimelineItem } from '../../src/web/pages/caseView.js';

const sussex = procedureById('pan-sussex');

it('names a declaration of independence, and a refusal to make one, in words', () => {
  if (sussex === undefined) throw new Error('no pan-sussex procedure');
  const declaration = (independent: boolean) =>
    ({ type: 'IndependenceDeclared', panel: 1, personId: 'pan-sussex.panel-member', independent }) as unknown as TimelineItem;
  expect(factLabel(sussex, declaration(true))).toBe('A panel member declared their independence from the case');
  expect(factLabel(sussex, declaration(false))).toBe('A panel member declined to declare independence');
});
