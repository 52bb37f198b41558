/**
 * `recordedBy` (ADR 0030) arrived without a schema version: an optional field that events stored
 * before it simply lack. Those still decode and replay unchanged; a step recorded for a colleague
 * keeps both people through the codec and the replay.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../src/core/engine/model.js';
import { camden } from '../../src/core/procedures/definitions/camden.js';
import { caseEventCodec } from '../../src/store/eventCodec.js';
import { actor, scenario } from '../support/scenario.js';

const chair = actor('conference-chair', 'chair-1');
const manager = actor('complaints-manager', 'cm-1');
const v1Rows = (
  JSON.parse(readFileSync(new URL('../fixtures/case-events-v1.json', import.meta.url), 'utf8')) as { rows: { payload: string }[] }
).rows;

/** A Camden case raised Thu 10 Dec 2026 on a conference chaired by chair-1. */
function raised() {
  const s = scenario(camden);
  s.raise({ conferenceAt: '2026-12-01T10:00', receivedAt: '2026-12-10T09:00', now: '2026-12-10T09:00', chairId: 'chair-1' });
  return s;
}

describe('recordedBy on stored events', () => {
  it('reads every event stored before it without one, and writes a step one takes oneself without one, as before', () => {
    const decoded = v1Rows.map((row, seq) => caseEventCodec.decode(row.payload, { caseId: 'old', seq: seq + 1 }));
    expect(decoded.filter((event) => 'recordedBy' in event)).toEqual([]);

    // The stream as the code before ADR 0030 wrote and read it: no event carries recordedBy.
    const s = raised();
    const result = s.decide(s.perform('stage1.complaint-shared', chair, '2026-12-10T10:00'));
    if (!result.ok) throw new Error(result.refusal.message);
    const events: readonly CaseEvent[] = result.events;
    expect(events.some((e) => e.recordedBy !== undefined)).toBe(false);
    expect(events.map((e, i) => caseEventCodec.decode(caseEventCodec.encode(e), { caseId: 'c', seq: i + 2 }))).toEqual(events);
  });

  it('keeps who took the step and who recorded it, through the codec, and asks the rules of the one who took it', () => {
    const s = raised();
    const forChair = {
      ...s.perform('stage1.complaint-shared', chair, '2026-12-10T10:00'),
      recordedBy: { id: manager.id, role: manager.role },
    };
    const decided = s.decide(forChair);
    expect(decided.ok).toBe(true);
    if (!decided.ok) return;
    for (const event of decided.events) {
      expect(event.by).toEqual({ id: 'chair-1', role: 'conference-chair' });
      expect(event.recordedBy).toEqual({ id: 'cm-1', role: 'complaints-manager' });
      expect(caseEventCodec.decode(caseEventCodec.encode(event), { caseId: 'c', seq: 2 })).toEqual(event);
    }
    // The recorder's role does not help: a chair who did not chair this conference is refused by name.
    const otherChair = { id: 'chair-2', role: 'conference-chair' as const, name: 'Sam Chair' };
    const refused = s.decide({ ...s.perform('stage1.complaint-shared', otherChair, '2026-12-10T10:00'), recordedBy: manager });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.refusal.message).toBe(
      'Only the chair of the conference being challenged may do this as Conference chair: Sam Chair did not chair it',
    );
  });
});
