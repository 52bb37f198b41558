/**
 * Letters through the API on both databases: Camden's Stage 1 response and CSCP Complaints
 * Panel decision, and Kent's Stage 1 response. Each is drafted from the case, edited, refused
 * while required content is missing (naming the item and its clause), downloaded as PDF (read
 * back with Debian's pdftotext) and Word (unzipped), and sent through the case action, which
 * starts the clock the letter states. Dates worked by hand in the comments.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { problemOf, type Session } from '../support/app.js';
import { appEachTest } from '../support/appEachTest.js';
import { camdenAtStage1Letter } from '../support/camdenLetter.js';
import { onBothDatabases } from './backends.js';

interface LetterView {
  status: 'draft' | 'sent';
  version: number;
  caseVersion: number;
  addressee: string;
  sections: { key: string; text: string; required: boolean; clause: string | null; stated: string | null }[];
  copies: { to: string; title: string; names: string[]; clause: string }[];
  missing: { item: string; label: string; clause: string }[];
  ifSentToday: { escalateBy: string | null; late: boolean } | null;
  sent: { at: string; method: string; escalateBy: string | null } | null;
}

interface CaseView {
  version: number;
  deadlines: { id: string; status: string; dueDate: string }[];
  lettersDue: { letter: string; copies: { to: string; title: string; clause: string }[] }[];
}

/** The text of a PDF as Debian's poppler reads it: proves the file opens. */
function pdfText(response: LightMyRequestResponse): string {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  expect(response.headers['content-type']).toBe('application/pdf');
  const dir = mkdtempSync(join(tmpdir(), 'cc-letter-'));
  try {
    const file = join(dir, 'letter.pdf');
    writeFileSync(file, response.rawPayload);
    return execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a .docx's body, unzipped: proves the file opens as a Word package. */
function docxXml(response: LightMyRequestResponse): string {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  const files = unzipSync(new Uint8Array(response.rawPayload));
  const xml = files['word/document.xml'];
  if (xml === undefined) throw new Error('no word/document.xml in the .docx');
  return strFromU8(xml);
}

/** The words of a .docx's body, runs joined. */
const docxWords = (xml: string) =>
  xml
    .replace(/<w:br\/>/g, ' ')
    .replace(/<\/w:p>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ');

onBothDatabases('letters', (backend) => {
  const t = appEachTest(backend, { now: new Date('2026-11-23T10:00:00Z') });

  const on = (iso: string) => {
    t.setNow(new Date(iso));
  };
  const read = async (s: Session, id: string) => {
    const response = await s.get(`/api/v1/cases/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<CaseView>();
  };
  const ok = async (s: Session, id: string, when: string, body: Record<string, unknown>) => {
    on(when);
    const { version } = await read(s, id);
    const response = await s.post(`/api/v1/cases/${id}/actions`, { type: 'perform', expectedVersion: version, ...body });
    expect(response.statusCode, response.body).toBe(200);
  };
  const letter = async (s: Session, id: string, letterId: string) => {
    const response = await s.get(`/api/v1/cases/${id}/letters/${letterId}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<LetterView>();
  };
  const save = (s: Session, id: string, letterId: string, body: Record<string, unknown>) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/v1/cases/${id}/letters/${letterId}`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
  const section = (view: LetterView, key: string) => view.sections.find((s) => s.key === key);
  /** The demo panel of a partnership: its panel member in the chair, with its police and health panel members. */
  const demoPanel = (partnershipId: string) => ({
    kind: 'panel',
    members: [
      { personId: `${partnershipId}.panel-member`, role: 'chair' },
      { personId: `${partnershipId}.panel-member-police`, role: 'member' },
      { personId: `${partnershipId}.panel-member-health`, role: 'member' },
    ],
  });
  /** A parent's challenge to the partnership's demo conference, received Mon 23 Nov 2026: the new case's id. */
  const raiseOnDemo = async (s: Session, partnershipId: string, aspects: string[] = ['decision']) => {
    const raised = await s.post('/api/v1/cases', {
      conferenceId: `${partnershipId}.conference.demo`,
      track: 'family',
      complainant: { kind: 'parent' },
      aspects,
      receivedAt: '2026-11-23T09:00',
    });
    expect(raised.statusCode, raised.body).toBe(201);
    return raised.json<{ id: string }>().id;
  };

  it('camden 3.5, 3.6, 4.1: the Stage 1 response is drafted from the case, refused while content is missing, and sent through the case action', async () => {
    const { chair, id } = await camdenAtStage1Letter(t);
    const list = await chair.get(`/api/v1/cases/${id}/letters`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<{ due: { letterId: string; draftVersion: number }[] }>().due).toEqual([
      expect.objectContaining({ letterId: 'stage1-response', draftVersion: 0 }),
    ]);

    const draft = await letter(chair, id, 'stage1-response');
    expect(draft).toMatchObject({ status: 'draft', version: 0 });
    // Filled from the case: the meeting's date; the next stage and who to write to.
    expect(section(draft, 'meeting-notes')).toMatchObject({ required: true, clause: 'camden 3.5' });
    expect(section(draft, 'meeting-notes')?.text).toContain('We met on 25 November 2026');
    expect(section(draft, 'how-to-take-further')?.text).toContain('CSCP Development Officer');
    expect(section(draft, 'right-to-escalate')?.text).toContain('Stage 2: CSCP Complaints Panel');
    // The case does not record what the meeting decided: left for the chair to write, and missing.
    expect(section(draft, 'outcome-of-meeting')).toMatchObject({ text: '', required: true });
    expect(draft.missing).toEqual([{ item: 'outcome-of-meeting', label: 'the outcome of the meeting', clause: 'camden 3.5' }]);
    // The copy list is the engine's, clause by clause (camden 3.6).
    const engineCopies = (await read(chair, id)).lettersDue.find((l) => l.letter === 'stage1-response')?.copies ?? [];
    expect(draft.copies.map((c) => [c.to, c.clause])).toEqual(engineCopies.map((c) => [c.to, c.clause]));
    expect(draft.copies.map((c) => c.to)).toEqual(['head-of-quality-assurance', 'director-safeguarding', 'childrens-complaints-unit']);

    // Sending with the outcome missing: refused before the engine is asked, naming it and its clause.
    const { version: caseVersion } = await read(chair, id);
    const incomplete = await chair.post(`/api/v1/cases/${id}/letters/stage1-response/send`, {
      expectedVersion: caseVersion,
      method: 'email',
    });
    expect(incomplete.statusCode, incomplete.body).toBe(422);
    expect(problemOf(incomplete)).toMatchObject({ detail: 'The letter must include the outcome of the meeting', clause: 'camden 3.5' });

    const typed = '<script>alert("x")</script> & the chair agreed to ask for the <b>minutes</b> to be corrected.';
    const saved = await save(chair, id, 'stage1-response', {
      expectedVersion: 0,
      addressee: 'Ms A Parent\n1 High Street\nLondon NW1 1AA',
      sections: { 'outcome-of-meeting': typed },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<LetterView>()).toMatchObject({ version: 1, missing: [] });
    // A second save against the version first read is stale.
    const stale = await save(chair, id, 'stage1-response', { expectedVersion: 0, sections: { opening: 'Dear Ms Parent' } });
    expect(stale.statusCode, stale.body).toBe(409);
    // A section the letter does not have is refused, naming it.
    const unknown = await save(chair, id, 'stage1-response', { expectedVersion: 1, sections: { decision: 'x' } });
    expect(unknown.statusCode).toBe(400);
    expect(problemOf(unknown)['invalid-params']).toEqual([{ name: 'body.sections.decision', reason: expect.any(String) as string }]);

    // A required section emptied is saved (a draft may be unfinished) but cannot be sent.
    const emptied = await save(chair, id, 'stage1-response', { expectedVersion: 1, sections: { 'meeting-notes': '  ' } });
    expect(emptied.json<LetterView>().missing.map((m) => m.item)).toEqual(['meeting-notes']);
    const refused = await chair.post(`/api/v1/cases/${id}/letters/stage1-response/send`, { expectedVersion: caseVersion, method: 'email' });
    expect(refused.statusCode).toBe(422);
    expect(problemOf(refused)).toMatchObject({
      detail: 'The letter must include the notes of the meeting',
      clause: 'camden 3.5',
      problems: [{ message: 'The letter must include the notes of the meeting', clause: 'camden 3.5' }],
    });
    // Nothing was recorded on the case.
    expect((await read(chair, id)).version).toBe(caseVersion);
    const restored = await save(chair, id, 'stage1-response', {
      expectedVersion: 2,
      method: 'email',
      sections: { 'meeting-notes': 'We met on 25 November 2026. The notes are enclosed.' },
    });
    expect(restored.statusCode, restored.body).toBe(200);
    // Emailed today (Thu 26 Nov), received the same day; 28 days on: Thu 24 Dec 2026 (camden 4.1).
    expect(restored.json<LetterView>().ifSentToday).toMatchObject({ escalateBy: '2026-12-24', late: false });

    // The draft's PDF and Word open and say what the letter must, with script shown as typed.
    const draftPdf = pdfText(await chair.get(`/api/v1/cases/${id}/letters/stage1-response.pdf`));
    expect(draftPdf).toContain('Camden Safeguarding Children Partnership');
    expect(draftPdf).toContain('Ms A Parent');
    expect(draftPdf).toContain('<script>alert("x")</script> & the chair agreed');
    expect(draftPdf).toContain('Your request must reach us by 24 December 2026.');
    // The case's reference, for the reply to quote.
    const { reference } = (await chair.get(`/api/v1/cases/${id}`)).json<{ reference: string }>();
    expect(reference).toMatch(/^CAMDEN-2026-\d{4}$/);
    expect(draftPdf).toContain(`Our reference: ${reference}`);
    const draftXml = docxXml(await chair.get(`/api/v1/cases/${id}/letters/stage1-response.docx`));
    expect(docxWords(draftXml)).toContain(`Our reference: ${reference}`);
    expect(draftXml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; the chair agreed');
    expect(draftXml).not.toContain('<script>');

    const sent = await chair.post(`/api/v1/cases/${id}/letters/stage1-response/send`, { expectedVersion: caseVersion, method: 'email' });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json<LetterView>()).toMatchObject({ status: 'sent', sent: { method: 'email', escalateBy: '2026-12-24' } });
    // The case action recorded it: the response deadline is met and the complainant's 28 days run.
    const after = await read(chair, id);
    expect(after.deadlines.find((d) => d.id === 'stage1-response')?.status).toBe('met');
    expect(after.deadlines.find((d) => d.id === 'stage2-request')).toMatchObject({ dueDate: '2026-12-24', status: 'open' });

    // A letterhead set afterwards does not change the letter as sent.
    const admin = await t.signIn('administrator@camden.demo');
    const letterheadSet = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/partnership/letterhead',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'Renamed Partnership', addressLines: [], postcode: '', phone: '', email: '', website: '' }),
    });
    expect(letterheadSet.statusCode, letterheadSet.body).toBe(200);
    const pdf = pdfText(await chair.get(`/api/v1/cases/${id}/letters/stage1-response.pdf`));
    expect(pdf).toContain('Camden Safeguarding Children Partnership');
    expect(pdf).not.toContain('Renamed Partnership');
    for (const said of [
      'We met on 25 November 2026. The notes are enclosed.',
      '26 November 2026',
      'Stage 2: CSCP Complaints Panel',
      'Your request must reach us by 24 December 2026.',
      'CSCP Development Officer',
      'Copies to:',
      'Head of the Quality Assurance Service',
      "Children's Complaints Unit",
      `Our reference: ${reference}`,
    ])
      expect(pdf).toContain(said);
    // Clauses are for staff, never in the letter.
    expect(pdf).not.toMatch(/camden \d/);
    const xml = docxWords(docxXml(await chair.get(`/api/v1/cases/${id}/letters/stage1-response.docx`)));
    expect(xml).toContain('Your request must reach us by 24 December 2026.');
    expect(xml).toContain('Head of the Quality Assurance Service');
    expect(xml).toContain(`Our reference: ${reference}`);
    expect(xml).not.toMatch(/camden \d/);
    // A letter frozen before references were printed prints as it went: without one.
    const frozenRow = await t.database.db
      .selectFrom('letter_drafts')
      .select(['final_text'])
      .where('case_id', '=', id)
      .where('final_text', 'is not', null)
      .executeTakeFirstOrThrow();
    const { reference: printed, ...asBefore } = JSON.parse(frozenRow.final_text ?? '{}') as { reference?: string };
    expect(printed).toBe(reference);
    await t.database.db
      .updateTable('letter_drafts')
      .set({ final_text: JSON.stringify(asBefore) })
      .where('case_id', '=', id)
      .where('final_text', 'is not', null)
      .execute();
    const older = pdfText(await chair.get(`/api/v1/cases/${id}/letters/stage1-response.pdf`));
    expect(older).toContain('We met on 25 November 2026. The notes are enclosed.');
    expect(older).not.toContain('Our reference');

    // Sent and frozen: no more edits, and no second sending.
    expect((await save(chair, id, 'stage1-response', { expectedVersion: 3, sections: { opening: 'x' } })).statusCode).toBe(422);
    const frozen = await letter(chair, id, 'stage1-response');
    expect(frozen).toMatchObject({ status: 'sent', addressee: 'Ms A Parent\n1 High Street\nLondon NW1 1AA' });
    expect(section(frozen, 'outcome-of-meeting')?.text).toBe(typed);

    // A panel member sits on no panel of this case: its letters are not theirs to see, and the refusal is audited.
    const outsider = await t.signIn('panel-member-police@camden.demo');
    expect((await outsider.get(`/api/v1/cases/${id}/letters`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/cases/${id}/letters/stage1-response.pdf`)).statusCode).toBe(404);

    // Every read audited against the case.
    const auditor = await t.signIn('auditor@camden.demo');
    const trail = (await auditor.get(`/api/v1/audit?limit=200&subjectId=${id}`)).json<{ action: string }[]>().map((e) => e.action);
    for (const action of ['letter.list', 'letter.read', 'letter.edit', 'letter.download', 'letter.sent', 'case.act'])
      expect(trail).toContain(action);
    const refusals = (await auditor.get(`/api/v1/audit?limit=200&subjectId=${id}`))
      .json<{ action: string; outcome: string; actor: { role: string } }[]>()
      .filter((e) => e.actor.role === 'panel-member');
    expect(refusals.map((e) => [e.action, e.outcome])).toEqual([
      ['letter.download', 'denied'],
      ['letter.list', 'denied'],
    ]);
  });

  it('camden 4.11, 4.15, 6.2: the panel decision letter names the panel, the decision and its reasons, and signposts the Ombudsman', async () => {
    const { chair, id } = await camdenAtStage1Letter(t);
    await ok(chair, id, '2026-11-26T10:00:00Z', {
      action: 'stage1.response-sent',
      details: {
        kind: 'letter',
        method: 'email',
        content: { 'meeting-notes': 'N', 'outcome-of-meeting': 'O', 'how-to-take-further': 'H' },
        copiedTo: ['head-of-quality-assurance', 'director-safeguarding', 'childrens-complaints-unit'],
      },
    });
    const coordinator = await t.signIn('panel-coordinator@camden.demo');
    await ok(coordinator, id, '2026-11-30T10:00:00Z', {
      action: 'stage2.requested',
      details: { kind: 'request', reasons: 'Still unhappy' },
    });
    await ok(coordinator, id, '2026-12-01T10:00:00Z', {
      action: 'stage2.panel-convened',
      details: demoPanel('camden'),
    });
    await ok(coordinator, id, '2026-12-01T11:00:00Z', { action: 'stage2.pack-provided' });
    const minutes = { kind: 'meeting', minuteTaker: { personId: 'camden.panel-coordinator', role: 'development-officer' } };
    await ok(coordinator, id, '2026-12-02T10:00:00Z', { action: 'stage2.interviews-held', details: minutes });
    await ok(coordinator, id, '2026-12-03T10:00:00Z', { action: 'stage2.decision-meeting-held', details: minutes });
    const panelChair = await t.signIn('panel-member@camden.demo');
    await ok(panelChair, id, '2026-12-03T15:00:00Z', {
      action: 'stage2.decided',
      details: {
        kind: 'decision',
        options: ['decision-stands'],
        findings: { proceduresFollowed: true, decisionReasonable: true },
        reasons: 'The conference weighed the reports it had fairly.',
      },
    });
    on('2026-12-04T10:00:00Z');
    const draft = await letter(panelChair, id, 'panel-decision');
    expect(draft.missing).toEqual([]);
    expect(section(draft, 'panel-membership')?.text).toContain('Demo Panel member (camden), chair');
    expect(section(draft, 'panel-membership')?.text).toContain('Demo panel member, police (camden), member (Police)');
    expect(section(draft, 'decision')?.text).toContain('The panel decided to confirm the conference decision stands');
    expect(section(draft, 'reasons')?.text).toContain('The conference weighed the reports it had fairly.');
    expect(section(draft, 'reasons')?.text).toContain('by agreement');
    expect(section(draft, 'ombudsman-and-judicial-review')?.text).toContain('Local Government and Social Care Ombudsman');
    expect(section(draft, 'ombudsman-and-judicial-review')?.text).toContain('judicial review');
    // In time, so no explanation of delay is owed (camden 4.10).
    expect(section(draft, 'delay-explanation')).toMatchObject({ required: false, text: '' });
    const engineCopies = (await read(panelChair, id)).lettersDue.find((l) => l.letter === 'panel-decision')?.copies ?? [];
    expect(draft.copies.map((c) => [c.to, c.clause])).toEqual(engineCopies.map((c) => [c.to, c.clause]));
    expect(draft.copies.map((c) => c.to)).toEqual(['childrens-complaints-unit']);

    // The reasons emptied: refused, naming them and camden 4.11.
    const emptied = await save(panelChair, id, 'panel-decision', { expectedVersion: 0, sections: { reasons: '' } });
    expect(emptied.statusCode, emptied.body).toBe(200);
    const { version } = await read(panelChair, id);
    const refused = await panelChair.post(`/api/v1/cases/${id}/letters/panel-decision/send`, { expectedVersion: version, method: 'email' });
    expect(refused.statusCode).toBe(422);
    expect(problemOf(refused)).toMatchObject({ detail: 'The letter must include how the decision was reached', clause: 'camden 4.11' });
    await save(panelChair, id, 'panel-decision', {
      expectedVersion: 1,
      sections: { reasons: 'The conference weighed the reports it had fairly.' },
    });

    const pdf = pdfText(await panelChair.get(`/api/v1/cases/${id}/letters/panel-decision.pdf`));
    for (const said of [
      'Demo Panel member (camden), chair',
      'Demo panel member, health (camden), member (Health)',
      'The panel decided to confirm the conference decision stands',
      'The conference weighed the reports it had fairly.',
      'Local Government and Social Care Ombudsman',
      'judicial review',
      "Copies to: Children's Complaints Unit",
    ])
      expect(pdf).toContain(said);
    const xml = docxWords(docxXml(await panelChair.get(`/api/v1/cases/${id}/letters/panel-decision.docx`)));
    expect(xml).toContain('The panel decided to confirm the conference decision stands');
    expect(xml).toContain('Local Government and Social Care Ombudsman');

    const sent = await panelChair.post(`/api/v1/cases/${id}/letters/panel-decision/send`, {
      expectedVersion: version,
      method: 'first-class-post',
      sentAt: '2026-12-04T09:30',
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect((await read(panelChair, id)).deadlines.find((d) => d.id === 'panel-decision-letter')?.status).toBe('met');
  });

  it('kent 6 ¶6, ¶7, ¶9: the Stage 1 response is copied to everyone invited to the conference, by name', async () => {
    const careManager = await t.signIn('complaints-manager@kent.demo');
    const chair = await t.signIn('conference-chair@kent.demo');
    const id = await raiseOnDemo(careManager, 'kent');
    await ok(careManager, id, '2026-11-23T11:00:00Z', {
      action: 'triage.decided',
      details: { kind: 'choice', option: 'representation', reason: 'About the decision' },
    });
    await ok(chair, id, '2026-11-23T12:00:00Z', { action: 'stage1.appeal-notified' });
    await ok(chair, id, '2026-11-30T10:00:00Z', {
      action: 'stage1.meeting-held',
      details: { kind: 'meeting', minuteTaker: { personId: 'kent.minute-taker', role: 'note-taker' } },
    });
    on('2026-12-01T10:00:00Z');
    const draft = await letter(chair, id, 'stage1-response');
    expect(draft.missing.map((m) => [m.item, m.clause])).toEqual([['outcome-of-meeting', 'kent 6 ¶6']]);
    const engineCopies = (await read(chair, id)).lettersDue.find((l) => l.letter === 'stage1-response')?.copies ?? [];
    expect(draft.copies.map((c) => [c.to, c.title.toLowerCase(), c.clause])).toEqual(
      engineCopies.map((c) => [c.to, c.title.toLowerCase(), c.clause]),
    );
    expect(draft.copies.find((c) => c.to === 'conference-attendees-and-invitees')?.names).toEqual([
      'Demo designated safeguarding lead',
      'Demo health visitor',
      'Demo police officer',
      'Demo social worker',
    ]);
    const { version } = await read(chair, id);
    const refused = await chair.post(`/api/v1/cases/${id}/letters/stage1-response/send`, { expectedVersion: version, method: 'email' });
    expect(refused.statusCode).toBe(422);
    expect(problemOf(refused)).toMatchObject({ detail: 'The letter must include the outcome of the meeting', clause: 'kent 6 ¶6' });
    await save(chair, id, 'stage1-response', { expectedVersion: 0, sections: { 'outcome-of-meeting': 'The decision stands.' } });
    const pdf = pdfText(await chair.get(`/api/v1/cases/${id}/letters/stage1-response.pdf`));
    expect(pdf).toContain('The decision stands.');
    expect(pdf).toContain('Everyone who attended or was invited to the conference: Demo designated safeguarding lead, Demo health visitor');
    // Emailed Tue 1 Dec, received that day; 20 working days on... as the engine computes the deadline.
    const sent = await chair.post(`/api/v1/cases/${id}/letters/stage1-response/send`, { expectedVersion: version, method: 'email' });
    expect(sent.statusCode, sent.body).toBe(200);
    const stage2Due = (await read(chair, id)).deadlines.find((d) => d.id === 'stage2-request')?.dueDate;
    expect(sent.json<LetterView>().sent?.escalateBy).toBe(stage2Due);
    const xml = docxWords(docxXml(await chair.get(`/api/v1/cases/${id}/letters/stage1-response.docx`)));
    expect(xml).toContain('The decision stands.');
    expect(xml).toContain('Demo health visitor');
  });

  /** A Kingston and Richmond challenge to the demo conference, taken through Stages One and Two to the appeal panel's first sitting (Thu 10 Dec 2026). */
  async function kingstonRichmondPanelSat() {
    const kr = (role: string) => t.signIn(`${role}@kingston-richmond.demo`);
    const officer = await kr('complaints-manager');
    const chair = await kr('conference-chair');
    const manager = await kr('conference-service-manager');
    const senior = await kr('senior-safeguarding-manager');
    const coordinator = await kr('panel-coordinator');
    const panelChair = await kr('panel-member');
    const id = await raiseOnDemo(officer, 'kingston-richmond');
    await ok(chair, id, '2026-11-23T11:00:00Z', { action: 'stage1.complaints-manager-informed' });
    await ok(chair, id, '2026-11-24T10:00:00Z', { action: 'stage1.acknowledged' });
    await ok(manager, id, '2026-11-25T10:00:00Z', {
      action: 'stage1.responded',
      details: { kind: 'choice', option: 'meeting', reason: 'The family asked to meet' },
    });
    await ok(manager, id, '2026-11-26T10:00:00Z', {
      action: 'stage1.letter-sent',
      details: {
        kind: 'letter',
        method: 'email',
        content: { 'points-of-complaint': 'The plan', 'agreed-actions': 'None' },
        copiedTo: ['complaints-manager', 'senior-manager'],
      },
    });
    await ok(manager, id, '2026-11-27T10:00:00Z', { action: 'stage2.requested', details: { kind: 'request' } });
    await ok(senior, id, '2026-12-01T10:00:00Z', { action: 'stage2.meeting-held', details: { kind: 'meeting' } });
    await ok(senior, id, '2026-12-02T10:00:00Z', {
      action: 'stage2.letter-sent',
      details: { kind: 'letter', method: 'email', content: { 'agreed-actions': 'None' }, copiedTo: [] },
    });
    await ok(coordinator, id, '2026-12-03T10:00:00Z', { action: 'stage3.requested', details: { kind: 'request', reasons: 'Unhappy' } });
    await ok(coordinator, id, '2026-12-03T11:00:00Z', { action: 'stage3.partnership-manager-informed' });
    await ok(coordinator, id, '2026-12-04T10:00:00Z', {
      action: 'stage3.panel-convened',
      details: demoPanel('kingston-richmond'),
    });
    const sits = (when: string) =>
      ok(coordinator, id, when, {
        action: 'stage3.meeting-held',
        details: { kind: 'meeting', minuteTaker: { personId: 'kingston-richmond.minute-taker', role: 'minute-taker' } },
      });
    await sits('2026-12-10T10:00:00Z');
    return { id, panelChair, sits };
  }

  it('kingston-richmond "Stage Three" ¶9: the panel letter goes once for each decision; a second send for the same one is refused (ADR 0034)', async () => {
    const { id, panelChair, sits } = await kingstonRichmondPanelSat();
    const decides = (when: string, options: string[], extra: Record<string, unknown> = {}) =>
      ok(panelChair, id, when, {
        action: 'stage3.decided',
        details: {
          kind: 'decision',
          options,
          findings: { proceduresFollowed: true },
          reasons: 'Weighed',
          votes: { for: 3, against: 0 },
          ...extra,
        },
      });
    await decides('2026-12-10T15:00:00Z', ['insufficient-information'], { furtherPanelDate: '2027-01-07' });
    on('2026-12-11T10:00:00Z');
    const send = async () =>
      panelChair.post(`/api/v1/cases/${id}/letters/panel-decision/send`, {
        expectedVersion: (await read(panelChair, id)).version,
        method: 'email',
      });
    await save(panelChair, id, 'panel-decision', {
      expectedVersion: 0,
      addressee: 'Ms A Parent',
      sections: { 'further-panel-date': 'Thu 7 Jan 2027' },
    });
    const first = await send();
    expect(first.statusCode, first.body).toBe(200);
    expect((await read(panelChair, id)).lettersDue).toEqual([]);
    const again = await send();
    expect(again.statusCode, again.body).toBe(422);
    expect(problemOf(again)).toMatchObject({
      detail:
        'The appeal panel\'s decision and minutes is not due on this case now. This has already been done for the latest "Record the panel\'s decision (by majority)" (Thu 10 Dec 2026): it is due again only when that is recorded again',
      clause: 'kingston-richmond "Stage Three" ¶9',
    });
    // The panel sits again on the date it set: a new occasion, with its own decision and letter.
    await sits('2027-01-07T10:00:00Z');
    expect((await read(panelChair, id)).lettersDue).toEqual([]);
    await decides('2027-01-07T15:00:00Z', ['procedures-followed', 'support-original']);
    on('2027-01-08T10:00:00Z');
    expect((await read(panelChair, id)).lettersDue.map((l) => l.letter)).toEqual(['panel-decision']);
    expect((await letter(panelChair, id, 'panel-decision')).status).toBe('draft');
    await save(panelChair, id, 'panel-decision', { expectedVersion: 0, addressee: 'Ms A Parent' });
    const second = await send();
    expect(second.statusCode, second.body).toBe(200);
    expect((await send()).statusCode).toBe(422);
  });

  it("an administrator sets the partnership's letterhead (audited); others read it; bad input names the field", async () => {
    const admin = await t.signIn('administrator@kent.demo');
    const cm = await t.signIn('complaints-manager@kent.demo');
    expect((await cm.get('/api/v1/partnership/letterhead')).json()).toMatchObject({ name: expect.any(String) as string, updatedAt: null });
    const put = (s: Session, body: unknown) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/v1/partnership/letterhead',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    const letterheadBody = {
      name: 'Kent Safeguarding Children Multi-Agency Partnership',
      addressLines: ['Sessions House', 'County Hall', 'Maidstone'],
      postcode: 'ME14 1XQ',
      phone: '03000 41 41 41',
      email: 'kscmp@kent.example',
      website: 'www.kscmp.example',
    };
    expect((await put(cm, letterheadBody)).statusCode).toBe(403);
    const bad = await put(admin, { ...letterheadBody, name: ' ', email: 'not an address' });
    expect(bad.statusCode).toBe(400);
    expect(problemOf(bad)['invalid-params']?.map((p) => p.name)).toEqual(['body.name', 'body.email']);
    const set = await put(admin, letterheadBody);
    expect(set.statusCode, set.body).toBe(200);
    expect((await cm.get('/api/v1/partnership/letterhead')).json()).toMatchObject({
      ...letterheadBody,
      updatedAt: expect.any(String) as string,
    });
    const auditor = await t.signIn('auditor@kent.demo');
    const trail = (await auditor.get('/api/v1/audit?limit=50')).json<{ action: string }[]>().map((e) => e.action);
    expect(trail).toContain('letterhead.changed');
  });
});
