import { describe, expect, it } from 'vitest';
import { DEFAULT_DEEMED_RECEIPT, WorkingCalendar } from '../../src/core/calendar/index.js';
import { buildSchedule, schedulableMilestones } from '../../src/core/engine/schedule.js';
import { loadProcedure } from '../../src/core/procedures/validate.js';
import { engineProcedure } from '../support/engineProcedure.js';
import { testshire } from './given.js';
import { london } from '../support/scenario.js';

const procedure = loadProcedure(engineProcedure());
const calendar = WorkingCalendar.create();
const conferenceAt = london('2027-03-02T10:00');

describe('the whole timetable, every step on its last day', () => {
  it('given a conference on Tue 2 Mar 2027, then each deadline follows from the last, across Easter and the May bank holiday', () => {
    const schedule = buildSchedule(procedure, calendar, { conferenceAt });
    expect(schedule.entries.map((e) => [e.id, e.dueDate, e.stageName, e.who, e.onlyIf])).toEqual([
      // the complaint is assumed received on the day (0 days); the chair meets within 5 working days: Tue 9 Mar
      ['meet', '2027-03-09', 'Stage 1', 'Conference chair', undefined],
      // and writes 5 working days after meeting at noon on Tue 9 Mar: Tue 16 Mar
      ['write', '2027-03-16', 'Stage 1', 'Conference chair', undefined],
      // minutes assumed received 5 working days after the conference (Tue 9 Mar); 10 working days: Tue 23 Mar
      ['complain', '2027-03-23', 'Stage 1', 'the complainant', undefined],
      // the letter posted Tue 16 Mar is deemed received Thu 18 Mar; 10 working days skipping Good Friday
      // (26 Mar) and Easter Monday (29 Mar): Mon 5 Apr
      ['escalate', '2027-04-05', 'Stage 1', 'the complainant', undefined],
      // 20 working days after Mon 5 Apr, skipping the early May bank holiday (Mon 3 May): Tue 4 May
      ['decide', '2027-05-04', 'Stage 2', 'Panel chair', undefined],
      // 5 working days after Tue 4 May: Tue 11 May, only if the outcome is an apology
      ['apologise', '2027-05-11', 'Stage 2', 'Complaints officer', 'the outcome is: Apologise'],
    ]);
    expect(schedule.entries.every((e) => e.track === 'family')).toBe(true);
    expect(schedule.entries[0]).toMatchObject({
      rule: '5 working days after the complaint was received',
      clause: 'testshire 2',
      binds: 'authority',
      projected: false,
    });
    expect(schedule.assumptions.map((a) => [a.milestone, a.why])).toEqual([
      ['conference.minutes-received', 'Test fixture.'],
      ['complaint.received', 'Test fixture.'],
    ]);
    expect(schedule.given).toEqual([]);
  });

  it('takes the dates the caller fixes, and letters sent by email as received that day', () => {
    const schedule = buildSchedule(procedure, calendar, {
      conferenceAt,
      at: { 'complaint.received': london('2027-03-04T10:00') },
      letterMethod: 'email',
    });
    const due = Object.fromEntries(schedule.entries.map((e) => [e.id, e.dueDate]));
    // received Thu 4 Mar: meet by Thu 11 Mar; write by Thu 18 Mar, received that day by email;
    // 10 working days skipping Good Friday and Easter Monday: Mon 5 Apr
    expect(due).toMatchObject({ meet: '2027-03-11', write: '2027-03-18', escalate: '2027-04-05' });
    expect(schedule.given).toEqual([{ milestone: 'complaint.received', date: '2027-03-04' }]);
    expect(schedule.assumptions.map((a) => a.milestone)).toEqual(['conference.minutes-received']);
  });

  it('lists the milestones a caller may fix', () => {
    expect(schedulableMilestones(procedure)).toEqual([
      'complaint.received',
      'conference.minutes-received',
      'stage1.escalation-requested',
      'stage1.letter',
      'stage1.letter.received',
      'stage1.meeting',
      'stage2.apology-sent',
      'stage2.decided',
    ]);
  });
  it('follows a chain of deadlines whatever order the procedure lists them in', () => {
    const reversed = engineProcedure();
    reversed.deadlines.reverse();
    const dates = (p: ReturnType<typeof loadProcedure>) =>
      buildSchedule(p, calendar, { conferenceAt }).entries.map((e) => [e.id, e.dueDate]);
    expect(dates(loadProcedure(reversed))).toEqual(dates(procedure));
    expect(dates(procedure)).toHaveLength(6);
  });
});

