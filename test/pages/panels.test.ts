/**
 * The panel and outcomes pages through inject, as a browser without JavaScript uses them (issue 12
 * points 7 and 10, ADR 0026): a Kent case at its Review Panel; an invalid panel checked and refused
 * with each clause, a valid one convened, declarations, the pack, the hearing and the decision,
 * then the review conference under a different chair tracked to done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { kentCaseAtReviewPanel, kentReviewPanelLetterSent } from '../support/kentJourney.js';
import { signedInBrowser, type Browser, type Page } from '../support/pages.js';

let t: TestApp;
let caseId: string;
let cm: Session;

beforeAll(async () => {
  t = await testApp({ now: new Date('2026-11-23T10:00:00Z') });
  ({ caseId, careManager: cm } = await kentCaseAtReviewPanel(t));
}, 60_000);
afterAll(async () => {
  await t.close();
});

const versionOn = (page: Page) => page.root.querySelector('input[name="version"]')?.getAttribute('value') ?? '';

describe('the panel page', () => {
  let manager: Browser;
  beforeAll(async () => {
    manager = await signedInBrowser(t, 'conference-service-manager@kent.demo');
  });

  it('offers the partnership’s people and the procedure’s rules, linking back to the case', async () => {
    const page = await manager.get(`/cases/${caseId}/panel`);
    expect(page.status).toBe(200);
    expect(page.heading).toBe('Formal Review Panel');
    // Which case, by its reference, and which stage.
    expect(page.root.querySelector('.govuk-caption-l')?.text).toMatch(/^Case KENT-2026-\d{4} · /);
    expect(page.root.querySelector('a.govuk-back-link')?.getAttribute('href')).toBe(`/cases/${caseId}`);
    expect(page.text).toContain('At least 3 including the chair (kent 9 ¶3)');
    const offered = page.root.querySelectorAll('input[name="members"]').map((i) => i.getAttribute('value'));
    expect(offered).toEqual(expect.arrayContaining(['kent.panel-member', 'kent.panel-member-health', 'kent.panel-member-police']));
    expect(page.text).toContain("Prepared by the ICS Child Protection Conference Chair's Manager. 4 of 4 items missing.");
  });

  it('"Check panel" lists each failure with its clause in the error summary, keeps the choices, and records nothing', async () => {
    const before = await manager.get(`/cases/${caseId}/panel`);
    const checked = await manager.post(
      `/cases/${caseId}/panel/members`,
      { version: versionOn(before), members: ['kent.panel-member-health'], chair: 'kent.panel-member-health', intent: 'check' },
      before,
    );
    expect(checked.status).toBe(200);
    expect(checked.errorSummary).toEqual(
      expect.arrayContaining([
        'The panel needs at least 3 members; it has 1 (kent 9 ¶3)',
        'The panel needs a member from the police (kent 9 ¶3)',
        'The chair, Demo panel member, health (kent), must come from the local authority (kent 9 ¶3)',
      ]),
    );
    expect(checked.root.querySelector('.govuk-error-summary a')?.getAttribute('href')).toBe('#members');
    expect(checked.fieldError('members')).toBe('The panel needs at least 3 members; it has 1 (kent 9 ¶3)');
    expect(checked.root.querySelector('input[value="kent.panel-member-health"]')?.hasAttribute('checked')).toBe(true);
    expect(checked.root.querySelector('#chair option[selected]')?.getAttribute('value')).toBe('kent.panel-member-health');
    const timeline = (await cm.get(`/api/v1/cases/${caseId}`)).json<{ version: number }>();
    expect(String(timeline.version)).toBe(versionOn(before));
  });

  it('will not convene an invalid panel, and says so with each clause', async () => {
    const before = await manager.get(`/cases/${caseId}/panel`);
    const refused = await manager.post(
      `/cases/${caseId}/panel/members`,
      { version: versionOn(before), members: ['kent.panel-member-health'], chair: 'kent.panel-member-health', intent: 'convene' },
      before,
    );
    expect(refused.status).toBe(422);
    expect(refused.errorSummary).toContain('The panel needs a member from the police (kent 9 ¶3)');
    expect((await cm.get(`/api/v1/cases/${caseId}/panel`)).json<{ convened: unknown }>().convened).toBeNull();
  });

  it('names a missing chair and missing members beside the fields', async () => {
    const before = await manager.get(`/cases/${caseId}/panel`);
    const empty = await manager.post(`/cases/${caseId}/panel/members`, { version: versionOn(before), intent: 'check' }, before);
    expect(empty.status).toBe(400);
    expect(empty.errorSummary).toEqual(['Select the members of the panel', 'Choose who chairs the panel']);
    expect(empty.fieldError('chair')).toBe('Choose who chairs the panel');
  });

  it('checks a valid panel, then convenes it; the members then declare', async () => {
    let page = await manager.get(`/cases/${caseId}/panel`);
    const form = {
      version: versionOn(page),
      members: ['kent.panel-member-health', 'kent.panel-member-police'],
      chair: 'kent.panel-member',
    };
    const valid = await manager.post(`/cases/${caseId}/panel/members`, { ...form, intent: 'check' }, page);
    expect(valid.errorSummary).toEqual([]);
    expect(valid.root.querySelector('[data-test="panel-valid"]')?.text).toContain('meets every rule');
    const convened = await manager.post(`/cases/${caseId}/panel/members`, { ...form, intent: 'convene' }, valid);
    expect(convened.status).toBe(303);
    page = await manager.follow(convened);
    expect(page.text).toContain('Panel convened');
    expect(page.text).toContain('Declarations outstanding: 3');

    // A declaration declined without a reason is refused beside the field; with one, it is shown escaped.
    const noReason = await manager.post(
      `/cases/${caseId}/panel/declarations`,
      { version: versionOn(page), personId: 'kent.panel-member-police', independent: 'no', reason: '' },
      page,
    );
    expect(noReason.status).toBe(400);
    expect(noReason.fieldError('reason')).toBe('Enter why the member cannot declare independence');
    const declined = await manager.post(
      `/cases/${caseId}/panel/declarations`,
      {
        version: versionOn(page),
        personId: 'kent.panel-member-police',
        independent: 'no',
        reason: '<script>alert(1)</script> managed the worker',
      },
      page,
    );
    expect(declined.status).toBe(303);
    page = await manager.follow(declined);
    expect(page.html).not.toContain('<script>alert(1)</script>');
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; managed the worker');
    expect(page.text).toContain('may not sit on the Formal Review Panel (kent 9 ¶3)');

    const member = await signedInBrowser(t, 'panel-member@kent.demo');
    const own = await member.get(`/cases/${caseId}/panel`);
    expect(own.root.querySelectorAll('#personId option').map((o) => o.getAttribute('value'))).toEqual(['', 'kent.panel-member']);
    const declared = await member.post(
      `/cases/${caseId}/panel/declarations`,
      { version: versionOn(own), personId: 'kent.panel-member', independent: 'yes' },
      own,
    );
    expect(declared.status).toBe(303);
    const after = await member.follow(declared);
    expect(after.text).toContain('Declarations outstanding: 1');
  });

  it('keeps the document pack: the preparer adds a document against an item; it is shown as provided', async () => {
    t.setNow(new Date('2026-12-10T11:00:00Z'));
    const upload = await cm.post(`/api/v1/documents?caseId=${caseId}&type=conference-minutes&filename=minutes.txt`, 'The minutes', {
      'content-type': 'text/plain',
    });
    const documentId = upload.json<{ id: string }>().id;
    const page = await manager.get(`/cases/${caseId}/panel`);
    const none = await manager.post(`/cases/${caseId}/panel/pack`, { item: '1', documentId: '' }, page);
    expect(none.status).toBe(400);
    expect(none.fieldError('pack-document-1')).toBe('Choose a document to put in the pack');
    const added = await manager.post(`/cases/${caseId}/panel/pack`, { item: '1', documentId }, page);
    expect(added.status).toBe(303);
    const after = await manager.follow(added);
    expect(after.text).toContain('3 of 4 items missing');
    expect(after.text).toContain('minutes.txt');
    // Someone else may read the pack but not change it.
    const cmPage = await (await signedInBrowser(t, 'complaints-manager@kent.demo')).get(`/cases/${caseId}/panel`);
    expect(cmPage.root.querySelectorAll('form[action$="/panel/pack"]')).toHaveLength(0);
  });

  it('records the hearing and the decision with learning points and recommendations; an incomplete decision keeps what was typed', async () => {
    // Recorded later that afternoon: each step says when it happened, and the case's timeline shows both times.
    t.setNow(new Date('2026-12-10T16:00:00Z'));
    let page = await manager.get(`/cases/${caseId}/panel`);
    const held = (action: string) => `heldAt-${action.replace(/[^A-Za-z0-9-]/g, '-')}`;
    expect(page.root.querySelector(`#${held('stage4.pack-provided')}-time`)?.getAttribute('value')).toBe('16:00');
    const noDate = await manager.post(
      `/cases/${caseId}/panel/hearing`,
      { version: versionOn(page), action: 'stage4.pack-provided', [`${held('stage4.pack-provided')}-time`]: '14:30' },
      page,
    );
    expect(noDate.status).toBe(400);
    expect(noDate.errorSummary).toEqual(['Enter the date it happened']);
    expect(noDate.fieldError(held('stage4.pack-provided'))).toBe('Enter the date it happened');
    expect(noDate.root.querySelector(`#${held('stage4.pack-provided')}-time`)?.getAttribute('value')).toBe('14:30');
    const future = await manager.post(
      `/cases/${caseId}/panel/hearing`,
      {
        version: versionOn(page),
        action: 'stage4.pack-provided',
        [`${held('stage4.pack-provided')}-day`]: '11',
        [`${held('stage4.pack-provided')}-month`]: '12',
        [`${held('stage4.pack-provided')}-year`]: '2026',
        [`${held('stage4.pack-provided')}-time`]: '14:30',
      },
      page,
    );
    expect(future.status).toBe(400);
    expect(future.errorSummary).toEqual(['The date it happened must be today or in the past']);
    for (const [action, time] of [
      ['stage4.pack-provided', '12:00'],
      ['stage4.meeting-held', '2:30pm'],
    ] as const) {
      const name = held(action);
      const done = await manager.post(
        `/cases/${caseId}/panel/hearing`,
        {
          version: versionOn(page),
          action,
          [`${name}-day`]: '10',
          [`${name}-month`]: '12',
          [`${name}-year`]: '2026',
          [`${name}-time`]: time,
        },
        page,
      );
      expect(done.status, done.errorSummary.join()).toBe(303);
      page = await manager.follow(done);
    }
    const timeline = (await manager.get(`/cases/${caseId}`)).root.querySelectorAll('.moj-timeline__item');
    const meeting = timeline.find((item) => item.text.includes('Hold the Review Panel meeting'))?.text.replace(/\s+/g, ' ');
    expect(meeting).toContain('Happened Thu 10 Dec 2026 at 2:30pm; recorded Thu 10 Dec 2026 at 4:00pm');
    const panelChair = await signedInBrowser(t, 'panel-member@kent.demo');
    page = await panelChair.get(`/cases/${caseId}/panel`);
    expect(page.root.querySelector('#decision')?.text).toBe("Record the Review Panel's decision");
    const partial = await panelChair.post(
      `/cases/${caseId}/panel/decision`,
      {
        version: versionOn(page),
        options: ['decision-stands'],
        proceduresFollowed: 'no',
        decisionReasonable: 'yes',
        reasons: 'Typed & kept',
        learningPoints: 'Point one',
        recommendation1Agency: 'health',
        recommendation1Text: '',
      },
      page,
    );
    expect(partial.status).toBe(400);
    expect(partial.errorSummary).toEqual(['Enter recommendation 1']);
    expect(partial.root.getElementById('reasons')?.text).toBe('Typed & kept');
    expect(partial.root.getElementById('learningPoints')?.text).toBe('Point one');
    const refused = await panelChair.post(
      `/cases/${caseId}/panel/decision`,
      {
        version: versionOn(page),
        options: ['decision-stands'],
        proceduresFollowed: 'no',
        decisionReasonable: 'yes',
        reasons: 'Not followed',
      },
      page,
    );
    expect(refused.status).toBe(422);
    expect(refused.errorSummary).toEqual([
      'Given these findings the outcome must include: Recommend a Child Protection Review Conference under a different chair (kent 9 ¶10)',
    ]);
    const decided = await panelChair.post(
      `/cases/${caseId}/panel/decision`,
      {
        version: versionOn(page),
        options: ['review-conference-different-chair', 'concerns-to-agencies'],
        proceduresFollowed: 'no',
        decisionReasonable: 'yes',
        reasons: 'Not followed',
        learningPoints: 'Circulate reports early\nListen to the father',
        recommendation1Agency: 'police',
        recommendation1Text: 'Share the strategy discussion notes',
      },
      page,
    );
    expect(decided.status, decided.errorSummary.join()).toBe(303);
    expect(decided.headers.location).toBe(`/cases/${caseId}/outcomes`);
    const shown = await panelChair.get(`/cases/${caseId}/panel`);
    expect(shown.text).toContain('Circulate reports early');
    expect(shown.text).toContain('Police: Share the strategy discussion notes');
  });
});

describe('the outcomes page', () => {
  it('tracks the review conference under a different chair to done, refusing the original chair with the clause', async () => {
    t.setNow(new Date('2026-12-11T10:00:00Z'));
    await kentReviewPanelLetterSent(t, caseId);

    const manager = await signedInBrowser(t, 'conference-service-manager@kent.demo');
    let page = await manager.get(`/cases/${caseId}/outcomes`);
    expect(page.status).toBe(200);
    expect(page.heading).toBe('What the decision requires');
    expect(page.root.querySelector('.govuk-caption-l')?.text).toMatch(/^Case KENT-2026-\d{4}$/);
    expect(page.text).toContain('Recommend a Child Protection Review Conference under a different chair To do');
    expect(page.text).toContain('In the decision');
    for (const action of ['stage4.move-to-review-conference', 'review-conference.chair-discussed']) {
      const done = await manager.post(`/cases/${caseId}/outcomes`, { version: versionOn(page), action }, page);
      expect(done.status, done.errorSummary.join()).toBe(303);
      page = await manager.follow(done);
    }
    const chair = await signedInBrowser(t, 'conference-chair@kent.demo');
    page = await chair.get(`/cases/${caseId}/outcomes`);
    const action = 'review-conference.held';
    const original = (await cm.get('/api/v1/conferences/kent.conference.demo')).json<{ chair: { id: string } }>().chair.id;
    expect(original).toBe('kent.conference-chair');
    const noChair = await chair.post(`/cases/${caseId}/outcomes`, { version: versionOn(page), action, briefed: 'yes' }, page);
    expect(noChair.status).toBe(400);
    expect(noChair.fieldError(`chairId-${action}`)).toBe('Choose who chaired the meeting');
    const sameChair = await chair.post(
      `/cases/${caseId}/outcomes`,
      { version: versionOn(page), action, chairId: original, briefed: 'yes' },
      page,
    );
    expect(sameChair.status).toBe(422);
    expect(sameChair.errorSummary).toEqual(['The reconvened conference must have a different chair (kent 9 ¶10)']);
    expect(sameChair.root.querySelector('.govuk-error-summary a')?.getAttribute('href')).toBe(`#chairId-${action}`);
    const notBriefed = await chair.post(
      `/cases/${caseId}/outcomes`,
      { version: versionOn(page), action, chairId: 'kent.panel-coordinator' },
      page,
    );
    expect(notBriefed.errorSummary).toEqual([
      "Confirm that those present have seen, or were briefed on, the panel's decision (kent 9 ¶17)",
    ]);
    const held = await chair.post(
      `/cases/${caseId}/outcomes`,
      { version: versionOn(page), action, chairId: 'kent.panel-coordinator', briefed: 'yes' },
      page,
    );
    expect(held.status, held.errorSummary.join()).toBe(303);
    page = await chair.follow(held);
    expect(page.text).toContain('Chaired by Demo Panel coordinator');
    expect(page.text).toContain('Those present were briefed');

    // A stale form: someone acted meanwhile.
    const stale = await chair.post(
      `/cases/${caseId}/outcomes`,
      { version: '1', action: 'review-conference.outcome-recorded', option: 'supports-original', reason: 'Plan stays' },
      page,
    );
    expect(stale.status).toBe(409);
    expect(stale.errorSummary[0]).toContain('Someone else has changed this case');
    const recorded = await chair.post(
      `/cases/${caseId}/outcomes`,
      { version: versionOn(page), action: 'review-conference.outcome-recorded', option: 'supports-original', reason: 'Plan stays' },
      page,
    );
    expect(recorded.status, recorded.errorSummary.join()).toBe(303);
    page = await chair.follow(recorded);
    expect(page.text).toContain('Recommend a Child Protection Review Conference under a different chair Done');
  });
});

describe('the panel’s steps recorded for the colleagues who took them (ADR 0030)', () => {
  let id: string;
  let keeper: Browser;
  beforeAll(async () => {
    ({ caseId: id } = await kentCaseAtReviewPanel(t));
    keeper = await signedInBrowser(t, 'complaints-manager@kent.demo');
  }, 60_000);

  /** The values offered by a form's "Who took this step?", in order, or null where it is not asked. */
  const whoTook = (page: Page, idPrefix: string) => {
    const fieldset = page.root.querySelector(`#${idPrefix}`)?.closest('fieldset');
    if (fieldset === undefined || fieldset === null) return null;
    return {
      legend: fieldset.querySelector('legend')?.text.trim(),
      offered: fieldset.querySelectorAll('input[name="takenBy"]').map((i) => i.getAttribute('value')),
    };
  };
  const entryOf = async (action: string) =>
    (await cm.get(`/api/v1/cases/${id}`))
      .json<{ timeline: { action?: string; by: { id: string }; recordedBy?: { id: string } }[] }>()
      .timeline.find((e) => e.action === action);
  const auditOf = (action: string) =>
    t.database.db.selectFrom('audit_log').select(['actor_id', 'outcome', 'subject_id']).where('action', '=', action).execute();
  const panelForm = { members: ['kent.panel-member-health', 'kent.panel-member-police'], chair: 'kent.panel-member', intent: 'convene' };

  it('a takenBy sent by someone who may not record for others is refused with 403, audited as denied, and nothing is recorded', async () => {
    const convener = await signedInBrowser(t, 'conference-service-manager@kent.demo');
    const page = await convener.get(`/cases/${id}/panel`);
    expect(whoTook(page, 'takenBy-convene')).toBeNull();
    const forged = await convener.post(
      `/cases/${id}/panel/members`,
      { version: versionOn(page), ...panelForm, takenBy: 'kent.complaints-manager' },
      page,
    );
    expect(forged.status).toBe(403);
    expect(forged.errorSummary).toEqual(['Your role may not record a step on behalf of someone else: record only what you did yourself']);
    expect(await auditOf('case.act:for:kent.complaints-manager')).toEqual([
      { actor_id: 'kent.conference-service-manager', outcome: 'denied', subject_id: id },
    ]);
    expect((await cm.get(`/api/v1/cases/${id}/panel`)).json<{ convened: unknown }>().convened).toBeNull();
  });

  it('convenes as the complaints manager’s own step where Kent gives it to them: no question asked', async () => {
    const page = await keeper.get(`/cases/${id}/panel`);
    expect(whoTook(page, 'takenBy-convene')).toBeNull();
    const convened = await keeper.post(`/cases/${id}/panel/members`, { version: versionOn(page), ...panelForm }, page);
    expect(convened.status, convened.errorSummary.join()).toBe(303);
    expect(await entryOf('stage4.panel-convened')).toMatchObject({ by: { id: 'kent.complaints-manager' } });
    expect((await entryOf('stage4.panel-convened'))?.recordedBy).toBeUndefined();
  });

  it('records the hearing and the decision for the colleagues who took them; a colleague Kent does not give a step to is refused by name with the clause', async () => {
    t.setNow(new Date('2026-12-10T16:00:00Z'));
    let page = await keeper.get(`/cases/${id}/panel`);
    const name = 'heldAt-stage4-pack-provided';
    const at = { [`${name}-day`]: '10', [`${name}-month`]: '12', [`${name}-year`]: '2026', [`${name}-time`]: '12:00' };
    expect(whoTook(page, 'takenBy-stage4-pack-provided')).toBeNull();
    // Named as taken by a colleague whose role Kent does not give it to: refused naming them, with the clause.
    const theirs = await keeper.post(
      `/cases/${id}/panel/hearing`,
      { version: versionOn(page), action: 'stage4.pack-provided', takenBy: 'kent.panel-member', ...at },
      page,
    );
    expect(theirs.status).toBe(422);
    expect(theirs.errorSummary).toEqual([
      "Only ICS Customer Care Manager or ICS Child Protection Conference Chair's Manager may do this: Demo Panel member (kent) is not (kent 9 ¶4)",
    ]);
    expect(theirs.root.querySelector(`#${name}-time`)?.getAttribute('value')).toBe('12:00');
    const pack = await keeper.post(`/cases/${id}/panel/hearing`, { version: versionOn(page), action: 'stage4.pack-provided', ...at }, page);
    expect(pack.status, pack.errorSummary.join()).toBe(303);
    page = await keeper.follow(pack);
    // The meeting is the panel chair's or the chairs' manager's (kent 9 ¶7): those the procedure allows now first.
    const held = 'heldAt-stage4-meeting-held';
    const meeting = {
      version: versionOn(page),
      action: 'stage4.meeting-held',
      [`${held}-day`]: '10',
      [`${held}-month`]: '12',
      [`${held}-year`]: '2026',
      [`${held}-time`]: '14:00',
    };
    expect(whoTook(page, 'takenBy-stage4-meeting-held')).toEqual({
      legend: 'Who took this step?',
      offered: [
        'kent.conference-service-manager',
        'kent.panel-member',
        'kent.panel-member-education',
        'kent.panel-member-health',
        'kent.panel-member-police',
      ],
    });
    const unanswered = await keeper.post(`/cases/${id}/panel/hearing`, meeting, page);
    expect(unanswered.status).toBe(400);
    expect(unanswered.errorSummary).toEqual(['Select who took this step']);
    expect(unanswered.fieldError('takenBy-stage4-meeting-held')).toBe('Select who took this step');
    expect(unanswered.root.querySelector(`#${held}-time`)?.getAttribute('value')).toBe('14:00');
    const recorded = await keeper.post(
      `/cases/${id}/panel/hearing`,
      { ...meeting, takenBy: 'kent.conference-service-manager' },
      unanswered,
    );
    expect(recorded.status, recorded.errorSummary.join()).toBe(303);
    page = await keeper.follow(recorded);
    expect(await entryOf('stage4.meeting-held')).toMatchObject({
      by: { id: 'kent.conference-service-manager' },
      recordedBy: { id: 'kent.complaints-manager' },
    });
    // The panel's own chair first: the one the procedure lets decide.
    expect(whoTook(page, 'takenBy-decision')?.offered[0]).toBe('kent.panel-member');
    const decision = {
      version: versionOn(page),
      options: ['review-conference-different-chair'],
      proceduresFollowed: 'no',
      decisionReasonable: 'yes',
      reasons: 'Not followed',
    };
    const decided = await keeper.post(`/cases/${id}/panel/decision`, { ...decision, takenBy: 'kent.panel-member' }, page);
    expect(decided.status, decided.errorSummary.join()).toBe(303);
    expect(await entryOf('stage4.decided')).toMatchObject({
      by: { id: 'kent.panel-member' },
      recordedBy: { id: 'kent.complaints-manager' },
    });
  });

  it('records the outcomes’ steps for the colleagues who took them, asking who; a forged or unlisted taker is refused and nothing is recorded', async () => {
    t.setNow(new Date('2026-12-11T10:00:00Z'));
    await kentReviewPanelLetterSent(t, id);
    const arrange = 'stage4.move-to-review-conference';

    // The chairs' manager may not record for others: no question, and a takenBy sent anyway is refused and audited.
    const chairsManager = await signedInBrowser(t, 'conference-service-manager@kent.demo');
    let page = await chairsManager.get(`/cases/${id}/outcomes`);
    expect(whoTook(page, 'takenBy-stage4-move-to-review-conference')).toBeNull();
    const forged = await chairsManager.post(
      `/cases/${id}/outcomes`,
      { version: versionOn(page), action: arrange, takenBy: 'kent.conference-chair' },
      page,
    );
    expect(forged.status).toBe(403);
    expect(forged.errorSummary).toEqual(['Your role may not record a step on behalf of someone else: record only what you did yourself']);
    expect(await auditOf('case.act:for:kent.conference-chair')).toEqual([
      { actor_id: 'kent.conference-service-manager', outcome: 'denied', subject_id: id },
    ]);
    expect(await entryOf(arrange)).toBeUndefined();

    // The complaints manager is asked who took it (Kent gives it to the chairs' manager, kent 9 ¶10).
    page = await keeper.get(`/cases/${id}/outcomes`);
    // Its status says whom it is due from, as the case page does, not the procedure's refusal to the keeper.
    expect(page.root.querySelectorAll('[data-test=due-from]').map((e) => e.text)).toEqual([
      'Due from Demo Conference service manager (kent) (Conference service manager).',
    ]);
    expect(whoTook(page, 'takenBy-stage4-move-to-review-conference')).toEqual({
      legend: 'Who took this step?',
      offered: ['kent.conference-service-manager'],
    });
    const unlisted = await keeper.post(
      `/cases/${id}/outcomes`,
      { version: versionOn(page), action: arrange, takenBy: 'kent.panel-member' },
      page,
    );
    expect(unlisted.status).toBe(400);
    expect(unlisted.errorSummary).toEqual(['Select who took this step']);
    expect(unlisted.fieldError('takenBy-stage4-move-to-review-conference')).toBe('Select who took this step');
    expect(await entryOf(arrange)).toBeUndefined();
    const arranged = await keeper.post(
      `/cases/${id}/outcomes`,
      { version: versionOn(page), action: arrange, takenBy: 'kent.conference-service-manager' },
      unlisted,
    );
    expect(arranged.status, arranged.errorSummary.join()).toBe(303);
    page = await keeper.follow(arranged);
    expect(await entryOf(arrange)).toMatchObject({
      by: { id: 'kent.conference-service-manager' },
      recordedBy: { id: 'kent.complaints-manager' },
    });
    expect(page.text).toContain('recorded by Demo Complaints manager (kent) for Demo Conference service manager (kent)');
    // The API says the same: who took it and who recorded it, and who could take the next step.
    const api = await t.signIn('complaints-manager@kent.demo');
    const steps = (await api.get(`/api/v1/cases/${id}/outcomes`))
      .json<{ requirements: { steps: { action: string; doneBy: string | null; recordedBy?: string; recordFor?: { id: string }[] }[] }[] }>()
      .requirements.flatMap((r) => r.steps);
    expect(steps.find((st) => st.action === arrange)).toMatchObject({
      doneBy: 'kent.conference-service-manager',
      recordedBy: 'kent.complaints-manager',
    });
    expect(steps.find((st) => st.action === 'review-conference.held')?.recordFor?.map((c) => c.id)).toContain('kent.conference-chair');
    const timeline = (await keeper.get(`/cases/${id}`)).root.querySelectorAll('.moj-timeline__item');
    expect(
      timeline.find((item) => item.text.includes('Arrange the Child Protection Review Conference'))?.text.replace(/\s+/g, ' '),
    ).toContain('Recorded by Demo Complaints manager (kent) for Demo Conference service manager (kent)');

    // A form without the question records the step as the sender's own.
    page = await chairsManager.get(`/cases/${id}/outcomes`);
    const discussed = await chairsManager.post(
      `/cases/${id}/outcomes`,
      { version: versionOn(page), action: 'review-conference.chair-discussed' },
      page,
    );
    expect(discussed.status, discussed.errorSummary.join()).toBe(303);
    expect(await entryOf('review-conference.chair-discussed')).toMatchObject({ by: { id: 'kent.conference-service-manager' } });
    expect((await entryOf('review-conference.chair-discussed'))?.recordedBy).toBeUndefined();

    // The review conference, the conference chair's (kent 9 ¶15): unanswered, everything typed is kept.
    const held = 'review-conference.held';
    page = await keeper.get(`/cases/${id}/outcomes`);
    const typed = { version: versionOn(page), action: held, chairId: 'kent.panel-coordinator', briefed: 'yes' };
    const unanswered = await keeper.post(`/cases/${id}/outcomes`, typed, page);
    expect(unanswered.status).toBe(400);
    expect(unanswered.errorSummary).toEqual(['Select who took this step']);
    expect(unanswered.fieldError('takenBy-review-conference-held')).toBe('Select who took this step');
    expect(unanswered.root.querySelector(`[id="chairId-${held}"] option[selected]`)?.getAttribute('value')).toBe('kent.panel-coordinator');
    expect(unanswered.root.querySelector(`input[name="briefed"]`)?.hasAttribute('checked')).toBe(true);
    const noChair = await keeper.post(`/cases/${id}/outcomes`, { ...typed, chairId: '', takenBy: 'kent.conference-chair' }, unanswered);
    expect(noChair.status).toBe(400);
    expect(noChair.errorSummary).toEqual(['Choose who chaired the meeting']);
    expect(noChair.root.querySelector('input[name="takenBy"][value="kent.conference-chair"]')?.hasAttribute('checked')).toBe(true);
    const recorded = await keeper.post(`/cases/${id}/outcomes`, { ...typed, takenBy: 'kent.conference-chair' }, noChair);
    expect(recorded.status, recorded.errorSummary.join()).toBe(303);
    expect(await entryOf(held)).toMatchObject({ by: { id: 'kent.conference-chair' }, recordedBy: { id: 'kent.complaints-manager' } });
  });
});
