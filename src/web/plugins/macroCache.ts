/**
 * GOV.UK Frontend's macros, each rendered once per distinct set of options (ADR 0036).
 *
 * Every call of a GOV.UK macro includes its template afresh: Nunjucks finds, sets up and runs it,
 * and a page's header, footer, navigation, filters and tags cost more than its own content (a
 * tag took as long as a database read of the case). The macros are pure: what they print depends
 * only on their options (and the environment's constant globals). So, for the service's furniture
 * and its choice controls, the printed markup is kept by its options, and a second call with the
 * same options prints it from memory.
 *
 * Only these components are kept, and only when called with options alone (never a `{% call %}`
 * block, never options holding a function) and options short enough to be service furniture. The
 * components that carry typed text or a case's content (inputs, text areas, summary lists, tables,
 * details, error summaries, banners) are never kept: they are rendered on every call, as before.
 * The memory is bounded, in this process only, and never written anywhere.
 *
 * It works by the loader: each kept component's `macro.njk` (which only includes its template) is
 * read as a macro that asks the cache, which renders the same template with the same variables
 * the include would have seen. A component whose `macro.njk` has another shape is left as it is.
 */
import nunjucks from 'nunjucks';
import { keepBounded } from '../../core/bounded.js';

/** Components whose options in this service are its furniture and its choice controls. */
export const KEPT_COMPONENTS: ReadonlySet<string> = new Set([
  'govuk/back-link',
  'govuk/breadcrumbs',
  'govuk/button',
  'govuk/checkboxes',
  'govuk/date-input',
  'govuk/error-message',
  'govuk/fieldset',
  'govuk/footer',
  'govuk/header',
  'govuk/hint',
  'govuk/label',
  'govuk/pagination',
  'govuk/radios',
  'govuk/select',
  'govuk/service-navigation',
  'govuk/skip-link',
  'govuk/tag',
]);

/** Options longer than this (as JSON) are rendered, not kept. */
const MAX_KEY_LENGTH = 4096;
/** How many renderings are kept; the least recently used goes first. */
export const MAX_KEPT = 2000;

const MACRO_PATH = /(?:^|[\\/])(govuk|moj)[\\/]components[\\/]([a-z-]+)[\\/]macro\.njk$/;
const INCLUDE_ONLY =
  /^\{%-?\s*macro\s+([A-Za-z]+)\(params\)\s*-?%\}\s*\{%-?\s*include\s+"\.\/template\.njk"\s*-?%\}\s*\{%-?\s*endmacro\s*-?%\}\s*$/;
const GLOBAL = '__ccKeptMacro';

interface LoaderSource {
  src: string;
  path: string;
  noCache: boolean;
}
interface Loader {
  getSource(name: string): LoaderSource | null;
}

/** The cache of one environment's renderings, with how often it answered. */
export class MacroCache {
  private readonly kept = new Map<string, nunjucks.runtime.SafeString>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly env: nunjucks.Environment,
    private readonly maxKept = MAX_KEPT,
  ) {}

  /** The component's markup for these options: from memory, or rendered (and kept when it may be). */
  render(template: string, params: unknown, caller: unknown): nunjucks.runtime.SafeString {
    const key = caller === undefined ? keyOf(template, params) : undefined;
    if (key !== undefined) {
      const kept = this.kept.get(key);
      if (kept !== undefined) {
        this.hits += 1;
        // Most recently used last.
        keepBounded(this.kept, key, kept, this.maxKept);
        return kept;
      }
    }
    const markup = new nunjucks.runtime.SafeString(this.env.render(template, caller === undefined ? { params } : { params, caller }));
    if (key === undefined) return markup;
    this.misses += 1;
    keepBounded(this.kept, key, markup, this.maxKept);
    return markup;
  }

  get size(): number {
    return this.kept.size;
  }
}

/** The options as a key, or undefined where they cannot be one (a function in them, or too long). */
function keyOf(template: string, params: unknown): string | undefined {
  // Most options are plain data, which JSON reads fastest with no replacer; the rest go the long way.
  const json = isPlainData(params, 0) ? JSON.stringify(params ?? null) : keyedTheLongWay(params);
  if (json === undefined || json.length > MAX_KEY_LENGTH) return undefined;
  return `${template}\n${json}`;
}

/** Deeper than this, options are not looked through for the quick way (they take the long way). */
const PLAIN_DEPTH = 16;

/** Options with no function and no markup marked safe anywhere in them: their JSON alone tells them apart. */
function isPlainData(value: unknown, depth: number): boolean {
  if (typeof value === 'function') return false;
  if (typeof value !== 'object' || value === null) return true;
  if (depth > PLAIN_DEPTH || value instanceof nunjucks.runtime.SafeString) return false;
  if (Array.isArray(value)) return value.every((item) => isPlainData(item, depth + 1));
  for (const key in value) if (!isPlainData((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

/** The options as JSON with markup marked safe told apart from the same text unmarked; undefined if a function is in them. */
function keyedTheLongWay(params: unknown): string | undefined {
  const found = { aFunction: false };
  const json = JSON.stringify(params ?? null, (_key, value: unknown) => {
    if (typeof value === 'function') found.aFunction = true;
    // Markup marked safe and the same text unmarked print differently: keep them apart.
    if (value instanceof nunjucks.runtime.SafeString) return { safe: value.val };
    return value;
  });
  return found.aFunction ? undefined : json;
}

/** Reads each kept component's macro through the cache; returns the cache. */
export function keepMacroRenderings(env: nunjucks.Environment, components: ReadonlySet<string> = KEPT_COMPONENTS): MacroCache {
  const cache = new MacroCache(env);
  env.addGlobal(GLOBAL, (template: string, params: unknown, caller: unknown) => cache.render(template, params, caller));
  const loaders = (env as unknown as { loaders: Loader[] }).loaders;
  for (const loader of loaders) {
    const getSource = loader.getSource.bind(loader);
    loader.getSource = (name) => {
      const source = getSource(name);
      const component = MACRO_PATH.exec(name);
      if (source === null || component === null || !components.has(`${component[1] ?? ''}/${component[2] ?? ''}`)) return source;
      const shape = INCLUDE_ONLY.exec(source.src);
      if (shape === null) return source;
      const template = source.path.replace(/macro\.njk$/, 'template.njk');
      return {
        ...source,
        src: `{% macro ${shape[1] ?? ''}(params) %}{{ ${GLOBAL}(${JSON.stringify(template)}, params, caller) }}{% endmacro %}`,
      };
    };
  }
  return cache;
}
