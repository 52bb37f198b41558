import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { KEPT_COMPONENTS, keepMacroRenderings } from '../../src/web/plugins/macroCache.js';
import { TEMPLATE_PATHS } from '../../src/web/plugins/pages.js';

const OPTIONS = { autoescape: true, trimBlocks: true, lstripBlocks: true };
const plainEnvironment = () => new nunjucks.Environment(new nunjucks.FileSystemLoader([...TEMPLATE_PATHS]), OPTIONS);
const keptEnvironment = () => {
  const env = plainEnvironment();
  return { env, cache: keepMacroRenderings(env) };
};
const GOVUK_COMPONENTS = join(TEMPLATE_PATHS[1] ?? '', 'govuk/components');
const macroName = (component: string) =>
  /macro\s+([A-Za-z]+)/.exec(readFileSync(join(GOVUK_COMPONENTS, component, 'macro.njk'), 'utf8'))?.[1] ?? '';
const calling = (component: string) =>
  `{% from "govuk/components/${component}/macro.njk" import ${macroName(component)} %}{{ ${macroName(component)}(options) }}`;

interface Fixtures {
  readonly fixtures: readonly { readonly name: string; readonly options: unknown }[];
}

describe('GOV.UK macros rendered once per set of options', () => {
  it('prints exactly what GOV.UK Frontend prints, for every example GOV.UK publishes of every kept component, first time and from memory', () => {
    const plain = plainEnvironment();
    const { env, cache } = keptEnvironment();
    let examples = 0;
    for (const kept of KEPT_COMPONENTS) {
      const component = kept.replace(/^govuk\//, '');
      const { fixtures } = JSON.parse(readFileSync(join(GOVUK_COMPONENTS, component, 'fixtures.json'), 'utf8')) as Fixtures;
      for (const fixture of fixtures) {
        const expected = plain.renderString(calling(component), { options: fixture.options });
        expect(env.renderString(calling(component), { options: fixture.options }), `${component}: ${fixture.name}`).toBe(expected);
        expect(env.renderString(calling(component), { options: fixture.options }), `${component}: ${fixture.name}, again`).toBe(expected);
        examples += 1;
      }
    }
    expect(examples).toBeGreaterThan(300);
    // Kept, and answered from memory: the second rendering of each example (and nested labels, hints...) hit.
    expect(cache.hits).toBeGreaterThanOrEqual(examples);
    expect(cache.size).toBeGreaterThan(0);
  });

  it('keeps text and markup marked safe apart: the same words print escaped or not, as they would', () => {
    const { env } = keptEnvironment();
    const tag = '{% from "govuk/components/tag/macro.njk" import govukTag %}{{ govukTag({ text: words }) }}';
    const safe = env.renderString(tag, { words: new nunjucks.runtime.SafeString('<b>Closed</b>') });
    const text = env.renderString(tag, { words: '<b>Closed</b>' });
    expect(safe).toContain('<b>Closed</b>');
    expect(text).toContain('&lt;b&gt;Closed&lt;/b&gt;');
    expect(env.renderString(tag, { words: new nunjucks.runtime.SafeString('<b>Closed</b>') })).toBe(safe);
  });

  it('tells safe markup apart however deep in the options it is, and never keeps options holding a function', () => {
    const { env, cache } = keptEnvironment();
    const breadcrumbs =
      '{% from "govuk/components/breadcrumbs/macro.njk" import govukBreadcrumbs %}{{ govukBreadcrumbs({ items: [{ text: words, href: "/" }] }) }}';
    const safe = env.renderString(breadcrumbs, { words: new nunjucks.runtime.SafeString('<b>Cases</b>') });
    const text = env.renderString(breadcrumbs, { words: '<b>Cases</b>' });
    expect(safe).toContain('<b>Cases</b>');
    expect(text).not.toBe(safe);
    expect(env.renderString(breadcrumbs, { words: '<b>Cases</b>' })).toBe(text);
    // Nor is it taken for plain data of the same shape as its JSON.
    expect(env.renderString(breadcrumbs, { words: { val: '<b>Cases</b>', length: 12 } })).toContain('[object Object]');
    expect(cache.misses).toBe(3);
    expect(cache.hits).toBe(1);

    const nested = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : { inner: nested(depth - 1, leaf) });
    const tag = '{% from "govuk/components/tag/macro.njk" import govukTag %}{{ govukTag({ text: "Open", attributes: extra }) }}';
    const before = { hits: cache.hits, misses: cache.misses };
    for (const extra of [{ onclick: () => 'x' }, nested(20, () => 'x')]) {
      env.renderString(tag, { extra });
      env.renderString(tag, { extra });
    }
    expect({ hits: cache.hits, misses: cache.misses }).toEqual(before);
    // Deep plain options are kept all the same (read the long way).
    env.renderString(tag, { extra: nested(20, 'x') });
    env.renderString(tag, { extra: nested(20, 'x') });
    expect(cache.hits).toBe(before.hits + 1);
  });

  it('renders a call block every time, with its own content', () => {
    const { env, cache } = keptEnvironment();
    const fieldset = (inside: string) =>
      env.renderString(
        `{% from "govuk/components/fieldset/macro.njk" import govukFieldset %}{% call govukFieldset({ legend: { text: "When" } }) %}${inside}{% endcall %}`,
        {},
      );
    expect(fieldset('<p>first</p>')).toContain('<p>first</p>');
    expect(fieldset('<p>second</p>')).toContain('<p>second</p>');
    expect(cache.hits).toBe(0);
  });

  it('never keeps what carries typed text or a case’s content', () => {
    const { env, cache } = keptEnvironment();
    const input =
      '{% from "govuk/components/input/macro.njk" import govukInput %}{{ govukInput({ id: "c", name: "c", label: { text: "Child" }, value: v }) }}';
    expect(env.renderString(input, { v: 'Ayo Bello' })).toContain('value="Ayo Bello"');
    expect(env.renderString(input, { v: 'Ayo Bello' })).toContain('value="Ayo Bello"');
    // Only the label inside the input (furniture) was kept; the input itself, with its value, never.
    expect(cache.misses).toBe(1);
    expect(cache.hits).toBe(1);
  });

  it('holds at most its limit, the least recently used going first', () => {
    const env = plainEnvironment();
    const cache = keepMacroRenderings(env);
    const tag = '{% from "govuk/components/tag/macro.njk" import govukTag %}{{ govukTag({ text: words }) }}';
    for (let i = 0; i < 2100; i += 1) env.renderString(tag, { words: `Tag ${String(i)}` });
    expect(cache.size).toBe(2000);
  });

  it('finds every kept component’s macro in the shape it reads (a GOV.UK Frontend upgrade that changes it fails here)', () => {
    for (const kept of KEPT_COMPONENTS) {
      const source = readFileSync(join(GOVUK_COMPONENTS, kept.replace(/^govuk\//, ''), 'macro.njk'), 'utf8');
      expect(source, kept).toMatch(/^\{% macro [A-Za-z]+\(params\) %\}\s*\{%- include "\.\/template\.njk" -%\}\s*\{% endmacro %\}\s*$/);
    }
  });
});
