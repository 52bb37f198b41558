/**
 * Recording a letter as sent performs the case's letter action and freezes the letter as it went
 * in one transaction (ADR 0032), on both databases: a fault while freezing (a trigger that refuses
 * the frozen copy) leaves neither the action nor the copy, and the letter can be sent once the
 * fault is gone; two submissions of the same send record it once.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { type Session } from '../support/app.js';
import { appEachTest } from '../support/appEachTest.js';
import { camdenAtStage1Letter } from '../support/camdenLetter.js';
import { onBothDatabases } from './backends.js';

onBothDatabases('sending a letter once', (backend) => {
  const t = appEachTest(backend, { now: new Date('2026-11-23T10:00:00Z') });

  const version = async (s: Session, id: string) => {
    const response = await s.get(`/api/v1/cases/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ version: number }>().version;
  };

  /** Camden's Stage 1 response, complete and ready to send. */
  async function readyToSend() {
    const { chair, id } = await camdenAtStage1Letter(t);
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/cases/${id}/letters/stage1-response`,
      headers: { cookie: chair.cookie, 'x-csrf-token': chair.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({
        expectedVersion: 0,
        addressee: 'Ms A Parent\n1 High Street',
        sections: { 'outcome-of-meeting': 'The chair agreed to correct the minutes.' },
      }),
    });
    expect(saved.statusCode, saved.body).toBe(200);
    return { chair, id };
  }

  const stored = async (id: string) => {
    const db = t.database.db;
    const events = await db.selectFrom('case_events').select('payload').where('case_id', '=', id).execute();
    const drafts = await db.selectFrom('letter_drafts').select(['status', 'final_text']).where('case_id', '=', id).execute();
    return {
      events: events.length,
      letterActions: events.filter((e) => e.payload.includes('"kind":"letter"')).length,
      sent: drafts.filter((d) => d.status === 'sent' && d.final_text !== null).length,
      drafts: drafts.length,
    };
  };

  it('a fault while freezing the letter leaves neither the action nor the frozen copy', async () => {
    const { chair, id } = await readyToSend();
    const before = await stored(id);
    expect(before).toMatchObject({ letterActions: 0, sent: 0, drafts: 1 });
    const caseVersion = await version(chair, id);
    const db = t.database.db;
    // The fault: the database refuses to mark a draft as sent, which is the last write of the freeze.
    if (t.database.dialect === 'sqlite') {
      await sql`create trigger refuse_freeze before update on letter_drafts when new.status = 'sent' begin select raise(abort, 'injected fault'); end`.execute(
        db,
      );
    } else {
      await sql`create function refuse_freeze() returns trigger language plpgsql as $$ begin raise exception 'injected fault'; end $$`.execute(
        db,
      );
      await sql`create trigger refuse_freeze before update on letter_drafts for each row when (new.status = 'sent') execute function refuse_freeze()`.execute(
        db,
      );
    }
    const failed = await chair.post(`/api/v1/cases/${id}/letters/stage1-response/send`, { expectedVersion: caseVersion, method: 'email' });
    expect(failed.statusCode, failed.body).toBe(500);
    // Nothing of it stayed: no event on the case, no frozen copy, the letter still due as a draft.
    expect(await stored(id)).toEqual(before);
    expect(await version(chair, id)).toBe(caseVersion);
    const stillDue = await chair.get(`/api/v1/cases/${id}/letters/stage1-response`);
    expect(stillDue.json<{ status: string; version: number }>()).toMatchObject({ status: 'draft', version: 1 });

    // With the fault gone the same submission goes through, once.
    await sql`drop trigger refuse_freeze${sql.raw(t.database.dialect === 'sqlite' ? '' : ' on letter_drafts')}`.execute(db);
    const sent = await chair.post(`/api/v1/cases/${id}/letters/stage1-response/send`, { expectedVersion: caseVersion, method: 'email' });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json<{ status: string; sent: { escalateBy: string } }>()).toMatchObject({
      status: 'sent',
      sent: { escalateBy: '2026-12-24' },
    });
    expect(await stored(id)).toMatchObject({ events: before.events + 1, sent: 1, drafts: 1 });
  });

  it('two submissions of the same send record the letter once', async () => {
    const { chair, id } = await readyToSend();
    const before = await stored(id);
    const caseVersion = await version(chair, id);
    const send = () => chair.post(`/api/v1/cases/${id}/letters/stage1-response/send`, { expectedVersion: caseVersion, method: 'email' });
    // At the same moment: one is recorded; the other is told the case has moved on (409) or, when
    // it reads the case after the first committed (SQLite serialises them), that the letter is no longer due (422).
    const both = (await Promise.all([send(), send()])).map((r) => r.statusCode).sort();
    expect(both[0]).toBe(200);
    expect([409, 422]).toContain(both[1]);
    // Again afterwards: the letter is no longer due, and nothing more is recorded.
    const again = await send();
    expect([409, 422]).toContain(again.statusCode);
    const after = await stored(id);
    expect(after).toEqual({ events: before.events + 1, letterActions: before.letterActions + 1, sent: 1, drafts: 1 });
  });
});
