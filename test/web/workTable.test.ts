/**
 * My work's table (partials/work-table.njk) writes GOV.UK's details markup out rather than calling
 * govukDetails on every row (ADR 0036): the same markup as the macro prints, the explanation
 * escaped, each row still linking to its case.
 */
import nunjucks from 'nunjucks';
import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_PATHS } from '../../src/web/plugins/pages.js';

const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([...TEMPLATE_PATHS]), {
  autoescape: true,
  trimBlocks: true,
  lstripBlocks: true,
});
const SCRIPT = '<script>alert("x")</script>';
const EXPLANATION = `Five working days after 1 December, skipping ${SCRIPT} (a closure day)`;

const row = (explanation: string | null) => ({
  caseHref: '/cases/c-1',
  caseName: 'KENT-2026-0001',
  children: `Alex ${SCRIPT}`,
  conference: 'Conference K-1',
  step: 'Meet the complainant',
  stage: 'Stage 1',
  owner: 'Conference chair',
  due: 'Tue 8 Dec 2026',
  explanation,
  clause: 'kent 3.3',
  kind: 'deadline',
});

const render = (rows: readonly ReturnType<typeof row>[]) =>
  parse(env.render('partials/work-table.njk', { section: { id: 'later', heading: 'Later', rows } }));
const collapsed = (html: string) => html.replace(/\s+/g, ' ').replace(/> </g, '><').trim();

describe('My work’s table', () => {
  it('prints the explanation in the markup govukDetails prints, escaped', () => {
    const table = render([row(EXPLANATION)]);
    const details = table.querySelector('details');
    const macro = env.renderString(
      '{% from "govuk/components/details/macro.njk" import govukDetails %}{{ govukDetails({ summaryText: "How this date was worked out", text: explanation, classes: "govuk-!-margin-top-2 govuk-!-margin-bottom-0" }) }}',
      { explanation: EXPLANATION },
    );
    expect(collapsed(details?.outerHTML ?? '')).toBe(collapsed(macro));
    expect(details?.querySelector('.govuk-details__text')?.text.trim()).toBe(EXPLANATION);
    expect(table.outerHTML).not.toContain(SCRIPT);
  });

  it('links each row to its case, names its children escaped, and prints no details for a step with no time limit', () => {
    const table = render([row(null)]);
    expect(table.querySelector('tbody tr a')?.getAttribute('href')).toBe('/cases/c-1');
    expect(table.querySelector('tbody tr a')?.text).toBe('KENT-2026-0001');
    expect(table.querySelector('tbody tr .govuk-body-s')?.text).toBe(`Alex ${SCRIPT}`);
    expect(table.outerHTML).not.toContain(SCRIPT);
    expect(table.querySelector('details')).toBeNull();
  });
});
