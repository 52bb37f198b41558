/**
 * A conference register exported from the children's social care system, as CSV: one row per
 * conference, its children in three aligned columns separated by ; (as invitees and attendees
 * are). Read here, where the request schemas are, for the API's import and the import page alike;
 * every problem is named by its row and column, as the file's header names it.
 */
import { parse } from 'csv-parse/sync';
import type { ImportRow } from '../service/conferences.js';
import type { Principal } from '../service/principal.js';
import type { Services } from '../service/services.js';
import type { FieldIssue } from '../service/errors.js';
import { issuesOf } from './problem.js';
import { newConference } from './schemas.js';

/** The columns of an import file, and the field each fills. */
export const CSV_COLUMNS = {
  external_ref: 'externalRef',
  type: 'type',
  held_at: 'heldAt',
  chair_id: 'chairId',
  local_area: 'localArea',
  decision: 'decision',
  category: 'category',
  minutes_sent_at: 'minutesSent.at',
  minutes_method: 'minutesSent.method',
  invitees: 'participants',
  attendees: 'participants',
  child_social_care_ids: 'children.socialCareId',
  child_names: 'children.name',
  child_dates_of_birth: 'children.dateOfBirth',
} as const;
export const REQUIRED_COLUMNS = ['type', 'held_at', 'chair_id'];
const MAX_ROWS = 2000;

/** A problem with a file: its row (the header is row 1) and column, in the file's own words. */
export interface RowError {
  readonly row: number;
  readonly column: string;
  readonly message: string;
}

export interface ReadCsv {
  readonly rows: readonly ImportRow[];
  readonly errors: readonly RowError[];
}

