/**
 * Imports without context made once per template (ADR 0043): the macros are collected on the first
 * import and print as before however often they are imported and called, recursion included; an
 * import with context still sees the importer's variables every time; a template that fails to
 * compile fails every import; relative names still lead where they did.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOnce } from '../../src/web/plugins/templateImports.js';

describe('imports made once', () => {
  let dir: string;
  let env: nunjucks.Environment;
  const tally = { lib: 0, context: 0 };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-imports-'));
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
    };
    mkdirSync(join(dir, 'parts'));
    write('lib.njk', '{% set counted = tallyLib() %}{% macro hello(name) %}Hello {{ name }}{% endmacro %}');
    write('page.njk', '{% from "lib.njk" import hello %}{{ hello(who) }}');
    write('parts/inner.njk', '{% from "../lib.njk" import hello %}[{{ hello(who) }}]');
    write(
      'twice.njk',
      '{% include "parts/inner.njk" %}{% include "parts/inner.njk" %}{% from "lib.njk" import hello %}{{ hello("again") }}',
    );
    write('context.njk', '{% set counted = tallyContext() %}{% macro greet() %}Hi {{ who }}{% endmacro %}');
    write('withContext.njk', '{% from "context.njk" import greet with context %}{{ greet() }}');
    write(
      'tree.njk',
      '{% macro node(n) %}<{{ n.name }}>{% for child in n.children %}{% from "tree.njk" import node as inner %}{{ inner(child) }}{% endfor %}</{{ n.name }}>{% endmacro %}',
    );
    write('treePage.njk', '{% from "tree.njk" import node %}{{ node(root) }}|{{ node(root) }}');
    write('broken.njk', '{% macro oops( %}');
    write('usesBroken.njk', '{% from "broken.njk" import oops %}{{ oops() }}');
    env = new nunjucks.Environment(new nunjucks.FileSystemLoader(dir), { autoescape: true });
    env.addGlobal('tallyLib', () => (tally.lib += 1));
    env.addGlobal('tallyContext', () => (tally.context += 1));
    importOnce(env);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('collects a template’s macros once, however often it is imported, and they print as before', () => {
    expect(env.render('page.njk', { who: 'Ada' })).toBe('Hello Ada');
    expect(env.render('page.njk', { who: 'Grace' })).toBe('Hello Grace');
    expect(env.render('twice.njk', { who: 'Mary' })).toBe('[Hello Mary][Hello Mary]Hello again');
    // Nunjucks keeps a template by the name it was asked for: "lib.njk" from the top and
    // "../lib.njk" from parts/ are two templates of one file, each collected once.
    const collected = tally.lib;
    expect(collected).toBeGreaterThan(0);
    expect(collected).toBeLessThanOrEqual(2);
    expect(env.render('page.njk', { who: '<b>' })).toBe('Hello &lt;b&gt;');
    expect(env.render('twice.njk', { who: 'Ann' })).toBe('[Hello Ann][Hello Ann]Hello again');
    expect(tally.lib).toBe(collected);
  });

  it('imports with context afresh each time, seeing the importer’s variables', () => {
    const before = tally.context;
    expect(env.render('withContext.njk', { who: 'Ada' })).toBe('Hi Ada');
    expect(env.render('withContext.njk', { who: 'Grace' })).toBe('Hi Grace');
    expect(tally.context).toBe(before + 2);
  });

  it('calls a macro within its own call (recursion through a kept import) in frames of its own', () => {
    const root = {
      name: 'a',
      children: [
        { name: 'b', children: [{ name: 'c', children: [] }] },
        { name: 'd', children: [] },
      ],
    };
    expect(env.render('treePage.njk', { root })).toBe('<a><b><c></c></b><d></d></a>|<a><b><c></c></b><d></d></a>');
  });

  it('fails every import of a template that does not compile', () => {
    expect(() => env.render('usesBroken.njk', {})).toThrow();
    expect(() => env.render('usesBroken.njk', {})).toThrow();
  });
});
