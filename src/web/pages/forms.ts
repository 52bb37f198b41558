/**
 * Forms as the GOV.UK Design System asks: every problem listed in an error summary at the top,
 * each linking to its field, and the same message beside the field. A form with any problem is
 * shown again with what was typed (passwords excepted) and nothing saved.
 */
import { z } from 'zod';
import { daysInMonth, isoDate, type IsoDate } from '../../core/calendar/index.js';
import { ServiceError } from '../../service/errors.js';

export type Form = Readonly<Record<string, string | string[]>>;

export interface FieldError {
  readonly field: string;
  readonly text: string;
  /** The element the summary links to: the field's id, or a date's first wrong part. */
  readonly href: string;
}

/** A form's problems, in the order of its fields, as the govukErrorSummary macro and each field's errorMessage take them. */
export class FormErrors {
  private readonly list: FieldError[] = [];

  add(field: string, text: string, href = `#${field}`): this {
    // One message per field: the first problem found is the one to fix first.
    if (!this.list.some((e) => e.field === field)) this.list.push({ field, text, href });
    return this;
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  has(field: string): boolean {
    return this.list.some((e) => e.field === field);
  }

  /** For the view: `errorList` for the summary, `errors.<field>` for each field's errorMessage. */
  toView(): { readonly errorList: readonly { text: string; href: string }[]; readonly errors: Readonly<Record<string, { text: string }>> } {
    return {
      errorList: this.list.map((e) => ({ text: e.text, href: e.href })),
      errors: Object.fromEntries(this.list.map((e) => [e.field, { text: e.text }])),
    };
  }
}

const CONTROL_CHARACTER = /(?![\t\n]|\r\n)\p{Cc}|\p{Cs}/u;
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * A text field under the service's one text rule (schemas.ts PLAIN_TEXT, ADR 0018), with messages
 * that name the field as the page labels it. Not sent reads as empty. `name: true` also refuses
 * bidirectional controls, as for people's and files' names.
 */
export function formText(label: string, options: { required?: string; max?: number; name?: boolean; trim?: boolean } = {}) {
  const max = options.max ?? 5000;
  const schema = z
    .preprocess((value: unknown): unknown => (Array.isArray(value) ? (value[0] as unknown) : (value ?? '')), z.string())
    .pipe(
      (options.trim === false ? z.string() : z.string().trim())
        .check(
          z.superRefine((value: string, ctx) => {
            if (CONTROL_CHARACTER.test(value))
              ctx.addIssue({ code: 'custom', message: `${label} must not contain control characters`, input: value });
            if (options.name === true && BIDI_CONTROL.test(value))
              ctx.addIssue({
                code: 'custom',
                message: `${label} must not contain right-to-left or other direction controls`,
                input: value,
              });
          }),
        )
        .max(max, `${label} must be ${String(max)} characters or fewer`),
    );
  const required = options.required;
  return required === undefined ? schema : schema.refine((value) => value.length > 0, required);
}

/** One value of a form: the first if the name was sent more than once, '' if not sent. */
export function field(form: Form, name: string): string {
  const value = form[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Every value sent under a name (checkboxes), none if not sent. */
export function fields(form: Form, name: string): string[] {
  const value = form[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * Parses a form with a zod schema whose messages are written for the person filling it in
 * ("Enter your email address"). Problems are keyed by the field's name (the issue's first path
 * element); `hrefs` overrides where the summary links for a field (a date's day box).
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  form: Form,
  hrefs: Readonly<Record<string, string>> = {},
): { readonly ok: true; readonly value: z.output<S> } | { readonly ok: false; readonly errors: FormErrors } {
  const parsed = schema.safeParse(form);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors = new FormErrors();
  for (const issue of parsed.error.issues) {
    const name = issue.path.length === 0 ? 'form' : issue.path.map(String).join('-');
    errors.add(name, issue.message, hrefs[name] ?? `#${name}`);
  }
  return { ok: false, errors };
}

/** A ServiceError's refusal as a form error (the procedure's reason, with its clause where it gives one). */
export function refusalText(error: ServiceError): string {
  const clause = error.extra.clause;
  return clause === undefined ? error.message : `${error.message} (${clause})`;
}

/**
 * A GOV.UK date input (`<name>-day`, `<name>-month`, `<name>-year`) read as a date, with the
 * pattern's own messages: "Enter …", "… must include a month", "… must be a real date".
 * `label` is how the message names the date, in sentence case ("The date the letter was received").
 */
export function readDate(
  form: Form,
  name: string,
  label: string,
  errors: FormErrors,
  options: { optional?: boolean } = {},
): IsoDate | undefined {
  const parts = {
    day: field(form, `${name}-day`).trim(),
    month: field(form, `${name}-month`).trim(),
    year: field(form, `${name}-year`).trim(),
  };
  const missing = (Object.keys(parts) as (keyof typeof parts)[]).filter((p) => parts[p] === '');
  if (missing.length === 3) {
    if (options.optional !== true) errors.add(name, `Enter ${lowerFirst(label)}`, `#${name}-day`);
    return undefined;
  }
  if (missing.length > 0) {
    errors.add(name, `${label} must include a ${missing.join(' and ')}`, `#${name}-${missing[0] ?? 'day'}`);
    return undefined;
  }
  const [day, month, year] = [Number(parts.day), Number(parts.month), Number(parts.year)];
  const real =
    /^\d{1,2}$/.test(parts.day) &&
    /^\d{1,2}$/.test(parts.month) &&
    /^\d{4}$/.test(parts.year) &&
    month >= 1 &&
    month <= 12 &&
    year >= 1900 &&
    year <= 2199 &&
    day >= 1 &&
    day <= daysInMonth(year, month);
  if (!real) {
    errors.add(name, `${label} must be a real date`, `#${name}-day`);
    return undefined;
  }
  return isoDate(`${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

/** A time of day typed as `14:30`, `2:30pm` or `9am`, as minutes after midnight. */
export function readTime(form: Form, name: string, label: string, errors: FormErrors): { hour: number; minute: number } | undefined {
  const text = field(form, name).trim().toLowerCase().replace(/\s+/g, '');
  if (text === '') {
    errors.add(name, `Enter ${lowerFirst(label)}`);
    return undefined;
  }
  const match = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$/.exec(text);
  let hour = Number(match?.[1]);
  const minute = Number(match?.[2] ?? '0');
  const half = match?.[3];
  if (half !== undefined) {
    if (hour < 1 || hour > 12) hour = Number.NaN;
    else hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (match === null || !(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59)) {
    errors.add(name, `${label} must be a real time, like 14:30 or 2:30pm`);
    return undefined;
  }
  return { hour, minute };
}

const lowerFirst = (text: string) => (text.length > 0 ? (text[0] ?? '').toLowerCase() + text.slice(1) : text);
