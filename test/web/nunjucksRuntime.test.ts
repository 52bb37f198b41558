/**
 * Nunjucks' runtime made cheaper (ADR 0049).
 * - Variable writes made without splitting names: every template prints exactly what Nunjucks' own
 *   `Frame.set` makes it print: loop variables (nested loops, loops over objects, `asyncEach`),
 *   `{% set %}` inside loops, conditions and macros (reaching the frame that has the variable, or
 *   not), set blocks, several targets at once, and macro arguments.
 * - Member lookups reading the member once: values, missing and null targets, methods called on
 *   their own object (read again when called), methods kept in a variable and called later.
 * - Escaping only text with something to escape: every character Nunjucks escapes still is, in
 *   output, through the escape filter and through `forceescape`; text with none is printed as it is.
 */
import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import {
  escapeOnlyWhatNeedsIt,
  nunjucksOwnEscape,
  nunjucksOwnFrameSet,
  nunjucksOwnMemberLookup,
  readMembersOnce,
  writeFramesDirectly,
} from '../../src/web/plugins/nunjucksRuntime.js';

interface FramePrototype {
  set: (name: string, value: unknown, resolveUp?: boolean) => void;
}
const runtime = createRequire(import.meta.url)('nunjucks/src/runtime') as { Frame: { prototype: FramePrototype } };

/**
 * What `render` prints with Nunjucks' own function in the slot (another suite in this worker may
 * have installed the replacement already), then with the replacement installed, and the function
 * installed.
 */
function ownThenInstalled<F>(
  slot: { get: () => F; set: (f: F) => void },
  own: F,
  install: () => void,
  render: () => Record<string, string>,
): { expected: Record<string, string>; actual: Record<string, string>; installed: F } {
  const before = slot.get();
  slot.set(own);
  const expected = render();
  slot.set(before);
  install();
  return { expected, actual: render(), installed: slot.get() };
}

const TEMPLATES: Readonly<Record<string, string>> = {
  loop: '{% for x in xs %}[{{ loop.index }} {{ loop.index0 }} {{ loop.revindex }} {{ loop.revindex0 }} {{ loop.first }} {{ loop.last }} {{ loop.length }} {{ x }}]{% endfor %}',
  nested:
    '{% for a in xs %}{% for b in ys %}({{ loop.index }}{{ a }}{{ b }}){% endfor %}<{{ loop.index }}{{ loop.last }}>{% else %}none{% endfor %}',
  empty: '{% for a in [] %}{{ a }}{% else %}none {{ loop }}{% endfor %}',
  object: '{% for key, value in obj %}{{ loop.index }}:{{ key }}={{ value }};{% endfor %}',
  asyncEach: '{% asyncEach x in xs %}{{ loop.index }}{{ loop.last }}{{ x }}|{% endeach %}',
  setInLoop:
    '{% set n = 1 %}{% set seen = "no" %}{% for x in xs %}{% set n = n + x %}{% set inner = x %}{% endfor %}{{ n }} {{ inner }} {{ seen }}',
  setInIf: '{% set n = 1 %}{% if xs.length %}{% set n = 5 %}{% set m = 7 %}{% endif %}{{ n }} {{ m }}',
  setBlock: '{% set block %}{% for x in xs %}{{ x }},{% endfor %}{% endset %}<{{ block | trim }}>',
  several: '{% set a, b = "both" %}{{ a }}{{ b }}',
  macro:
    '{% macro m(a, b=2) %}{% set c = a + b %}{% for i in [a, b] %}{{ loop.index }}{{ i }}{% endfor %}={{ c }}{% endmacro %}{{ m(1) }} {{ m(1, b=5) }} {{ c }}',
  caller:
    '{% macro wrap(x) %}<{{ caller() }}{{ x }}>{% endmacro %}{% call wrap(3) %}{% for y in xs %}{{ loop.index }}{% endfor %}{% endcall %}',
  shadow: '{% set loop = "outer" %}{% for x in xs %}{{ loop.index }}{% endfor %}{{ loop }}',
  overwritten: '{% for x in xs %}{{ loop.index }}{% set loop = 0 %}{% endfor %}',
  contextLoop: '{% for x in xs %}{{ loop.first }}{% endfor %}{{ loop }}',
};

const CONTEXT = { xs: [1, 2, 3], ys: ['a', 'b'], obj: { p: 1, q: 2 }, loop: 0 };

function renderAll(): Record<string, string> {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([]), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  const out: Record<string, string> = {};
  for (const [name, source] of Object.entries(TEMPLATES)) out[name] = env.renderString(source, { ...CONTEXT });
  return out;
}

