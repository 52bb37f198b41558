/**
 * Generated bad requests at every endpoint, signed in with a role that may call it: always a
 * clear 4xx (or success), never a 5xx, and an error never echoes the input.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES, type StaffRole } from '../../src/service/principal.js';
import { rolesAllowed, type Access } from '../../src/web/route.js';
import { ROUTES } from '../../src/web/routes/index.js';
import { testApp, type Session, type TestApp } from '../support/app.js';

const NASTY = [
  "'; DROP TABLE case_events; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '\u0000',
  '2026-02-30',
  '9'.repeat(400),
  '{"$date":"x"}',
  '__proto__',
  'kent.conference.demo',
];

let t: TestApp;
const sessions = new Map<StaffRole, Session>();
let caseId = '';

beforeAll(async () => {
  t = await testApp({ now: new Date('2026-11-23T10:00:00Z') });
  for (const role of STAFF_ROLES) sessions.set(role, await t.signIn(`${role}@kent.demo`));
  const raised = await sessions.get('complaints-manager')?.post('/api/v1/cases', {
    conferenceId: 'kent.conference.demo',
    track: 'family',
    complainant: { kind: 'parent' },
    aspects: ['decision'],
    receivedAt: '2026-11-23T09:00',
  });
  caseId = raised?.json<{ id: string }>().id ?? '';
}, 60_000);
afterAll(async () => {
  await t.close();
});

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...NASTY));
const value: fc.Arbitrary<unknown> = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(text, text, { maxKeys: 3 }),
);
/** Bodies shaped like the real ones, with any field wrong. */
const nearly = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom('perform', 'minutes-sent', 'receipt', 'late-arrival', 'limitation', 'withdraw', 'initial', 'review'),
      text,
    ),
    expectedVersion: fc.oneof(fc.integer({ min: -2, max: 5 }), text),
    action: fc.oneof(fc.constantFrom('triage.decided', 'stage1.meeting-held', 'stage2.requested'), text),
    details: fc.oneof(
      fc.record(
        {
          kind: fc.constantFrom('record', 'meeting', 'letter', 'request', 'panel', 'decision', 'choice'),
          option: text,
          reason: text,
          members: fc.array(fc.dictionary(text, value), { maxLength: 2 }),
        },
        { requiredKeys: [] },
      ),
      value,
    ),
    conferenceId: fc.oneof(fc.constant('kent.conference.demo'), text),
    track: fc.oneof(fc.constantFrom('family', 'professional-dissent'), text),
    complainant: fc.oneof(fc.record({ kind: fc.oneof(fc.constantFrom('parent', 'child', 'carer'), text) }), value),
    aspects: fc.oneof(fc.array(fc.constantFrom('process', 'decision', 'category'), { maxLength: 3 }), value),
    receivedAt: fc.oneof(fc.constantFrom('2026-11-23T09:00', '2026-11-23', '2026-03-29T01:30', '2150-01-01', '1900-01-01'), text),
    heldAt: fc.oneof(fc.constantFrom('2026-11-20T10:00', '2026-02-29'), text),
    chairId: fc.oneof(fc.constant('kent.conference-chair'), text),
    email: text,
    password: text,
    name: text,
    agency: fc.oneof(fc.constantFrom('police', 'health'), text),
    role: fc.oneof(fc.constantFrom(...STAFF_ROLES), text),
    date: fc.oneof(fc.constantFrom('2026-12-24', '2026-13-01'), text),
    reason: text,
    disabled: value,
    lineManagerId: fc.oneof(fc.constantFrom('kent.panel-coordinator', null), text),
  },
  { requiredKeys: [] },
);

function roleFor(access: Access): StaffRole {
  const roles = rolesAllowed(access);
  return roles === 'public' ? 'complaints-manager' : (roles.find((r) => r !== 'administrator') ?? roles[0] ?? 'administrator');
}

describe('generated bad requests never cause a 5xx', () => {
  for (const route of ROUTES.filter((r) => r.operationId !== 'signOut')) {
    it(`${route.method} ${route.url}`, async () => {
      const session = sessions.get(roleFor(route.access));
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.constant(caseId), fc.constant('kent.conference.demo'), text),
          fc.dictionary(
            fc.constantFrom(
              'limit',
              'offset',
              'status',
              'conference',
              'at',
              'caseId',
              'conferenceId',
              'type',
              'filename',
              'before',
              'subjectId',
              'overdue',
              'x',
            ),
            text,
            { maxKeys: 4 },
          ),
          fc.oneof(nearly, value, fc.constant(undefined)),
          async (id, query, body) => {
            const sendsBody = route.method === 'POST' || route.method === 'PATCH';
            const url = `${route.url.replace(':id', encodeURIComponent(id) || 'x').replace(':agency', 'police')}?${new URLSearchParams(query).toString()}`;
            const headers: Record<string, string> = { cookie: session?.cookie ?? '', 'x-csrf-token': session?.csrf ?? '' };
            const response = await t.app.inject({
              method: route.method,
              url,
              headers: sendsBody
                ? {
                    ...headers,
                    'content-type':
                      route.bodyType === 'csv' ? 'text/csv' : route.bodyType === 'document' ? 'application/pdf' : 'application/json',
                  }
                : headers,
              ...(sendsBody
                ? {
                    payload:
                      route.bodyType === undefined || route.bodyType === 'json'
                        ? JSON.stringify(body ?? null)
                        : typeof body === 'string'
                          ? body
                          : JSON.stringify(body ?? ''),
                  }
                : {}),
            });
            expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(500);
            if (response.statusCode >= 400) {
              expect(response.body).not.toContain('<script>');
              expect(response.body).not.toContain('DROP TABLE');
            }
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('leaves every case chain intact afterwards', async () => {
    expect((await t.services.verifyCaseChains()).broken).toEqual([]);
  });
});
