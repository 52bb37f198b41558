/**
 * A letter sent once for each occasion (ADR 0034): Kingston and Richmond's appeal panel writes with
 * its decision within 5 working days of each sitting ("Stage Three" ¶9), and a panel short of
 * information sits again on a date it sets (¶7). Dates worked by hand: the panel sits Wed 3 Mar
 * 2027 (letter due Wed 10 Mar) and again Wed 24 Mar 2027, when Good Friday (26 Mar) and Easter
 * Monday (29 Mar) fall within the 5 working days: due Fri 2 Apr 2027.
 */
import { describe, expect, it } from 'vitest';
import { isoDate } from '../../src/core/calendar/index.js';
import type { ActionDetails, CaseEvent, LetterRecord } from '../../src/core/engine/model.js';
import { atStage3, minuteTaker, panelChair, panelLetter, panelSat, partnership } from '../support/kingstonRichmondCase.js';
import { engineProcedure } from '../support/engineProcedure.js';
import { actor, london, scenario } from '../support/scenario.js';

const insufficient: ActionDetails = {
  kind: 'decision',
  options: ['insufficient-information'],
  findings: { proceduresFollowed: true },
  reasons: 'Police report missing',
  votes: { for: 3, against: 0 },
  furtherPanelDate: isoDate('2027-03-24'),
};
const firstLetter: ActionDetails = { ...panelLetter, content: { ...panelLetter.content, 'further-panel-date': 'Wed 24 Mar 2027' } };
const reconvene: ActionDetails = {
  kind: 'decision',
  options: ['procedures-not-followed', 'reconvene'],
  findings: { proceduresFollowed: false },
  reasons: 'Category not discussed',
  votes: { for: 2, against: 1 },
};

/** The panel has sat once, decided it lacks information, and written: the letter for that sitting has gone. */
function firstLetterSent() {
  const s = atStage3();
  panelSat(s);
  s.act('stage3.decided', panelChair, '2027-03-03T15:00', insufficient);
  s.act('stage3.letter-sent', panelChair, '2027-03-05T10:00', firstLetter);
  return s;
}

const panelLettersOf = (letters: readonly LetterRecord[]) => letters.filter((l) => l.action === 'stage3.letter-sent');
const dueLetters = (s: ReturnType<typeof atStage3>, at: string) => s.engine.lettersDue(s.state, london(at)).map((l) => l.letter.id);

