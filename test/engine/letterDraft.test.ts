/**
 * A letter's draft as staff see it and the complainant reads it, composed from a Testshire case
 * (src/core/letters/draft.ts): who it is to, its subject, each section's words, which sections
 * must be written before it can be sent, the date by which to take the challenge further, copies.
 * Dates are worked out by hand from the Testshire timetable (test/engine/given.ts).
 */
import { describe, expect, it } from 'vitest';
import { isoDate } from '../../src/core/calendar/index.js';
import { composeDraft, printable, type DraftTemplate, type Letterhead } from '../../src/core/letters/draft.js';
import { london } from '../support/scenario.js';
import {
  CONFERENCE,
  RECEIVED,
  chair,
  complainant,
  decision,
  letterSent,
  manager,
  meetingDetails,
  member,
  panel,
  panelChair,
  panelConvened,
  raised,
  testshire,
  type Testshire,
  type Tweak,
} from './given.js';

/** The draft of a letter due on the case at `now`, as if sent then by email. */
function draftOf(
  s: Testshire,
  letterId: string,
  now: string,
  extra: { conferenceReference?: string; groupMembers?: Record<string, string[]> } = {},
) {
  const due = s.engine.lettersDue(s.state, london(now)).find((l) => l.letter.id === letterId);
  if (due === undefined) throw new Error(`${letterId} is not due`);
  const ifSent = s.engine.letterIfSent(s.state, due.action.id, london(now), 'email', { id: chair.id, role: chair.role }) ?? { late: false };
  return composeDraft({
    procedure: s.procedure,
    state: s.open,
    due,
    ifSent,
    stageName: (id) => s.engine.stageName(id),
    groupMembers: extra.groupMembers ?? {},
    ...(extra.conferenceReference === undefined ? {} : { conferenceReference: extra.conferenceReference }),
  });
}

const section = (draft: DraftTemplate, key: string) => {
  const found = draft.sections.find((s) => s.key === key);
  if (found === undefined) throw new Error(`no section ${key}`);
  return found;
};

/** The Stage 1 letter asks for the meeting's notes and the points of complaint too. */
const fullStage1: Tweak = (p) => {
  const letter = p.letters.find((l) => l.id === 'stage1-response');
  if (letter === undefined) throw new Error('no stage1-response');
  letter.requiredContent = [
    { item: 'meeting-notes', clause: 'testshire 2' },
    { item: 'points-of-complaint', clause: 'testshire 2' },
    ...letter.requiredContent,
    { item: 'how-to-take-further', clause: 'testshire 9' },
  ];
};