describe('the timetable of a procedure with two tracks', () => {
  const twoTracks = loadProcedure(
    (() => {
      const p = engineProcedure();
      p.stages.push(
        { id: 'dissent-1', name: 'Dissent', clause: 'testshire 9' },
        { id: 'dissent-2', name: 'Dissent resolved', clause: 'testshire 9', terminal: true },
      );
      p.tracks.push({
        id: 'professional-dissent',
        label: 'Dissent',
        clause: 'testshire 9',
        startStage: 'dissent-1',
        raisedBy: ['professional'],
        aspects: [{ aspect: 'decision', clause: 'testshire 9' }],
        conferenceTypes: ['initial'],
        raisedMilestone: 'dissent.raised',
      });
      p.actions.push({
        id: 'dissent.route',
        label: 'Route the dissent',
        stage: 'dissent-1',
        kind: 'choice',
        by: ['officer'],
        clause: 'testshire 9',
        choice: [
          { id: 'resolve', label: 'Resolve', clause: 'testshire 9', then: { stage: 'dissent-2' } },
          { id: 'drop', label: 'Drop', clause: 'testshire 9', then: { close: 'resolved', summary: 'Dropped' } },
        ],
      });
      p.deadlines.push(
        {
          id: 'dissent-route',
          label: 'Route the dissent',
          stage: 'dissent-1',
          owner: 'officer',
          from: 'conference.held',
          fromDescription: 'the conference',
          limit: { unit: 'hours', amount: 72 },
          binds: 'authority',
          metBy: 'dissent.route',
          clause: 'testshire 9',
        },
        {
          id: 'dissent-close',
          label: 'Close',
          stage: 'dissent-2',
          owner: 'dissenting-professional',
          from: 'dissent.route',
          fromDescription: 'the routing',
          limit: { unit: 'working-days', amount: 1 },
          binds: 'professional',
          metBy: 'stage1.noted',
          appliesWhen: 'dissent.route',
          clause: 'testshire 9',
        },
      );
      return p;
    })(),
  );

  it('lists each deadline under its track, an hours limit to the minute, and names a condition that is not an outcome', () => {
    const schedule = buildSchedule(twoTracks, calendar, { conferenceAt });
    const byId = Object.fromEntries(schedule.entries.map((e) => [e.id, e]));
    // 72 hours after Tue 2 Mar 2027 10:00: Fri 5 Mar 2027 10:00
    expect(byId['dissent-route']).toMatchObject({
      track: 'professional-dissent',
      stageName: 'Dissent',
      dueDate: '2027-03-05',
      who: 'Complaints officer',
    });
    expect(byId['dissent-route']?.due).toContain('10:00');
    // routed at 10:00 on Fri 5 Mar (the hour it fell due); 1 working day: Mon 8 Mar 2027
    expect(byId['dissent-close']).toMatchObject({
      track: 'professional-dissent',
      dueDate: '2027-03-08',
      who: 'the dissenting professional',
      onlyIf: 'after: Route the dissent',
    });
    expect(byId['meet']).toMatchObject({ track: 'family' });
  });

  it('knows which stages each track can reach', () => {
    const s = testshire((p) => {
      p.stages.push(
        { id: 'dissent-1', name: 'Dissent', clause: 'testshire 9' },
        { id: 'dissent-2', name: 'Dissent resolved', clause: 'testshire 9', terminal: true },
      );
      p.tracks.push({
        id: 'professional-dissent',
        label: 'Dissent',
        clause: 'testshire 9',
        startStage: 'dissent-1',
        raisedBy: ['professional'],
        aspects: [{ aspect: 'decision', clause: 'testshire 9' }],
        conferenceTypes: ['initial'],
        raisedMilestone: 'dissent.raised',
      });
      p.actions.push({
        id: 'dissent.route',
        label: 'Route',
        stage: 'dissent-1',
        kind: 'choice',
        by: ['officer'],
        clause: 'testshire 9',
        choice: [
          { id: 'resolve', label: 'Resolve', clause: 'testshire 9', then: { stage: 'dissent-2' } },
          { id: 'drop', label: 'Drop', clause: 'testshire 9', then: { close: 'resolved', summary: 'Dropped' } },
        ],
      });
    });
    expect([...(s.engine.trackStages.get('family') ?? [])].sort()).toEqual(['stage-1', 'stage-2', 'stage-3']);
    expect([...(s.engine.trackStages.get('professional-dissent') ?? [])].sort()).toEqual(['dissent-1', 'dissent-2']);
  });

  it('reaches a stage an outcome leads to by default', () => {
    const s = testshire((p) => {
      const rule = p.outcomes[0];
      if (rule) {
        rule.options = rule.options.filter((o) => o.id !== 'reconsider');
        rule.default = { stage: 'stage-3' };
      }
    });
    expect([...(s.engine.trackStages.get('family') ?? [])]).toEqual(['stage-1', 'stage-2', 'stage-3']);
  });
});

