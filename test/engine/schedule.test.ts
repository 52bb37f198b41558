import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/core/calendar/index.js';
import { buildSchedule, schedulableMilestones } from '../../src/core/engine/schedule.js';
import { loadProcedure } from '../../src/core/procedures/validate.js';
import { engineProcedure } from '../support/engineProcedure.js';
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
    expect(schedule.entries[0]).toMatchObject({ rule: '5 working days after the complaint was received', clause: 'testshire 2', binds: 'authority', projected: false });
    expect(schedule.assumptions.map((a) => [a.milestone, a.why])).toEqual([
      ['conference.minutes-received', 'Test fixture.'],
      ['complaint.received', 'Test fixture.'],
    ]);
    expect(schedule.given).toEqual([]);
  });

  it('takes the dates the caller fixes, and letters sent by email as received that day', () => {
    const schedule = buildSchedule(procedure, calendar, { conferenceAt, at: { 'complaint.received': london('2027-03-04T10:00') }, letterMethod: 'email' });
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
});
