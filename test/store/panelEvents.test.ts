/**
 * The events ADR 0026 adds read back as written, and the stored shapes before it still read:
 * no upcaster, because the schema only gains a fact type and optional fields of a decision.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../src/core/engine/model.js';
import { caseEventCodec } from '../../src/store/eventCodec.js';

const where = { caseId: 'case-1', seq: 5 };
const by = { id: 'kent.panel-member-police', role: 'panel-member' } as const;

describe('panel events in the store', () => {
  it('a declaration of independence, and a decision with learning points and recommendations, read back as written', () => {
    const declared: CaseEvent = {
      type: 'IndependenceDeclared',
      at: new Date('2026-12-10T12:10:00Z'),
      by,
      occurredAt: new Date('2026-12-10T12:00:00Z'),
      panel: 1,
      personId: by.id,
      independent: false,
      reason: 'Supervised the social worker in 2025',
    };
    const decided: CaseEvent = {
      type: 'ActionPerformed',
      at: new Date('2026-12-14T15:00:00Z'),
      by,
      action: 'stage4.decided',
      stage: 'stage-4',
      occurredAt: new Date('2026-12-14T15:00:00Z'),
      milestones: ['stage4.decided'],
      details: {
        kind: 'decision',
        options: ['decision-stands'],
        findings: { proceduresFollowed: true, decisionReasonable: true },
        reasons: 'Followed',
        learningPoints: ['One'],
        recommendations: [{ agency: 'police', text: 'Two' }],
      },
    };
    for (const event of [declared, decided]) expect(caseEventCodec.decode(caseEventCodec.encode(event), where)).toEqual(event);
  });

  it('a decision stored before learning points existed still reads, with neither', () => {
    const payload = JSON.stringify({
      schemaVersion: 3,
      event: {
        type: 'ActionPerformed',
        at: { $date: '2026-12-14T15:00:00.000Z' },
        by,
        action: 'stage4.decided',
        stage: 'stage-4',
        occurredAt: { $date: '2026-12-14T15:00:00.000Z' },
        milestones: ['stage4.decided'],
        details: { kind: 'decision', options: ['decision-stands'], findings: {}, reasons: 'Followed' },
      },
    });
    const event = caseEventCodec.decode(payload, where);
    expect(event.type === 'ActionPerformed' && event.details).toEqual({
      kind: 'decision',
      options: ['decision-stands'],
      findings: {},
      reasons: 'Followed',
    });
  });

  it('a declaration naming no panel (0) is refused loudly, naming the field', () => {
    const payload = JSON.stringify({
      schemaVersion: 3,
      event: {
        type: 'IndependenceDeclared',
        at: { $date: '2026-12-10T12:10:00.000Z' },
        by,
        occurredAt: { $date: '2026-12-10T12:10:00.000Z' },
        panel: 0,
        personId: 'p',
        independent: true,
      },
    });
    expect(() => caseEventCodec.decode(payload, where)).toThrow(/panel/);
  });
});