const list = (cell: string | undefined) =>
  (cell ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Every cell of a list column, empty ones kept, so that the children's three columns stay aligned. */
const aligned = (cell: string | undefined) => (cell === undefined || cell.trim() === '' ? [] : cell.split(';').map((s) => s.trim()));

/** The column a field of a conference came from, and the child it is about if it is one of the children's. */
export function columnOf(field: string): { column: string; prefix: string } {
  const child = /^children\.(\d+)\.(socialCareId|name|dateOfBirth)$/.exec(field);
  if (child !== null) {
    const column = { socialCareId: 'child_social_care_ids', name: 'child_names', dateOfBirth: 'child_dates_of_birth' }[
      child[2] as 'socialCareId' | 'name' | 'dateOfBirth'
    ];
    return { column, prefix: `child ${String(Number(child[1]) + 1)}: ` };
  }
  if (field === 'children') return { column: 'child_social_care_ids', prefix: '' };
  if (/^participants\.\d+\.attended$/.test(field)) return { column: 'attendees', prefix: '' };
  if (field.startsWith('participants')) return { column: 'invitees', prefix: '' };
  if (field === 'minutesSent') return { column: 'minutes_sent_at', prefix: '' };
  const found = Object.entries(CSV_COLUMNS).find(([, f]) => f === field);
  return { column: found?.[0] ?? field, prefix: '' };
}

/** A service's `row N: field` issue as the row and column of the file. */
export function rowErrorOf(issue: FieldIssue): RowError {
  const match = /^row (\d+): (.*)$/.exec(issue.name);
  if (match === null) return { row: 1, column: issue.name.replace(/^body\.columns\./, ''), message: issue.reason };
  const { column, prefix } = columnOf(match[2] ?? '');
  return { row: Number(match[1]), column, message: `${prefix}${issue.reason}` };
}

/** How the service names a row's field: `row N: field`. */
export const rowField = (row: number, name: string) => `row ${String(row)}: ${name}`;

/** Reads a CSV file into conferences, with every problem it can see without the database. */
export function readConferenceCsv(text: string): ReadCsv {
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      trim: true,
      max_record_size: 100_000,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 200) : 'unreadable';
    return { rows: [], errors: [{ row: 1, column: 'file', message: `not a readable CSV file: ${message}` }] };
  }
  if (records.length === 0) return { rows: [], errors: [{ row: 1, column: 'file', message: 'the file has no conferences in it' }] };
  if (records.length > MAX_ROWS)
    return { rows: [], errors: [{ row: 1, column: 'file', message: `at most ${String(MAX_ROWS)} conferences per file` }] };
  const header = Object.keys(records[0] ?? {});
  const unknown = header.filter((h) => !(h in CSV_COLUMNS));
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (unknown.length > 0 || missing.length > 0) {
    return {
      rows: [],
      errors: [
        ...unknown.map((c) => ({ row: 1, column: c, message: `unknown column; the columns are ${Object.keys(CSV_COLUMNS).join(', ')}` })),
        ...missing.map((c) => ({ row: 1, column: c, message: 'this column is required' })),
      ],
    };
  }
  const errors: RowError[] = [];
  const rows: ImportRow[] = [];
  records.forEach((record, index) => {
    const row = index + 2; // line 1 is the header
    const cell = (name: string) => (record[name] === undefined || record[name] === '' ? undefined : record[name]);
    const invitees = list(record['invitees']);
    const attendees = list(record['attendees']);
    const everyone = [...new Set([...invitees, ...attendees])];
    const childIds = aligned(record['child_social_care_ids']);
    const childNames = aligned(record['child_names']);
    const childBirths = aligned(record['child_dates_of_birth']);
    if (childNames.length !== childIds.length)
      errors.push({
        row,
        column: 'child_names',
        message: `gives ${String(childNames.length)} names for ${String(childIds.length)} social care ids`,
      });
    if (childBirths.length > childIds.length)
      errors.push({
        row,
        column: 'child_dates_of_birth',
        message: `gives ${String(childBirths.length)} dates of birth for ${String(childIds.length)} social care ids`,
      });
    const candidate = {
      externalRef: cell('external_ref'),
      type: cell('type'),
      heldAt: cell('held_at'),
      chairId: cell('chair_id'),
      localArea: cell('local_area'),
      decision: cell('decision'),
      category: cell('category'),
      minutesSent:
        cell('minutes_sent_at') === undefined ? undefined : { at: cell('minutes_sent_at'), method: cell('minutes_method') ?? 'email' },
      participants:
        everyone.length === 0
          ? undefined
          : everyone.map((personId) => ({ personId, invited: invitees.includes(personId), attended: attendees.includes(personId) })),
      children:
        childIds.length === 0
          ? undefined
          : childIds.map((socialCareId, i) => {
              const born = childBirths[i];
              return { socialCareId, name: childNames[i] ?? '', ...(born === undefined || born === '' ? {} : { dateOfBirth: born }) };
            }),
    };
    const result = newConference.safeParse(Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined)));
    if (result.success) rows.push({ row, conference: result.data });
    else
      errors.push(
        ...issuesOf('body', result.error).map((i) => rowErrorOf({ name: rowField(row, i.name.replace(/^body\./, '')), reason: i.reason })),
      );
  });
  return { rows, errors };
}

/** A RowError as the API's invalid-params entry: `row N: field`, as imports have always named them. */
export function invalidParamOf(error: RowError): FieldIssue {
  if (error.row === 1) return { name: error.column === 'file' ? 'body' : `body.columns.${error.column}`, reason: error.message };
  return { name: `row ${String(error.row)}: ${error.column}`, reason: error.message };
}

/** What importing a CSV file would do, and every problem with it, by row and column: the preview's and the import's one reading. */
export async function previewCsv(services: Services, principal: Principal, body: string, now: Date) {
  const read = readConferenceCsv(body);
  const preview = await services.conferences.previewImport(principal, read.rows, now, rowField);
  const errors = [...read.errors, ...preview.issues.map(rowErrorOf)].sort((a, b) => a.row - b.row);
  return { rows: preview.rows, errors };
}