describe('writes into Nunjucks frames', () => {
  it('prints every template exactly as Nunjucks’ own writes do', () => {
    const own = nunjucksOwnFrameSet();
    const frames = runtime.Frame.prototype;
    const { expected, actual, installed } = ownThenInstalled(
      { get: () => frames.set, set: (f) => (frames.set = f) },
      own,
      writeFramesDirectly,
      renderAll,
    );
    expect(installed).not.toBe(own);
    expect(actual).toEqual(expected);
    // What Nunjucks prints, spelt out for the loop variables, so that both cannot drift together.
    expect(actual['loop']).toBe('[1 0 3 2 true false 3 1][2 1 2 1 false false 3 2][3 2 1 0 false true 3 3]');
    expect(actual['nested']).toBe('(11a)(21b)<1false>(12a)(22b)<2false>(13a)(23b)<3true>');
    expect(actual['macro']).toBe('1122=3 1125=6 ');
    expect(actual['setInLoop']).toBe('7  no');
    expect(actual['overwritten']).toBe('123');
    writeFramesDirectly();
    expect(runtime.Frame.prototype.set).toBe(installed);
  });
});

describe('escaping', () => {
  const lib = createRequire(import.meta.url)('nunjucks/src/lib') as { escape: (text: string) => string };
  const TEXTS = [
    'plain words',
    '',
    'Kent’s panel',
    'a & b',
    '"quoted"',
    "it's",
    '<script>alert(1)</script>',
    'back\\slash',
    'mixed <b>&</b> \'\\"',
  ];

  it('escapes every character Nunjucks escapes, as Nunjucks does, and leaves other text as it is', () => {
    const own = nunjucksOwnEscape();
    escapeOnlyWhatNeedsIt();
    expect(lib.escape).not.toBe(own);
    for (const text of TEXTS) expect(lib.escape(text), text).toBe(own(text));
    expect(lib.escape('<a href="x">it\'s & \\</a>')).toBe('&lt;a href=&quot;x&quot;&gt;it&#39;s &amp; &#92;&lt;/a&gt;');
    const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([]), { autoescape: true });
    for (const template of ['{{ t }}', '{{ t | escape }}', '{{ t | forceescape }}', '{{ t | safe }}'])
      for (const t of TEXTS) {
        lib.escape = own;
        const expected = env.renderString(template, { t });
        escapeOnlyWhatNeedsIt();
        expect(env.renderString(template, { t }), `${template} of ${t}`).toBe(expected);
      }
    const installed = lib.escape;
    escapeOnlyWhatNeedsIt();
    expect(lib.escape).toBe(installed);
  });
});

describe('member lookups', () => {
  const compiled = createRequire(import.meta.url)('nunjucks/src/runtime') as { memberLookup: (target: unknown, name: string) => unknown };
  const LOOKUPS: Readonly<Record<string, string>> = {
    values: '{{ person.name }} {{ person.address.town }} {{ items.length }} {{ items[1] }} {{ person["name"] }}',
    missing: '[{{ person.nothing }}][{{ nobody.name }}][{{ nothing.name }}][{{ person.nothing.deeper }}]',
    methods: '{{ "abc".toUpperCase() }} {{ counter.next() }} {{ counter.next() }} {{ items.join("+") }}',
    kept: '{% set next = counter.next %}{{ next() }} {{ next() }} {{ counter.count }}',
    swapped: '{% set next = counter.next %}{{ swap() }}{{ next() }}',
    loops: '{% for key, value in person %}{{ key }}={{ value.town or value }};{% endfor %}',
  };
  const context = () => {
    const counter = {
      count: 0,
      next(this: { count: number }) {
        this.count += 1;
        return this.count;
      },
    };
    return {
      person: { name: 'Ada', address: { town: 'Leeds' } },
      items: ['a', 'b', 'c'],
      nothing: null,
      counter,
      swap: () => {
        counter.next = function (this: { count: number }) {
          return -this.count;
        };
        return '';
      },
    };
  };
  const renderAll = () => {
    const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([]), { autoescape: true });
    return Object.fromEntries(Object.entries(LOOKUPS).map(([name, source]) => [name, env.renderString(source, context())]));
  };

  it('answers every lookup as Nunjucks’ own does', () => {
    const own = nunjucksOwnMemberLookup();
    const { expected, actual, installed } = ownThenInstalled(
      { get: () => compiled.memberLookup, set: (f) => (compiled.memberLookup = f) },
      own,
      readMembersOnce,
      renderAll,
    );
    expect(installed).not.toBe(own);
    expect(actual).toEqual(expected);
    expect(actual['methods']).toBe('ABC 1 2 a+b+c');
    expect(actual['kept']).toBe('1 2 2');
    expect(actual['swapped']).toBe('0');
    expect(actual['missing']).toBe('[][][][]');
    readMembersOnce();
    expect(compiled.memberLookup).toBe(installed);
  });
});
