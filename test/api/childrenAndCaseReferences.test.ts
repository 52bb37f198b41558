/**
 * Children and human case references (issue 12 points 3 and 4, ADR 0022), through the API on both
 * databases: conferences carry their children, known by the social care id (one child however
 * many conferences); the case's children come from its conference; a case's reference is its
 * partnership's prefix, the London year it was raised and the next number, unique and never
 * given twice, even when two instances raise at the same moment.
 */
import { describe, expect, it } from 'vitest';
import { problemOf, type Session } from '../support/app.js';
import { appEachTest } from '../support/appEachTest.js';
import { onBothDatabases, twoInstances } from './backends.js';

const MONDAY = new Date('2026-11-23T10:00:00Z');

interface ChildBody {
  id: string;
  socialCareId: string;
  name: string;
  dateOfBirth: string | null;
}

const raiseOn = (s: Session, conferenceId: string) =>
  s.post('/api/v1/cases', {
    conferenceId,
    track: 'family',
    complainant: { kind: 'parent' },
    aspects: ['decision'],
    receivedAt: '2026-11-23T09:00',
  });

onBothDatabases('children and case references', (backend) => {
  const t = appEachTest(backend, { now: MONDAY });

  const conferenceWith = async (s: Session, externalRef: string, children: unknown[]) => {
    const created = await s.post('/api/v1/conferences', {
      externalRef,
      type: 'initial',
      heldAt: '2026-11-19T10:00',
      chairId: 'kent.conference-chair',
      decision: 'child-protection-plan',
      category: 'neglect',
      children,
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json<{ id: string; children: ChildBody[] }>();
  };

  describe('children', () => {
    it('records a conference with its children, links a child already known by social care id, and shows them on the case', async () => {
      const csm = await t.signIn('conference-service-manager@kent.demo');
      const first = await conferenceWith(csm, 'LCS-10', [
        { socialCareId: 'SC-1001', name: 'Amy Smith', dateOfBirth: '2019-04-02' },
        { socialCareId: 'SC-1002', name: 'Ben Smith' },
      ]);
      expect(first.children.map((c) => [c.socialCareId, c.name, c.dateOfBirth])).toEqual([
        ['SC-1001', 'Amy Smith', '2019-04-02'],
        ['SC-1002', 'Ben Smith', null],
      ]);
      // The same child at a later conference is the same child, whatever the spelling's case.
      const second = await conferenceWith(csm, 'LCS-11', [{ socialCareId: 'SC-1001', name: 'amy smith', dateOfBirth: '2019-04-02' }]);
      expect(second.children.map((c) => c.id)).toEqual([first.children[0]?.id]);
      const listed = (await csm.get('/api/v1/children')).json<{ children: ChildBody[]; total: number }>();
      // Two new children, beside the demo conference's one.
      expect(listed.children.map((c) => c.socialCareId).filter((id) => !id.startsWith('DEMO-'))).toEqual(['SC-1001', 'SC-1002']);
      expect(listed.total).toBe(3);
      const amy = first.children[0]?.id ?? '';
      const herConferences = (await csm.get(`/api/v1/conferences?childId=${amy}`)).json<{ externalRef: string }[]>();
      expect(herConferences.map((c) => c.externalRef).sort()).toEqual(['LCS-10', 'LCS-11']);

      const cm = await t.signIn('complaints-manager@kent.demo');
      const raised = await raiseOn(cm, first.id);
      expect(raised.statusCode, raised.body).toBe(201);
      const view = (await cm.get(`/api/v1/cases/${raised.json<{ id: string }>().id}`)).json<{ children: ChildBody[] }>();
      expect(view.children.map((c) => c.name)).toEqual(['Amy Smith', 'Ben Smith']);
    });

    it('refuses a known social care id with another name or date of birth, a child twice, and a birth after the conference, recording nothing', async () => {
      const csm = await t.signIn('conference-service-manager@kent.demo');
      await conferenceWith(csm, 'LCS-20', [{ socialCareId: 'SC-2001', name: 'Cara Jones', dateOfBirth: '2020-01-01' }]);
      const refused = await csm.post('/api/v1/conferences', {
        externalRef: 'LCS-21',
        type: 'initial',
        heldAt: '2026-11-19T10:00',
        chairId: 'kent.conference-chair',
        children: [
          { socialCareId: 'SC-2001', name: 'Cara Jones', dateOfBirth: '2020-01-02' },
          { socialCareId: 'SC-2002', name: 'Dan Jones', dateOfBirth: '2026-11-20' },
          { socialCareId: 'SC-2002', name: 'Dan Jones', dateOfBirth: '2026-11-20' },
        ],
      });
      expect(refused.statusCode).toBe(400);
      expect(problemOf(refused)['invalid-params']).toEqual([
        { name: 'body.children.2.socialCareId', reason: 'lists the same child twice' },
        {
          name: 'body.children.0.socialCareId',
          reason: 'a child with the social care id SC-2001 is already recorded with a different name or date of birth: check the id',
        },
        {
          name: 'body.children.1.dateOfBirth',
          reason: 'cannot be after the conference (10:00 on Thu 19 Nov 2026): leave it empty for a child not yet born',
        },
        {
          name: 'body.children.2.dateOfBirth',
          reason: 'cannot be after the conference (10:00 on Thu 19 Nov 2026): leave it empty for a child not yet born',
        },
      ]);
      // Cara, beside the demo conference's child: nothing of the refused conference was recorded.
      expect((await csm.get('/api/v1/children')).json<{ total: number }>().total).toBe(2);
      const bad = await csm.post('/api/v1/conferences', {
        type: 'initial',
        heldAt: '2026-11-19T10:00',
        chairId: 'kent.conference-chair',
        children: [{ socialCareId: '', name: '<b>x</b>', dateOfBirth: '2020-02-30' }],
      });
      expect(problemOf(bad)['invalid-params']?.map((p) => p.name)).toEqual(['body.children.0.socialCareId', 'body.children.0.dateOfBirth']);
    });

    it('finds children by part of a name or id whatever its case, audits every read, and hides another partnership’s child', async () => {
      const csm = await t.signIn('conference-service-manager@kent.demo');
      const conference = await conferenceWith(csm, 'LCS-30', [
        { socialCareId: 'SC-3001', name: 'Eve O’Brien', dateOfBirth: '2018-05-05' },
        { socialCareId: 'SC-3002', name: 'Finn 100%_Smith', dateOfBirth: '2017-05-05' },
      ]);
      const names = async (search: string) =>
        (await csm.get(`/api/v1/children?search=${encodeURIComponent(search)}`))
          .json<{ children: ChildBody[] }>()
          .children.map((c) => c.name);
      expect(await names('brien')).toEqual(['Eve O’Brien']);
      expect(await names('sc-300')).toEqual(['Eve O’Brien', 'Finn 100%_Smith']);
      // % and _ are letters here, not wildcards.
      expect(await names('%_')).toEqual(['Finn 100%_Smith']);
      expect(await names('_')).toEqual(['Finn 100%_Smith']);
      const id = conference.children[0]?.id ?? '';
      expect((await csm.get(`/api/v1/children/${id}`)).json()).toMatchObject({ socialCareId: 'SC-3001' });
      const audited = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'subject_id', 'outcome'])
        .where('action', 'in', ['child.read', 'child.list'])
        .orderBy('id')
        .execute();
      expect(audited.filter((a) => a.action === 'child.list')).toHaveLength(4);
      expect(audited.filter((a) => a.action === 'child.read')).toEqual([{ action: 'child.read', subject_id: id, outcome: 'ok' }]);
      const camden = await t.signIn('conference-service-manager@camden.demo');
      expect((await camden.get(`/api/v1/children/${id}`)).statusCode).toBe(404);
      const camdens = (await camden.get('/api/v1/children')).json<{ children: ChildBody[] }>().children;
      expect(camdens.map((c) => c.id)).not.toContain(id);
      expect(camdens.map((c) => c.socialCareId)).toEqual(['DEMO-CAMDEN-01-1']);
      const administrator = await t.signIn('administrator@kent.demo');
      expect((await administrator.get(`/api/v1/children/${id}`)).statusCode).toBe(403);
    });

    it('keeps a conference recorded without children working: its case has none', async () => {
      // A conference recorded before children were (rows from before migration 0010 have none).
      await t.database.db.deleteFrom('conference_children').where('conference_id', '=', 'kent.conference.demo').execute();
      const cm = await t.signIn('complaints-manager@kent.demo');
      const raised = await raiseOn(cm, 'kent.conference.demo');
      expect(raised.statusCode, raised.body).toBe(201);
      const view = (await cm.get(`/api/v1/cases/${raised.json<{ id: string }>().id}`)).json<{ children: unknown[]; reference: string }>();
      expect(view.children).toEqual([]);
      expect(view.reference).toBe('KENT-2026-0001');
    });
  });

  describe('case references', () => {
    it('numbers cases per partnership and London year, finds one by reference, and starts again at 1 in a new year', async () => {
      const cm = await t.signIn('complaints-manager@kent.demo');
      const refs: string[] = [];
      for (let i = 0; i < 3; i += 1) refs.push((await raiseOn(cm, 'kent.conference.demo')).json<{ reference: string }>().reference);
      expect(refs).toEqual(['KENT-2026-0001', 'KENT-2026-0002', 'KENT-2026-0003']);
      // Another partnership has its own prefix and sequence.
      const camden = await t.signIn('complaints-manager@camden.demo');
      expect((await raiseOn(camden, 'camden.conference.demo')).json<{ reference: string }>().reference).toBe('CAMDEN-2026-0001');
      const found = (await cm.get('/api/v1/cases?reference=kent-2026-0002')).json<{ cases: { reference: string }[]; total: number }>();
      expect(found.total).toBe(1);
      expect(found.cases[0]?.reference).toBe('KENT-2026-0002');
      // Camden's reference is not Kent's to find.
      expect((await cm.get('/api/v1/cases?reference=CAMDEN-2026-0001')).json<{ total: number }>().total).toBe(0);

      t.setNow(new Date('2027-01-04T10:00:00Z'));
      const csm = await t.signIn('conference-service-manager@kent.demo');
      const january = await csm.post('/api/v1/conferences', {
        type: 'initial',
        heldAt: '2026-12-31T10:00',
        chairId: 'kent.conference-chair',
        decision: 'child-protection-plan',
        category: 'neglect',
      });
      const raised = await cm.post('/api/v1/cases', {
        conferenceId: january.json<{ id: string }>().id,
        track: 'family',
        complainant: { kind: 'parent' },
        aspects: ['decision'],
        receivedAt: '2027-01-04T09:00',
      });
      expect(raised.statusCode, raised.body).toBe(201);
      expect(raised.json<{ reference: string }>().reference).toBe('KENT-2027-0001');
    });

    it('gives every one of twenty raises at once, on two instances, its own number, none skipped', async () => {
      const shared = await twoInstances(backend(), { now: MONDAY });
      try {
        const first = await shared.first.signIn('complaints-manager@kent.demo');
        const second = await shared.second.signIn('complaints-manager@kent.demo');
        const responses = await Promise.all(
          Array.from({ length: 20 }, (_, i) => raiseOn(i % 2 === 0 ? first : second, 'kent.conference.demo')),
        );
        expect(responses.map((r) => r.statusCode)).toEqual(Array.from({ length: 20 }, () => 201));
        const refs = responses.map((r) => r.json<{ reference: string }>().reference).sort();
        expect(refs).toEqual(Array.from({ length: 20 }, (_, i) => `KENT-2026-${String(i + 1).padStart(4, '0')}`));
      } finally {
        await shared.close();
      }
    }, 60_000);
  });
});
