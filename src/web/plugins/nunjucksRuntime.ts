/**
 * Nunjucks' runtime, made cheaper where a page's rendering spends most (ADR 0049): variable writes
 * without taking the name apart on every write, escaping that leaves text with nothing to escape
 * as it is, and member lookups (`row.caseName`) that read the member once rather than twice.
 *
 * Each replaces one of Nunjucks' functions where compiled templates call it, once per process
 * (installing again does nothing), prints exactly what Nunjucks' own prints, and keeps Nunjucks'
 * own reachable (`nunjucksOwn...`), for the tests that compare the two.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** Where an installed replacement keeps Nunjucks' own: process-wide, so that installing twice is noticed. */
const NUNJUCKS_OWN = Symbol.for('conference-challenges.nunjucks-own');

type Fn = (...args: never[]) => unknown;
type Marked<F extends Fn> = F & { [NUNJUCKS_OWN]?: F };

/** The function Nunjucks itself put where `current` now is. */
function ownOf<F extends Fn>(current: F): F {
  return (current as Marked<F>)[NUNJUCKS_OWN] ?? current;
}

/** Puts `make(Nunjucks' own)` in place of `holder[key]`, unless a replacement is already there. */
function replaceOnce<K extends string, F extends Fn>(holder: Record<K, F>, key: K, make: (own: F) => F): void {
  const own = holder[key];
  if ((own as Marked<F>)[NUNJUCKS_OWN] !== undefined) return;
  const replacement = make(own);
  Object.defineProperty(replacement, NUNJUCKS_OWN, { value: own });
  holder[key] = replacement;
}

// ---- Variable writes. ----
//
// Every `{% set %}`, every macro argument and every turn of a `{% for %}` writes variables into
// Nunjucks' frames through `Frame.prototype.set`, which splits the name at its dots each time (so
// that `loop.index` lands in a `loop` object), allocating an array for every write. A loop writes
// seven `loop.*` variables per item; a case page makes about three hundred writes, and CPU profiles
// put a quarter of its rendering in this one function.
//
// The same writes, made without the split: a name with no dot is written straight into the frame
// (or, when asked to resolve upwards, into the nearest frame that has it, as before); a name with
// one dot, not resolved upwards, is written into the object its first part names, made when
// missing, as before, with the two parts of each such name worked out once and kept (the names come
// from compiled templates: `loop.index` and its six siblings). Anything else (more than one dot, or
// a dotted name resolved upwards, which Nunjucks' compiler never writes) goes to Nunjucks' own code.

interface Frame {
  variables: Record<string, unknown>;
  resolve(name: string, forWrite: boolean): Frame | undefined;
  set: FrameSet;
}
type FrameSet = (this: Frame, name: string, value: unknown, resolveUp?: boolean) => void;

/** Nunjucks' runtime module as compiled templates use it. */
const runtime = require('nunjucks/src/runtime') as {
  Frame: { prototype: Frame };
  memberLookup: MemberLookup;
};

/** Nunjucks' own `Frame.prototype.set`, whether or not the direct writes are installed. */
export function nunjucksOwnFrameSet(): FrameSet {
  return ownOf(runtime.Frame.prototype.set);
}

/** Writes into Nunjucks' frames without splitting names (see above). Once per process; idempotent. */
export function writeFramesDirectly(): void {
  replaceOnce<'set', FrameSet>(runtime.Frame.prototype, 'set', (nunjucksSet) => {
    const dotted = new Map<string, readonly [string, string] | null>();
    const partsOf = (name: string) => {
      let parts = dotted.get(name);
      if (parts === undefined) {
        const split = name.split('.');
        parts = split.length === 2 ? [split[0] ?? '', split[1] ?? ''] : null;
        dotted.set(name, parts);
      }
      return parts;
    };
    return function (this: Frame, name: string, value: unknown, resolveUp?: boolean): void {
      if (!name.includes('.')) {
        const frame = resolveUp === true ? this.resolve(name, true) : undefined;
        (frame ?? this).variables[name] = value;
        return;
      }
      const parts = resolveUp === true ? null : partsOf(name);
      if (parts === null) {
        nunjucksSet.call(this, name, value, resolveUp);
        return;
      }
      const [head, tail] = parts;
      let holder = this.variables[head] as Record<string, unknown> | undefined;
      // As Nunjucks: a missing (or falsy) first part is replaced by a new object.
      if (!holder) {
        holder = {};
        this.variables[head] = holder;
      }
      holder[tail] = value;
    };
  });
}

// ---- Member lookups. ----
//
// `runtime.memberLookup(target, name)` answers every `a.b` of a template. Nunjucks reads
// `target[name]` to see whether it is a function and again to return it.

type MemberLookup = (target: unknown, name: string) => unknown;

/** Nunjucks' own `runtime.memberLookup`, whether or not the one-read lookup is installed. */
export function nunjucksOwnMemberLookup(): MemberLookup {
  return ownOf(runtime.memberLookup);
}

/**
 * Member lookups that read the member once, with the same answers: nothing for a missing target,
 * a function bound to its target (read again when called, as Nunjucks does), the value otherwise.
 * Once per process; idempotent.
 */
export function readMembersOnce(): void {
  replaceOnce<'memberLookup', MemberLookup>(runtime, 'memberLookup', () => (target, name) => {
    if (target === undefined || target === null) return undefined;
    const members = target as Record<string, unknown>;
    const value = members[name];
    if (typeof value !== 'function') return value;
    return (...args: unknown[]): unknown => (members[name] as (...a: unknown[]) => unknown).apply(target, args);
  });
}

// ---- Escaping. ----
//
// Every `{{ value }}` of text (not markup marked safe) goes through Nunjucks' `lib.escape`, a
// global replace with a function per match, about two hundred times a page, and nearly always on
// text with nothing to escape. The same replacement, run only when the text has one of the
// characters it replaces.

type Escape = (text: string) => string;

/** Nunjucks' own helpers, whose `escape` its runtime and filters call through this object. */
const lib = require('nunjucks/src/lib') as { escape: Escape };
/** The characters Nunjucks' escape replaces (its `escapeRegex`, without the global flag). */
const ESCAPED = /[&"'<>\\]/;

/** Nunjucks' own `lib.escape`, whether or not the quick one is installed. */
export function nunjucksOwnEscape(): Escape {
  return ownOf(lib.escape);
}

/** Escapes only text that has something to escape, with Nunjucks' own replacement (see above). Once per process; idempotent. */
export function escapeOnlyWhatNeedsIt(): void {
  replaceOnce<'escape', Escape>(lib, 'escape', (nunjucksEscape) => (text) => (ESCAPED.test(text) ? nunjucksEscape(text) : text));
}
