import { describe, expect, it } from 'vitest';
import { CONFERENCE, RECEIVED, eventsOf, officer, raised, refusalOf, testshire } from './given.js';
import { london, type RaiseInput } from '../support/scenario.js';

const complaint: RaiseInput = { conferenceAt: CONFERENCE, receivedAt: RECEIVED };

describe('RaiseChallenge', () => {
  it('given nothing raised, when a parent complains about the decision, then the challenge is raised at the first stage of the track', () => {
    const s = testshire();
    const events = eventsOf(s.decide(s.raiseCommand({ ...complaint, summary: 'The plan is wrong' })));
    expect(events).toEqual([
      {
        type: 'ChallengeRaised',
        at: london(RECEIVED),
        by: { id: officer.id, role: officer.role },
        caseId: 'case-1',
        procedureId: 'testshire',
        procedureVersion: 1,
        track: 'family',
        stage: 'stage-1',
        conference: { id: 'conf-1', type: 'initial', heldAt: london(CONFERENCE), chairId: 'chair-1' },
        complainant: { kind: 'parent' },
        aspects: ['decision'],
        receivedAt: london(RECEIVED),
        flags: [],
        caseLineManagers: [],
        raisedMilestone: 'complaint.received',
        summary: 'The plan is wrong',
      },
    ]);
  });

  it('given a child with sufficient understanding, then the case is flagged as a child complainant once', () => {
    const s = testshire();
    const [event] = eventsOf(
      s.decide(
        s.raiseCommand({ ...complaint, complainant: { kind: 'child', sufficientUnderstanding: true }, flags: ['child-complainant'] }),
      ),
    );
    expect(event).toMatchObject({ type: 'ChallengeRaised', flags: ['child-complainant'] });
    const [other] = eventsOf(s.decide(s.raiseCommand({ ...complaint, complainant: { kind: 'child', sufficientUnderstanding: true } })));
    expect(other).toMatchObject({ flags: ['child-complainant'] });
  });

  it("given a track that asks nothing of a child's understanding, then a child may raise a challenge without that judgment", () => {
    const s = testshire((p) => {
      for (const track of p.tracks) delete track.childNeedsSufficientUnderstanding;
    });
    expect(s.decide(s.raiseCommand({ ...complaint, complainant: { kind: 'child' } })).ok).toBe(true);
  });

  it('given legal proceedings, then the limitation applies and waits for a decision', () => {
    const s = testshire();
    const events = eventsOf(s.decide(s.raiseCommand({ ...complaint, flags: ['legal-proceedings', 'legal-proceedings'] })));
    expect(events.map((e) => e.type)).toEqual(['ChallengeRaised', 'LimitationApplies']);
    expect(events[0]).toMatchObject({ flags: ['legal-proceedings'] });
    expect(events[1]).toMatchObject({ flag: 'legal-proceedings', clause: 'testshire 20' });
  });

  it('keeps the local area, advocate (with consent) and line managers it is given', () => {
    const s = testshire((p) => {
      p.localAreas = [{ id: 'north', name: 'North', clause: 'testshire 1' }];
    });
    const advocate = { name: 'A. Advocate', consentRecordedAt: london(RECEIVED) };
    const [event] = eventsOf(s.decide(s.raiseCommand({ ...complaint, localArea: 'north', advocate, caseLineManagers: ['sw-1'] })));
    expect(event).toMatchObject({ localArea: 'north', advocate, caseLineManagers: ['sw-1'] });
  });

  it('given a challenge already raised, when it is raised again, then it is refused as already raised', () => {
    const s = raised();
    expect(refusalOf(s.tryRaise(complaint))).toMatchObject({ code: 'already-raised' });
  });

  it("given a complaint about an agency's own service, then it is redirected to that agency, citing the clause", () => {
    const s = testshire();
    expect(refusalOf(s.tryRaise({ ...complaint, subject: 'agency' }))).toEqual({
      code: 'redirected',
      message: "A complaint about an agency's own service goes to the agency's own complaints team",
      clause: 'testshire 19',
    });
    const none = testshire((p) => {
      p.redirections = [];
    });
    expect(refusalOf(none.tryRaise({ ...complaint, subject: 'agency' }))).toEqual({
      code: 'redirected',
      message: "A complaint about an agency's own service goes to that agency's complaints process",
    });
  });

  it('refuses a track the procedure does not have as not eligible', () => {
    const s = testshire();
    expect(refusalOf(s.tryRaise({ ...complaint, track: 'professional-dissent' }))).toEqual({
      code: 'not-eligible',
      message: "This procedure has no process for professionals' dissent",
    });
  });

  it.each([
    [
      'a carer, whom the track does not name',
      { complainant: { kind: 'carer' } },
      'A carer may not raise a challenge under this process',
      'testshire 1',
    ],
    [
      'a child not judged to have sufficient understanding',
      { complainant: { kind: 'child' } },
      'A child may challenge only where judged to have sufficient understanding',
      'testshire 6',
    ],
    ['no aspect', { aspects: [] }, 'Say what the challenge is about', 'testshire 1'],
    [
      'an aspect the track does not cover',
      { aspects: ['category'] },
      'This process does not cover challenges about the category',
      'testshire 1',
    ],
    [
      'a conference type the track does not cover',
      { conferenceType: 'review' },
      'This process does not cover review child protection conferences',
      'testshire 1',
    ],
    [
      'an advocate without recorded consent',
      { advocate: { name: 'A. Advocate' } },
      "Record the complainant's consent to the advocate's inclusion and information sharing",
      'testshire 6',
    ],
    ['a date received in the future', { now: '2027-03-03T09:59' }, 'The date received cannot be in the future', undefined],
    [
      'a date received before the conference',
      { receivedAt: '2027-03-02T09:59', now: RECEIVED },
      'The challenge cannot be received before the conference was held',
      undefined,
    ],
  ] as const)('refuses %s as not eligible, citing the clause', (_, change, message, clause) => {
    const s = testshire();
    const refusal = refusalOf(s.tryRaise({ ...complaint, ...change }));
    expect(refusal).toEqual({
      code: 'not-eligible',
      message,
      ...(clause === undefined ? {} : { clause }),
      problems: [{ message, ...(clause === undefined ? {} : { clause }) }],
    });
  });

  it('accepts a challenge received at the very moment of the conference or of recording it', () => {
    expect(testshire().tryRaise({ conferenceAt: CONFERENCE, receivedAt: CONFERENCE })).toEqual({ ok: true });
  });

  it('refuses a local area missing where the procedure has local areas, naming them, and lists every problem', () => {
    const s = testshire((p) => {
      p.localAreas = [
        { id: 'north', name: 'North', clause: 'testshire 7' },
        { id: 'south', name: 'South', clause: 'testshire 8' },
      ];
    });
    const refusal = refusalOf(s.tryRaise({ ...complaint, aspects: [] }));
    expect(refusal).toMatchObject({ code: 'not-eligible', message: 'Say what the challenge is about' });
    expect(refusal).toHaveProperty('problems', [
      { message: 'Say what the challenge is about', clause: 'testshire 1' },
      { message: 'Say which local area the case is in: North or South', clause: 'testshire 7' },
    ]);
    expect(refusalOf(s.tryRaise({ ...complaint, localArea: 'east' }))).toMatchObject({
      message: 'Say which local area the case is in: North or South',
    });
    expect(s.tryRaise({ ...complaint, localArea: 'south' })).toEqual({ ok: true });
  });
});
