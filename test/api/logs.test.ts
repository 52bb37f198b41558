/** Logs are structured JSON and carry no personal data: no names, emails, addresses, cookies, bodies or query strings. */
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { LOG_SERIALIZERS } from '../../src/web/app.js';
import { DEMO_PASSWORD, testApp } from '../support/app.js';

it('logs each request as JSON with its route and status, and nothing personal', async () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((l) => l !== ''),
      );
      done();
    },
  });
  const t = await testApp({ now: new Date('2026-11-23T10:00:00Z'), logger: { level: 'info', stream, serializers: LOG_SERIALIZERS } });
  try {
    const cm = await t.signIn('complaints-manager@kent.demo');
    const raised = await cm.post('/api/v1/cases', {
      conferenceId: 'kent.conference.demo',
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-23T09:00',
      summary: 'Ms Jane Smith of 4 Acacia Avenue says the chair ignored her',
    });
    const id = raised.json<{ id: string }>().id;
    await cm.get(`/api/v1/cases/${id}?secret=Acacia`);
    await cm.post('/api/v1/people', { name: 'Dr Janet Example', agency: 'health' });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'someone.private@example.org', password: 'wrong-password-here' },
    });
  } finally {
    await t.close();
  }
  expect(lines.length).toBeGreaterThan(4);
  const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(parsed.some((l) => (l['req'] as { route?: string } | undefined)?.route === '/api/v1/cases/:id')).toBe(true);
  const all = lines.join('\n');
  for (const secret of [
    'Jane',
    'Acacia',
    'Janet',
    'someone.private',
    'complaints-manager@kent.demo',
    DEMO_PASSWORD,
    'cc_session',
    '127.0.0.1',
    'remoteAddress',
  ]) {
    expect(all, secret).not.toContain(secret);
  }
});