describe('a letter sent once for each occasion', () => {
  it('kingston-richmond "Stage Three" ¶9: once sent for a decision, the panel letter is not due again and a second send is refused', () => {
    const s = firstLetterSent();
    expect(dueLetters(s, '2027-03-05T10:01')).toEqual([]);
    expect(s.tryAct('stage3.letter-sent', panelChair, '2027-03-05T11:00', firstLetter)).toEqual({
      ok: false,
      refusal: {
        code: 'not-available',
        message:
          'This has already been done for the latest "Record the panel\'s decision (by majority)" (Wed 3 Mar 2027): it is due again only when that is recorded again',
        clause: 'kingston-richmond "Stage Three" ¶9',
      },
    });
    expect(panelLettersOf(s.open.letters)).toHaveLength(1);
    expect(s.deadline('panel-decision-sent', '2027-03-05T11:00')).toMatchObject({ status: 'met', due: { dueDate: '2027-03-10' } });
  });

  it('kingston-richmond "Stage Three" ¶7: one decision for each sitting', () => {
    const s = firstLetterSent();
    expect(s.tryAct('stage3.decided', panelChair, '2027-03-05T12:00', reconvene)).toMatchObject({
      ok: false,
      refusal: { code: 'not-available', clause: 'kingston-richmond "Stage Three" ¶7' },
    });
  });

  it('kingston-richmond "Stage Three" ¶7 and ¶9: a further sitting is a new occasion: its decision, then its letter, due 5 working days after it', () => {
    const s = firstLetterSent();
    s.act('stage3.meeting-held', partnership, '2027-03-24T10:00', { kind: 'meeting', minuteTaker });
    // The clock runs from the new sitting; the first sitting's letter does not meet it.
    expect(s.deadline('panel-decision-sent', '2027-03-24T10:00')).toMatchObject({ status: 'open', due: { dueDate: '2027-04-02' } });
    expect(s.deadline('panel-decision-sent', '2027-04-03T10:00').status).toBe('missed');
    // Not before the sitting's own decision: the letter would report the last sitting's.
    expect(dueLetters(s, '2027-03-24T10:00')).toEqual([]);
    s.act('stage3.decided', panelChair, '2027-03-24T15:00', reconvene);
    const [due] = s.engine.lettersDue(s.state, london('2027-03-24T15:00'));
    expect(due?.letter.id).toBe('panel-decision');
    expect(due?.deadline?.due.dueDate).toBe('2027-04-02');
    s.act('stage3.letter-sent', panelChair, '2027-03-26T10:00', panelLetter);
    expect(dueLetters(s, '2027-03-26T10:01')).toEqual([]);
    expect(s.deadline('panel-decision-sent', '2027-03-26T10:01')).toMatchObject({ status: 'met', metAt: london('2027-03-26T10:00') });
    expect(s.tryAct('stage3.letter-sent', panelChair, '2027-03-26T11:00', panelLetter)).toMatchObject({ ok: false });
  });

  it('a stream stored with a second send for one decision (before ADR 0034) still replays, both letters standing', () => {
    const s = firstLetterSent();
    const sent = s.events.at(-1);
    if (sent?.type !== 'ActionPerformed') throw new Error('expected the letter');
    const again: CaseEvent = { ...sent, at: london('2027-03-08T10:00'), occurredAt: london('2027-03-08T10:00') };
    const replayed = s.engine.replay([...s.events, again]);
    if (!replayed.ok || replayed.state.status === 'not-raised') throw new Error(JSON.stringify(replayed));
    expect(panelLettersOf(replayed.state.letters).map((l) => l.sentAt)).toEqual([london('2027-03-05T10:00'), london('2027-03-08T10:00')]);
  });

  it('kingston-richmond "Stage Three" ¶9: before any decision the letter waits for one; it is not refused as already answered', () => {
    const s = atStage3();
    panelSat(s);
    expect(s.tryAct('stage3.letter-sent', panelChair, '2027-03-03T12:00', panelLetter)).toEqual({
      ok: false,
      refusal: {
        code: 'not-available',
        message: "This needs first: Record the panel's decision (by majority)",
        clause: 'kingston-richmond "Stage Three" ¶9',
      },
    });
  });

  it('what the panel chair may do now shows the letter already sent for the latest decision, with why', () => {
    const s = firstLetterSent();
    const letter = s.engine.availableActions(s.state, panelChair).find((a) => a.action.id === 'stage3.letter-sent');
    expect(letter).toMatchObject({
      allowed: false,
      code: 'not-available',
      clause: 'kingston-richmond "Stage Three" ¶9',
      reason:
        'This has already been done for the latest "Record the panel\'s decision (by majority)" (Wed 3 Mar 2027): it is due again only when that is recorded again',
    });
  });

  it('an action done once for each occasion, done before its occasion has happened, is refused again without a date', () => {
    const definition = engineProcedure();
    const reminded = definition.actions.find((a) => a.id === 'stage1.reminded');
    if (reminded === undefined) throw new Error('no stage1.reminded');
    reminded.occasion = { milestone: 'stage1.meeting', clause: 'testshire 13' };
    const s = scenario(definition);
    s.raise({ conferenceAt: '2027-03-02T10:00', receivedAt: '2027-03-03T10:00' });
    const officer = actor('complaints-manager', 'officer-1');
    s.act('stage1.reminded', officer, '2027-03-03T11:00');
    expect(s.tryAct('stage1.reminded', officer, '2027-03-03T12:00')).toEqual({
      ok: false,
      refusal: {
        code: 'not-available',
        message: 'This has already been done for the latest "Meet the complainant": it is due again only when that is recorded again',
        clause: 'testshire 13',
      },
    });
  });
});
