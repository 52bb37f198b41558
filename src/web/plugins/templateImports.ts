/**
 * Nunjucks' imports, made once (ADR 0043).
 *
 * `{% from "x.njk" import y %}` (and `{% import "x.njk" as y %}`) without "with context" runs the
 * whole of x.njk's top level afresh, each time the statement is met, to collect its macros. GOV.UK
 * Frontend's component templates each import three or four other components' macros, and every
 * call of a component includes its template again: a form with a dozen inputs ran some fifty such
 * imports. Imported without context, a template's top level sees only the environment's globals,
 * so the macros it gives are the same every time: they are now collected on the first import of
 * each template and given out again after that.
 *
 * A macro collected once is called as often as before, each call in frames of its own (Nunjucks
 * makes a new frame for every call and puts the previous one back after it), and what it prints
 * depends only on its arguments and the globals, as it did. An import "with context" sees the
 * importing template's variables: it is never kept. A template read again from disk (a loader with
 * its cache turned off) is a new template, with nothing kept for it.
 *
 * Also kept: where a relative template name leads from the template that names it, which Nunjucks
 * works out with `path.resolve` on every include and import.
 */
import nunjucks from 'nunjucks';

type Callback = (error: unknown, exported?: unknown) => void;
interface TemplateWithExports {
  getExported: (this: object, ...args: unknown[]) => unknown;
}

const collected = new WeakMap<object, unknown>();
let installed = false;

/** Every template's imports without context made once per template (for the whole process: see above). */
function collectImportsOnce(): void {
  if (installed) return;
  installed = true;
  const prototype = (nunjucks.Template as unknown as { prototype: TemplateWithExports }).prototype;
  const getExported = prototype.getExported;
  prototype.getExported = function (this: object, ...args: unknown[]): unknown {
    // Without context, Nunjucks passes the callback alone.
    const [callback] = args;
    if (args.length !== 1 || typeof callback !== 'function') return getExported.apply(this, args);
    const done = callback as Callback;
    if (collected.has(this)) {
      done(null, collected.get(this));
      return undefined;
    }
    return getExported.call(this, (error: unknown, exported: unknown) => {
      if (error === null || error === undefined) collected.set(this, exported);
      done(error, exported);
    });
  };
}

/** Where `name` leads from `parentName`, for one environment, kept. */
function resolveNamesOnce(env: nunjucks.Environment): void {
  const target = env as unknown as { resolveTemplate: (loader: unknown, parentName: string | null, name: string) => string };
  const resolve = target.resolveTemplate.bind(env);
  // By loader, then by the naming template, then by the name: the names are the same strings each
  // time (from the compiled templates), so each lookup hashes nothing new.
  const resolved = new Map<unknown, Map<string | null, Map<string, string>>>();
  target.resolveTemplate = (loader, parentName, name) => {
    let byLoader = resolved.get(loader);
    if (byLoader === undefined) {
      byLoader = new Map();
      resolved.set(loader, byLoader);
    }
    let byParent = byLoader.get(parentName);
    if (byParent === undefined) {
      byParent = new Map();
      byLoader.set(parentName, byParent);
    }
    let found = byParent.get(name);
    if (found === undefined) {
      found = resolve(loader, parentName, name);
      byParent.set(name, found);
    }
    return found;
  };
}

/** Imports made once, and template names resolved once, for this environment (ADR 0043). */
export function importOnce(env: nunjucks.Environment): void {
  collectImportsOnce();
  resolveNamesOnce(env);
}
