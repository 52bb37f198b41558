/**
 * A raise with a caller-chosen case id (the raise pages' confirm, ADR 0029) saves one case however
 * many requests carry it, also when they race on two instances over one database.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { RaiseInput } from '../../src/service/cases.js';
import type { Principal } from '../../src/service/principal.js';
import { onBothDatabases, twoInstances } from './backends.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const principal: Principal = { kind: 'user', id: 'camden.complaints-manager', role: 'complaints-manager', partnershipId: 'camden' };
const input: RaiseInput = {
  conferenceId: 'camden.conference.demo',
  track: 'family',
  subject: 'conference',
  complainant: { kind: 'parent', name: 'Jo', relationship: 'Mother', contact: 'jo@example.org' },
  aspects: ['decision'],
  receivedAt: new Date('2026-11-20T09:00:00Z'),
};

onBothDatabases('raising with a chosen case id', (backend) => {
  it(
    'saves one case when the same raise races on two instances, and every request answers with that case',
    { timeout: 60_000 },
    async () => {
      const { first, second, close } = await twoInstances(backend(), { now: NOW });
      try {
        const caseId = randomUUID();
        const answers = await Promise.all(
          Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? first : second).services.cases.raise(principal, input, NOW, { caseId })),
        );
        expect(new Set(answers.map((a) => a.id))).toEqual(new Set([caseId]));
        expect(answers.filter((a) => a.repeated !== true)).toHaveLength(1);
        const cases = await first.database.db.selectFrom('cases').select('case_id').where('partnership_id', '=', 'camden').execute();
        expect(cases).toEqual([{ case_id: caseId }]);
        const raised = await first.database.db.selectFrom('case_events').select('seq').where('case_id', '=', caseId).execute();
        expect(raised.length).toBeGreaterThan(0);
      } finally {
        await close();
      }
    },
  );

  it('never answers with another partnership’s case for a chosen id', { timeout: 60_000 }, async () => {
    const { first, close } = await twoInstances(backend(), { now: NOW });
    try {
      const caseId = randomUUID();
      await first.services.cases.raise(principal, input, NOW, { caseId });
      const kent: Principal = { kind: 'user', id: 'kent.complaints-manager', role: 'complaints-manager', partnershipId: 'kent' };
      await expect(
        first.services.cases.raise(
          kent,
          { ...input, conferenceId: 'kent.conference.demo', receivedAt: new Date('2026-11-23T09:00:00Z') },
          NOW,
          { caseId },
        ),
      ).rejects.toThrow();
    } finally {
      await close();
    }
  });
});