describe('the Stage 1 letter drafted from the case', () => {
  it('given the meeting held on Fri 5 Mar, then the draft states the conference, the meeting, the complaint, the next stage and the date to ask by', () => {
    const s = raised(fullStage1);
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    const draft = draftOf(s, 'stage1-response', '2027-03-08T10:00', { conferenceReference: 'CP-123' });
    expect(draft).toMatchObject({
      letterId: 'stage1-response',
      actionId: 'stage1.letter',
      title: 'Stage 1 response',
      subject: 'Your challenge to the conference held on 2 March 2027',
      addressee: 'The complainant',
    });
    expect(draft.sections.map((s) => [s.key, s.text, s.required])).toEqual([
      [
        'opening',
        "I am writing about your challenge to the initial child protection conference held on 2 March 2027 (reference CP-123). The conference's decision stands while your challenge is being considered.",
        false,
      ],
      ['meeting-notes', 'We met on 5 March 2027 to talk about your concerns. A copy of the notes of that meeting is enclosed.', true],
      ['points-of-complaint', "You told us that you were unhappy with the conference's decision.", true],
      ['outcome-of-meeting', '', true],
      [
        'right-to-escalate',
        'If you are not satisfied with this response, you have the right to ask for your challenge to go on to Stage 2.',
        true,
      ],
      ['delay-explanation', '', false],
      [
        'how-to-take-further',
        'To take your concerns further, please write to us, saying which of your concerns remain and why. Someone such as a friend or an advocate may help you, and may come with you to any meeting.',
        true,
      ],
      ['closing', `Yours sincerely\n\n\n${draft.from}`, false],
    ]);
    // Sent by email on Mon 8 Mar, received that day: 10 working days, Mon 22 Mar 2027.
    expect(section(draft, 'right-to-escalate').stated).toBe('Your request must reach us by 22 March 2027.');
    expect(section(draft, 'right-to-escalate')).toMatchObject({ heading: 'Taking your challenge further', clause: 'testshire 9' });
    expect(section(draft, 'meeting-notes')).toMatchObject({ heading: 'Our meeting', label: 'The notes of the meeting' });
    // A copy to someone the service knows no names for is listed by title alone.
    expect(draft.copies).toEqual([{ to: 'officer', title: 'Complaints officer', names: [], clause: 'testshire 2' }]);
  });

  it('lists every aspect complained of in words, and gives no reference where the conference has none', () => {
    const s = testshire((p) => {
      fullStage1(p);
      p.tracks[0]?.aspects.push({ aspect: 'category', clause: 'testshire 1' });
    });
    s.raise({ conferenceAt: CONFERENCE, receivedAt: RECEIVED, aspects: ['process', 'category', 'decision'] });
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    const draft = draftOf(s, 'stage1-response', '2027-03-08T10:00');
    expect(section(draft, 'points-of-complaint').text).toBe(
      "You told us that you were unhappy with the way the conference was run, the category of harm recorded and the conference's decision.",
    );
    expect(section(draft, 'opening').text).toMatch(/held on 2 March 2027\. The conference's/);
  });

  it('given the letter written after its time limit, then the explanation of the delay must be written before it is sent', () => {
    const s = raised(fullStage1);
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    // Met Fri 5 Mar: 5 working days, the letter was due by Fri 12 Mar 2027.
    expect(section(draftOf(s, 'stage1-response', '2027-03-12T16:00'), 'delay-explanation').required).toBe(false);
    expect(section(draftOf(s, 'stage1-response', '2027-03-15T09:00'), 'delay-explanation').required).toBe(true);
  });
});

/** Testshire with a Stage 2 letter telling the complainant what the panel decided, and signposting onwards. */
const withDecisionLetter: Tweak = (p) => {
  p.letters.push({
    id: 'stage2-decision',
    title: 'Panel decision',
    stage: 'stage-2',
    clause: 'testshire 11',
    from: 'panel-chair',
    to: ['complainant'],
    requiredContent: [
      { item: 'panel-membership', clause: 'testshire 11' },
      { item: 'decision', clause: 'testshire 11' },
      { item: 'reasons', clause: 'testshire 11' },
      { item: 'further-panel-date', clause: 'testshire 13' },
      { item: 'original-decision-not-expunged', clause: 'testshire 11' },
      { item: 'ombudsman-and-judicial-review', clause: 'testshire 19' },
    ],
    copies: [{ to: 'officer', clause: 'testshire 11' }],
  });
  p.actions.push({
    id: 'stage2.decision-letter',
    label: 'Write with the decision',
    stage: 'stage-2',
    kind: 'letter',
    by: ['panel-chair'],
    clause: 'testshire 11',
    letter: 'stage2-decision',
    requires: ['stage2.decided'],
  });
  p.signposting = [
    { to: 'ombudsman', clause: 'testshire 19' },
    { to: 'judicial-review', clause: 'testshire 19' },
  ];
};

describe('the panel’s decision letter drafted from the case', () => {
  const decided = () => {
    const s = panelConvened(withDecisionLetter);
    s.act(
      'stage2.decided',
      panelChair,
      '2027-03-15T10:00',
      decision(['apology'], { findings: { proceduresFollowed: false }, furtherPanelDate: isoDate('2027-04-20') }),
    );
    return s;
  };

  it('names the panel, states its decision, findings and reasons, when it meets again, and where to go next', () => {
    const draft = draftOf(decided(), 'stage2-decision', '2027-03-16T10:00', { groupMembers: { officer: ['Alex Officer'] } });
    expect(draft.sections.map((s) => [s.key, s.text])).toEqual([
      ['opening', 'I am writing about your challenge to the initial child protection conference held on 2 March 2027.'],
      ['panel-membership', 'The panel that considered your challenge was made up of:\npanel-1, chair (Health)\npanel-2, member (Health)'],
      ['decision', 'The panel decided to apologise. It found that the procedures were not followed.'],
      ['reasons', 'The panel reached its decision by a majority.\n\nIts reasons were:\nConsidered the minutes and the letter'],
      ['further-panel-date', 'The panel will meet again on 20 April 2027.'],
      [
        'original-decision-not-expunged',
        "Although the panel has recommended a review conference, the original conference's decision stays on the child's record: it cannot be removed from it.",
      ],
      [
        'ombudsman-and-judicial-review',
        'If you are still unhappy once this procedure is finished, you can ask the Local Government and Social Care Ombudsman to look into how your challenge was handled. The Ombudsman is independent and free to use: see www.lgo.org.uk or call 0300 061 0614.\n\nYou may also wish to take independent legal advice about asking the High Court to review the decision (judicial review). Strict time limits apply, so please seek advice promptly.',
      ],
      ['closing', `Yours sincerely\n\n\n${draft.from}`],
    ]);
    expect(draft.copies).toEqual([{ to: 'officer', title: 'Complaints officer', names: ['Alex Officer'], clause: 'testshire 11' }]);
  });

  it('prints the letter on its letterhead: dated, empty sections left out, copies with the names they stand for', () => {
    const draft = draftOf(decided(), 'stage2-decision', '2027-03-16T10:00', { groupMembers: { officer: ['Alex Officer', 'Sam Officer'] } });
    const letterhead: Letterhead = {
      name: 'Testshire',
      addressLines: ['1 High Street'],
      postcode: 'TE1 1ST',
      phone: '01234',
      email: 'a@b.test',
      website: 'b.test',
    };
    const sections = draft.sections.map((s) => ({
      key: s.key,
      text: s.key === 'reasons' ? '' : s.text,
      ...(s.heading === undefined ? {} : { heading: s.heading }),
      ...(s.stated === undefined ? {} : { stated: s.stated }),
    }));
    const letter = printable(letterhead, isoDate('2027-03-16'), {
      addressee: 'The complainant\r\n\r\n1 Any Road',
      subject: draft.subject,
      sections,
      copies: draft.copies,
    });
    expect(letter.date).toBe('16 March 2027');
    // Without a case reference (a case raised before references), none is printed.
    expect(letter).not.toHaveProperty('reference');
    expect(letter.addressee).toEqual(['The complainant', '1 Any Road']);
    expect(letter.blocks.map((b) => b.heading)).toEqual([
      undefined,
      'The panel',
      'The decision',
      'When the panel meets again',
      'The original decision',
      'If you remain unhappy',
      undefined,
    ]);
    expect(letter.blocks[1]?.paragraphs).toEqual([
      ['The panel that considered your challenge was made up of:', 'panel-1, chair (Health)', 'panel-2, member (Health)'],
    ]);
    expect(letter.copies).toEqual(['Complaints officer: Alex Officer, Sam Officer']);
  });
});

describe('what staff see beside each section of a letter', () => {
  it('gives each section its heading in the letter, and a label and hint for whoever writes it', () => {
    const s = raised(fullStage1);
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    const draft = draftOf(s, 'stage1-response', '2027-03-08T10:00');
    expect(draft.sections.map((x) => [x.key, x.heading, x.label, x.hint])).toEqual([
      ['opening', undefined, 'Opening', 'Why you are writing.'],
      ['meeting-notes', 'Our meeting', 'The notes of the meeting', 'When you met and what was discussed; say that the notes are enclosed.'],
      ['points-of-complaint', 'What you told us', 'The points of complaint', 'The points of the challenge, in the complainant’s terms.'],
      ['outcome-of-meeting', 'The outcome', 'The outcome of the meeting', 'What was decided at the meeting and what happens next.'],
      [
        'right-to-escalate',
        'Taking your challenge further',
        'The right to take the challenge further and the date by which',
        'The right to go on to the next stage.',
      ],
      [
        'delay-explanation',
        'Why this letter is late',
        expect.any(String),
        'Why this letter is later than the time limit, with an apology.',
      ],
      [
        'how-to-take-further',
        'How to take your concerns further',
        'How to take the concerns further',
        'Who to write to and what to include.',
      ],
      ['closing', undefined, 'Closing', 'The sign-off, with your name and role.'],
    ]);
  });

  it('gives the panel letter’s sections theirs', () => {
    const s = panelConvened(withDecisionLetter);
    s.act('stage2.decided', panelChair, '2027-03-15T10:00', decision(['apology'], { findings: { proceduresFollowed: false } }));
    expect(draftOf(s, 'stage2-decision', '2027-03-16T10:00').sections.map((x) => [x.heading, x.hint])).toEqual([
      [undefined, 'Why you are writing.'],
      ['The panel', 'Who sat on the panel, with their roles and agencies.'],
      ['The decision', 'What was decided.'],
      ['How the decision was reached', 'How the decision was reached and why.'],
      ['When the panel meets again', 'The date of the further panel and the timescale.'],
      ['The original decision', 'That the original conference decision stays on record and cannot be removed.'],
      ['If you remain unhappy', 'The Ombudsman, and legal advice or judicial review.'],
      [undefined, 'The sign-off, with your name and role.'],
    ]);
  });
});

describe('the words a letter takes from what the case records', () => {
  it('tells the complainant whom to write to where staff of the partnership receive the request', () => {
    const s = raised((p) => {
      fullStage1(p);
      const request = p.actions.find((a) => a.id === 'stage1.escalation-requested');
      if (request === undefined) throw new Error('no stage1.escalation-requested');
      request.by = ['complainant', 'officer', 'deputy'];
    });
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    expect(draftOf(s, 'stage1-response', '2027-03-08T10:00').sections.find((x) => x.key === 'how-to-take-further')?.text).toMatch(
      /^To take your concerns further, please write to the Complaints officer and Deputy chair, saying/,
    );
  });

  it('names the panel’s members by role and agency, and its findings and way of deciding as the panel recorded them', () => {
    const s = letterSent((p) => {
      withDecisionLetter(p);
      const outcome = p.outcomes[0];
      const rule = p.panels[0];
      if (outcome === undefined || rule === undefined) throw new Error('no outcome or panel');
      outcome.findings = ['procedures-followed', 'decision-reasonable'];
      rule.decisionBy = { rule: 'consensus', clause: 'testshire 11' };
      rule.coOptedAdvisers = { allowed: true, clause: 'testshire 10' };
      p.signposting = [{ to: 'legal-advice', clause: 'testshire 19' }];
    });
    s.act('stage1.escalation-requested', complainant, '2027-03-10T10:00', { kind: 'request' });
    const members = [
      { ...member('p-1', 'chair'), name: 'Ann', agency: 'police' as const },
      { ...member('p-2'), name: 'Bea', agency: 'education' as const },
      { ...member('p-3'), name: 'Cy', agency: 'local-authority-childrens-services' as const },
      { ...member('p-4'), name: 'Di', agency: 'other-partner' as const },
      { ...member('p-5', 'co-opted-adviser'), name: 'Ed' },
    ];
    s.act('stage2.panel-convened', manager, '2027-03-11T10:00', { kind: 'panel', members });
    const panelChairOf = { id: 'p-1', role: panelChair.role };
    s.act(
      'stage2.decided',
      panelChairOf,
      '2027-03-15T10:00',
      decision(['apology'], { findings: { proceduresFollowed: true, decisionReasonable: false }, reasons: '  Read the minutes.  ' }),
    );
    const text = (key: string) => draftOf(s, 'stage2-decision', '2027-03-16T10:00').sections.find((x) => x.key === key)?.text;
    expect(text('panel-membership')).toBe(
      "The panel that considered your challenge was made up of:\nAnn, chair (Police)\nBea, member (Education)\nCy, member (Children's services)\nDi, member (Partner agency)\nEd, adviser (Health)",
    );
    expect(text('decision')).toBe(
      "The panel decided to apologise. It found that the procedures were followed. It found that the conference's decision was not reasonable on the information it had.",
    );
    expect(text('reasons')).toBe('The panel reached its decision together, by agreement.\n\nIts reasons were:\nRead the minutes.');
    expect(text('further-panel-date')).toBe('');
    expect(text('ombudsman-and-judicial-review')).toBe('You may also wish to take independent legal advice.');
  });

  it("finds the conference's decision reasonable where the panel did", () => {
    const s = letterSent((p) => {
      withDecisionLetter(p);
      const outcome = p.outcomes[0];
      if (outcome === undefined) throw new Error('no outcome');
      outcome.findings = ['procedures-followed', 'decision-reasonable'];
      p.signposting = [{ to: 'ombudsman', clause: 'testshire 19' }];
    });
    s.act('stage1.escalation-requested', complainant, '2027-03-10T10:00', { kind: 'request' });
    s.act('stage2.panel-convened', manager, '2027-03-11T10:00', { kind: 'panel', members: panel });
    s.act(
      'stage2.decided',
      panelChair,
      '2027-03-15T10:00',
      decision(['apology'], { findings: { proceduresFollowed: false, decisionReasonable: true } }),
    );
    const draft = draftOf(s, 'stage2-decision', '2027-03-16T10:00');
    expect(section(draft, 'decision').text).toMatch(/It found that the conference's decision was reasonable on the information it had\.$/);
    expect(section(draft, 'ombudsman-and-judicial-review').text).toMatch(/^If you are still unhappy .* 0300 061 0614\.$/);
  });
});

describe('a letter as printed', () => {
  const letterhead: Letterhead = {
    name: 'Testshire',
    addressLines: [],
    postcode: 'TE1 1ST',
    phone: '01234',
    email: 'a@b.test',
    website: 'b.test',
  };

  it('keeps the date by which to ask as its own paragraph, splits paragraphs at blank lines, and lists a copy to nobody in particular by title', () => {
    const letter = printable(
      letterhead,
      isoDate('2027-03-16'),
      {
        addressee: 'The complainant\n   \nFlat 2',
        subject: 'Your challenge',
        sections: [
          {
            key: 'right-to-escalate',
            heading: 'Taking your challenge further',
            text: 'You may ask.  \r\n\r\nWrite to us.\n \nOr call.',
            stated: 'By 22 March 2027.',
          },
          { key: 'closing', text: 'Yours sincerely\n\n\nA Chair' },
          { key: 'delay-explanation', heading: 'Why this letter is late', text: ' \n ' },
        ],
        copies: [{ to: 'officer', title: 'Complaints officer', names: [], clause: 'testshire 2' }],
      },
      'TESTSHIRE-2027-0001',
    );
    expect(letter.reference).toBe('TESTSHIRE-2027-0001');
    expect(letter.addressee).toEqual(['The complainant', 'Flat 2']);
    // Strictly: a section without a heading has no heading key at all.
    expect(letter.blocks).toStrictEqual([
      { heading: 'Taking your challenge further', paragraphs: [['You may ask.'], ['Write to us.'], ['Or call.'], ['By 22 March 2027.']] },
      { paragraphs: [['Yours sincerely'], ['A Chair']] },
    ]);
    expect(letter.copies).toEqual(['Complaints officer']);
  });
});

describe('a letter where the case or the procedure says less', () => {
  it('states no finding the panel was not asked for, and is addressed to each recipient on a line of its own', () => {
    const s = letterSent((p) => {
      withDecisionLetter(p);
      const outcome = p.outcomes[0];
      const letter = p.letters.find((l) => l.id === 'stage2-decision');
      if (outcome === undefined || letter === undefined) throw new Error('no outcome or letter');
      outcome.findings = [];
      outcome.obligations = [];
      letter.to = ['complainant', 'officer'];
      letter.requiredContent = [
        { item: 'decision', clause: 'testshire 11' },
        { item: 'how-to-take-further', clause: 'testshire 11' },
      ];
    });
    s.act('stage1.escalation-requested', complainant, '2027-03-10T10:00', { kind: 'request' });
    s.act('stage2.panel-convened', manager, '2027-03-11T10:00', { kind: 'panel', members: panel });
    s.act('stage2.decided', panelChair, '2027-03-15T10:00', decision(['apology'], { findings: {} }));
    const draft = draftOf(s, 'stage2-decision', '2027-03-16T10:00');
    expect(section(draft, 'decision').text).toBe('The panel decided to apologise.');
    // No time limit to take it further from this letter: the complainant writes to us.
    expect(section(draft, 'how-to-take-further').text).toMatch(/^To take your concerns further, please write to us, /);
    expect(draft.addressee).toBe('The complainant\nComplaints officer');
  });
});