describe('the timetable where the caller fixes dates or the partnership its own deemed receipt', () => {
  it('counts from a receipt date the caller fixes rather than the deemed one', () => {
    const schedule = buildSchedule(procedure, calendar, { conferenceAt, at: { 'stage1.letter.received': london('2027-03-22T09:00') } });
    const due = Object.fromEntries(schedule.entries.map((e) => [e.id, e.dueDate]));
    // the letter is still written by Tue 16 Mar, but received Mon 22 Mar (not the deemed Thu 18 Mar):
    // 10 working days skipping Good Friday (26 Mar) and Easter Monday (29 Mar): Wed 7 Apr
    expect(due).toMatchObject({ write: '2027-03-16', escalate: '2027-04-07' });
  });

  it('counts from the conference date the caller fixes rather than the conference it was asked about', () => {
    const schedule = buildSchedule(procedure, calendar, { conferenceAt, at: { 'conference.held': london('2027-03-09T10:00') } });
    const due = Object.fromEntries(schedule.entries.map((e) => [e.id, e.dueDate]));
    // held Tue 9 Mar: the complaint is assumed received that day, the meeting due 5 working days later, Tue 16 Mar;
    // the minutes assumed received Tue 16 Mar, 10 working days later skipping Good Friday and Easter Monday: Thu 1 Apr
    expect(due).toMatchObject({ meet: '2027-03-16', complain: '2027-04-01' });
  });

  it("deems a posted letter received by the partnership's own rule", () => {
    const deemedReceipt = { ...DEFAULT_DEEMED_RECEIPT, 'first-class-post': { workingDays: 4, source: 'Testshire: four working days' } };
    const schedule = buildSchedule(procedure, calendar, { conferenceAt, deemedReceipt });
    const due = Object.fromEntries(schedule.entries.map((e) => [e.id, e.dueDate]));
    // posted Tue 16 Mar, received 4 working days later, Mon 22 Mar; 10 working days skipping Easter: Wed 7 Apr
    expect(due).toMatchObject({ write: '2027-03-16', escalate: '2027-04-07' });
  });
});

describe('the timetable where a limit is in hours', () => {
  const withHours = (change: (p: ReturnType<typeof engineProcedure>) => void) => {
    const p = engineProcedure();
    change(p);
    return loadProcedure(p);
  };
  const hours = (amount: number) => ({ unit: 'hours' as const, amount });

  it('counts hours from a step taken at noon on its last day', () => {
    const p = withHours((d) => {
      const write = d.deadlines.find((r) => r.id === 'write');
      if (write) write.limit = hours(24);
    });
    const entry = buildSchedule(p, calendar, { conferenceAt }).entries.find((e) => e.id === 'write');
    // the meeting on its last day, Tue 9 Mar, at noon; 24 hours later: Wed 10 Mar 12:00
    expect(entry?.dueDate).toBe('2027-03-10');
    expect(entry?.due).toContain('12:00');
  });

  it('counts hours from a step taken at the very hour an hours limit ran out', () => {
    const p = withHours((d) => {
      for (const r of d.deadlines) if (r.id === 'meet') r.limit = hours(30);
      for (const r of d.deadlines) if (r.id === 'write') r.limit = hours(24);
    });
    const byId = Object.fromEntries(buildSchedule(p, calendar, { conferenceAt }).entries.map((e) => [e.id, e]));
    // the complaint is received on Tue 2 Mar, counted from midnight: meet by Wed 3 Mar 06:00, and write 24 hours later, Thu 4 Mar 06:00
    expect(byId['meet']?.due).toContain('06:00');
    expect(byId['write']?.dueDate).toBe('2027-03-04');
    expect(byId['write']?.due).toContain('06:00');
  });
});
