import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareProcedures } from '../../src/cli/compare.js';
import { comparisonRows } from '../../src/core/procedures/compare.js';
import { procedureRegistry } from '../../src/core/procedures/registry.js';
import { testApp, type TestApp } from '../support/app.js';
import { browserOver, signedInBrowser } from '../support/pages.js';

let harness: TestApp;
beforeAll(async () => {
  harness = await testApp({ now: new Date('2026-11-23T10:00:00Z') });
});
afterAll(async () => {
  await harness.close();
});

describe('the procedures list', () => {
  it('lists all five with their partnership, revisions and stages, marking the reader’s own', async () => {
    const page = await (await signedInBrowser(harness, 'panel-member@camden.demo')).get('/procedures');
    expect(page.status).toBe(200);
    expect(page.heading).toBe('Procedures');
    const rows = page.root.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(5);
    const links = page.root.querySelectorAll('tbody th a').map((a) => a.getAttribute('href'));
    expect(links.sort()).toEqual([...procedureRegistry().latest.keys()].map((id) => `/procedures/${id}`).sort());
    const own = rows.filter((r) => r.text.includes('Your partnership'));
    expect(own).toHaveLength(1);
    expect(own[0]?.querySelector('a')?.getAttribute('href')).toBe('/procedures/camden');
    expect(page.text).toMatch(/Version 1, in effect from/);
  });

  it('needs signing in', async () => {
    const page = await browserOver(harness).get('/procedures/kent');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Fprocedures%2Fkent');
  });
});

describe('a procedure’s page', () => {
  it('shows every stage in order, with each action’s kind and who acts, and every time limit with units and clause', async () => {
    const kent = procedureRegistry().latest.get('kent');
    if (kent === undefined) throw new Error('no kent');
    const page = await (await signedInBrowser(harness, 'auditor@kent.demo')).get('/procedures/kent');
    expect(page.status).toBe(200);
    expect(page.heading).toBe(kent.name);
    const stageHeadings = page.root.querySelectorAll('h2[id^="stage-"]').map((h) => h.text.replace(/\s+/g, ' ').trim());
    // In the definition's order, each with its clause.
    expect(stageHeadings).toEqual(kent.stages.map((s) => `${s.name} (${s.clause})`));
    for (const action of kent.actions) expect(page.text, action.id).toContain(action.label);
    // Every deadline's clause is shown beside it, with the unit spelt out.
    for (const d of kent.deadlines) {
      const row = page.root.querySelectorAll('tr').find((tr) => tr.text.includes(d.label) && tr.text.includes(d.clause));
      expect(row, d.id).toBeDefined();
      expect(row?.text).toMatch(/(working days?|days?|months?|hours?) after /);
    }
    expect(page.text).toMatch(/\d+ working days after/);
    // Letters: their required content and copy lists; panels: size, agencies, chair, independence, pack, decision.
    for (const letter of kent.letters) expect(page.text).toContain(`Letter: ${letter.title} (${letter.clause})`);
    for (const panel of kent.panels) {
      expect(page.text).toContain(`Panel: ${panel.name} (${panel.clause})`);
      expect(page.text).toContain(`(${panel.minMembers.clause})`);
      expect(page.text).toContain(`(${panel.decisionBy.clause})`);
      for (const item of panel.documentPack) expect(page.text).toContain(item.item);
    }
    expect(page.text).toContain('the Ombudsman and judicial review');
    for (const outcome of kent.outcomes)
      for (const option of outcome.options) expect(page.text).toContain(`${option.label} (${option.clause})`);
  });

  it('kingston-richmond "Stage Three" ¶9: an action done once for each occasion says which (ADR 0034)', async () => {
    const page = await (await signedInBrowser(harness, 'auditor@kent.demo')).get('/procedures/kingston-richmond');
    const words = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
    const rows = page.root
      .querySelectorAll('.govuk-summary-list__row')
      .map((r) => `${words(r.querySelector('dt')?.text)}: ${words(r.querySelector('dd')?.text)}`);
    expect(rows).toContain('Once for each: Record the panel\'s decision (by majority) (kingston-richmond "Stage Three" ¶9)');
    expect(rows).toContain('Once for each: Hold the appeal panel (kingston-richmond "Stage Three" ¶7)');
  });

  it('answers an unknown procedure with the page-not-found page', async () => {
    const browser = await signedInBrowser(harness, 'auditor@kent.demo');
    expect((await browser.get('/procedures/nowhere')).status).toBe(404);
    expect((await browser.get('/procedures/..%2Fadmin')).status).toBe(404);
  });
});

describe('the comparison', () => {
  it('is a table with one column per procedure and one row per rule compared, the same rows as the CLI prints', async () => {
    const page = await (await signedInBrowser(harness, 'administrator@kent.demo')).get('/procedures/compare');
    expect(page.status).toBe(200);
    const all = [...procedureRegistry().latest.values()];
    const header = page.root.querySelectorAll('thead th').map((th) => th.text.replace(/\s+/g, ' ').trim());
    expect(header).toEqual(all.map((p) => `${p.name.split(':')[0] ?? ''} (${p.partnership})`));
    const rows = comparisonRows(all);
    const shown = page.root.querySelectorAll('tbody tr').map((tr) => tr.querySelectorAll('td').map((td) => td.text.trim()));
    expect(shown).toEqual(rows.map((r) => [...r.cells]));
    const markdown = compareProcedures(all);
    for (const row of rows) expect(markdown).toContain(`| ${row.label} |`);
    // Scrolls sideways on a narrow screen, reachable by keyboard.
    expect(page.root.querySelector('.app-table-scroll')?.getAttribute('tabindex')).toBe('0');
  });
});
