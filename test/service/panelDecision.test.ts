/**
 * The decision the panel page offers is the panel's own: the first decision of the panel's stage
 * that follows from convening it. Cambridgeshire and Peterborough's Stage Three offers the Assistant
 * Director's review beside the Review Panel ("Stage Three" ¶1); the panel page offered the Assistant
 * Director's decision, which the Review Panel's lead could never take.
 */
import { describe, expect, it } from 'vitest';
import { procedures } from '../../src/core/procedures/registry.js';
import { panelDecisionOf } from '../../src/service/cases.js';

describe('panelDecisionOf', () => {
  it('cambridgeshire-peterborough "Stage Three" ¶1: the Review Panel’s decision, not the Assistant Director’s', () => {
    const procedure = procedures().get('cambridgeshire-peterborough');
    const panel = procedure?.actions.find((a) => a.id === 'stage3.panel-convened');
    if (procedure === undefined || panel === undefined) throw new Error('no cambridgeshire-peterborough Review Panel');
    const stage = procedure.actions.filter((a) => a.stage === panel.stage);
    expect(panelDecisionOf(stage, panel)?.id).toBe('stage3.panel-decided');
  });

  it('for every panel of every procedure, a decision that follows from convening it', () => {
    const found = [...procedures().values()].flatMap((procedure) =>
      procedure.actions
        .filter((a) => a.kind === 'panel')
        .map(
          (panel) =>
            `${procedure.id} ${panel.id} -> ${
              panelDecisionOf(
                procedure.actions.filter((a) => a.stage === panel.stage),
                panel,
              )?.id ?? 'none'
            }`,
        ),
    );
    expect(found).toEqual([
      'camden stage2.panel-convened -> stage2.decided',
      'camden re-review.panel-reconvened -> re-review.decided',
      'cambridgeshire-peterborough stage3.panel-convened -> stage3.panel-decided',
      'kent stage4.panel-convened -> stage4.decided',
      'kingston-richmond stage3.panel-convened -> stage3.decided',
      'pan-sussex stage3.panel-convened -> stage3.decided',
      'pan-sussex re-review.panel-reconvened -> re-review.decided',
    ]);
  });
});
