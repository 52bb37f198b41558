/**
 * The conference register (issue 12 point 4): the list (by date, booked or held, child), a
 * conference with its children, a form to add one held or book one to come, and a CSV import
 * shown first as a preview with every problem by row and column, then confirmed to save every
 * row in one transaction. Reads are audited as the API's are (conference.list, conference.read).
 */
import { z } from 'zod';
import { formatLongDate, parseLondonDateTime, type IsoDate } from '../../core/calendar/index.js';
import { CONFERENCE_TYPES, type ConferenceType } from '../../core/procedures/schema.js';
import { CONFERENCE_CATEGORIES, CONFERENCE_DECISIONS, type ConferenceStatus, type NewConference } from '../../service/conferences.js';
import { ServiceError } from '../../service/errors.js';
import { may } from '../../service/permissions.js';
import type { Principal } from '../../service/principal.js';
import type { Services } from '../../service/services.js';
import { CSV_COLUMNS, previewCsv, rowErrorOf, rowField, type RowError } from '../conferenceCsv.js';
import { field, formText, FormErrors, readDate, readTime, type Form } from './forms.js';
import { pagination } from './caseList.js';
import { definePage, redirect, view, type PageDefinition, type UploadedFile } from './page.js';

export const TYPE_NAMES: Readonly<Record<ConferenceType, string>> = {
  initial: 'Initial child protection conference',
  review: 'Review child protection conference',
  'risk-outside-the-home-review': 'Risk outside the home review',
  reconvened: 'Reconvened conference',
};
const DECISION_NAMES: Readonly<Record<(typeof CONFERENCE_DECISIONS)[number], string>> = {
  'child-protection-plan': 'Child protection plan',
  'no-child-protection-plan': 'No child protection plan',
  'plan-continues': 'Plan continues',
  'plan-ends': 'Plan ends',
};
const CATEGORY_NAMES: Readonly<Record<(typeof CONFERENCE_CATEGORIES)[number], string>> = {
  neglect: 'Neglect',
  'physical-abuse': 'Physical abuse',
  'emotional-abuse': 'Emotional abuse',
  'sexual-abuse': 'Sexual abuse',
};
const STATUS_NAMES: Readonly<Record<ConferenceStatus, string>> = { booked: 'Booked', held: 'Held' };
/** How many children the form offers: a conference about more is recorded by import. */
export const CHILD_SLOTS = 4;
const PAGE_SIZE = 25;

const SHORT_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const when = (instant: string) => SHORT_DATE_TIME.format(new Date(instant));
const born = (date: string | null) => (date === null ? 'Not yet born' : formatLongDate(date as IsoDate));

const isStatus = (text: string): text is ConferenceStatus => text === 'booked' || text === 'held';

const asForm = (query: unknown): Form => (typeof query === 'object' && query !== null ? (query as Form) : {});

async function audited(services: Services, principal: Principal, now: Date, action: string, subjectType: string, subjectId: string) {
  await services.audit.record({ at: now, principal, action, subjectType, subjectId, outcome: 'ok' });
}

/** The register's address: only what is set. */
function registerUrl(filters: { from?: IsoDate; to?: IsoDate; status?: ConferenceStatus; child?: string }, page = 1): string {
  const params = new URLSearchParams();
  if (filters.child !== undefined && filters.child !== '') params.set('child', filters.child);
  if (filters.status !== undefined) params.set('status', filters.status);
  for (const [name, date] of [
    ['from', filters.from],
    ['to', filters.to],
  ] as const) {
    if (date === undefined) continue;
    const [year = '', month = '', day = ''] = date.split('-');
    params.set(`${name}-day`, String(Number(day)));
    params.set(`${name}-month`, String(Number(month)));
    params.set(`${name}-year`, year);
  }
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text === '' ? '/conferences' : `/conferences?${text}`;
}

/** The add-or-book form as a new conference, with every problem the page can see itself. */
export function conferenceFromForm(form: Form, errors: FormErrors): NewConference | undefined {
  const externalRef = formText('The social care system’s reference', { max: 100 }).safeParse(form['externalRef']);
  if (!externalRef.success) errors.add('externalRef', externalRef.error.issues[0]?.message ?? 'Check the reference');
  const type = field(form, 'type');
  if (!(CONFERENCE_TYPES as readonly string[]).includes(type)) errors.add('type', 'Select the type of conference', '#type');
  const date = readDate(form, 'heldOn', 'The date of the conference', errors);
  const time = readTime(form, 'time', 'The time of the conference', errors);
  const chairId = field(form, 'chairId');
  if (chairId === '') errors.add('chairId', 'Select the chair');
  const decision = field(form, 'decision');
  const category = field(form, 'category');
  const localArea = field(form, 'localArea');
  const children: { socialCareId: string; name: string; dateOfBirth?: IsoDate }[] = [];
  for (let slot = 1; slot <= CHILD_SLOTS; slot += 1) {
    const prefix = `child${String(slot)}`;
    const id = formText('The social care id', { max: 50 }).safeParse(form[`${prefix}-socialCareId`]);
    const name = formText('The child’s name', { max: 200, name: true }).safeParse(form[`${prefix}-name`]);
    const dobTyped = ['day', 'month', 'year'].some((p) => field(form, `${prefix}-dob-${p}`).trim() !== '');
    const idText = id.success ? id.data : '';
    const nameText = name.success ? name.data : '';
    if (idText === '' && nameText === '' && !dobTyped && id.success && name.success) continue;
    const which = `child ${String(slot)}`;
    if (!id.success) errors.add(`${prefix}-socialCareId`, `${id.error.issues[0]?.message ?? 'Check the id'} (${which})`);
    else if (idText === '') errors.add(`${prefix}-socialCareId`, `Enter the social care id of ${which}`);
    if (!name.success) errors.add(`${prefix}-name`, `${name.error.issues[0]?.message ?? 'Check the name'} (${which})`);
    else if (nameText === '') errors.add(`${prefix}-name`, `Enter the name of ${which}`);
    const dateOfBirth = readDate(form, `${prefix}-dob`, `The date of birth of ${which}`, errors, { optional: true });
    children.push({ socialCareId: idText, name: nameText, ...(dateOfBirth === undefined ? {} : { dateOfBirth }) });
  }
  if (children.length === 0) errors.add('child1-socialCareId', 'Enter at least one child the conference is about');
  if (errors.any || date === undefined || time === undefined) return undefined;
  const heldAt = parseLondonDateTime(`${date}T${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`);
  if (heldAt === undefined) {
    errors.add('time', 'The time of the conference does not exist on that day in London (the clocks go forward)');
    return undefined;
  }
  return {
    type: type as ConferenceType,
    heldAt,
    chairId,
    children,
    ...(externalRef.success && externalRef.data !== '' ? { externalRef: externalRef.data } : {}),
    ...(localArea === '' ? {} : { localArea }),
    ...((CONFERENCE_DECISIONS as readonly string[]).includes(decision) ? { decision: decision as NewConference['decision'] & string } : {}),
    ...((CONFERENCE_CATEGORIES as readonly string[]).includes(category)
      ? { category: category as NewConference['category'] & string }
      : {}),
  };
}

/** Where a service's problem with a field of the form belongs, in the form's own names. */
export function formFieldOf(name: string): string {
  const child = /^children\.(\d+)\.(socialCareId|name|dateOfBirth)$/.exec(name);
  if (child !== null) {
    const slot = `child${String(Number(child[1]) + 1)}`;
    return child[2] === 'dateOfBirth' ? `${slot}-dob` : `${slot}-${child[2] ?? 'name'}`;
  }
  if (name === 'heldAt') return 'heldOn';
  return name;
}

const sentence = (reason: string, label: string) => (/^[A-Z]/.test(reason) ? reason : `${label} ${reason}`);
const LABELS: Readonly<Record<string, string>> = {
  externalRef: 'The reference',
  chairId: 'The chair',
  localArea: 'The local area',
  decision: 'The decision',
  category: 'The category',
  heldOn: 'The date',
};

async function formOptions(services: Services, principal: Principal) {
  const [staff, partnership] = await Promise.all([
    services.staff.list(principal.partnershipId),
    services.partnerships.get(principal.partnershipId),
  ]);
  return {
    chairs: staff.filter((s) => !s.disabled && may(s.role, 'chair-conferences')).map((s) => ({ value: s.id, text: s.name })),
    areas: partnership.localAreas.map((a) => ({ value: a.id, text: a.name })),
    types: CONFERENCE_TYPES.map((t) => ({ value: t, text: TYPE_NAMES[t] })),
    decisions: CONFERENCE_DECISIONS.map((d) => ({ value: d, text: DECISION_NAMES[d] })),
    categories: CONFERENCE_CATEGORIES.map((c) => ({ value: c, text: CATEGORY_NAMES[c] })),
    slots: Array.from({ length: CHILD_SLOTS }, (_, i) => i + 1),
  };
}

const importForm = z.object({
  csv: formText('The CSV file', { required: 'Paste the CSV file’s contents', max: 200_000, trim: false }),
});

/** The largest CSV file taken, as for pasted contents: a register export is a few hundred rows. */
export const CSV_FILE_MAX_BYTES = 200_000;
const CSV_MEDIA_TYPES = new Set(['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream']);

/**
 * A chosen CSV file as text: present and not empty, no larger than the limit, a CSV by its name and
 * type, UTF-8 (a byte order mark, as spreadsheet programs write, is dropped). Each problem in the
 * GOV.UK file upload pattern's words.
 */
export function csvFromFile(upload: UploadedFile | undefined): { ok: true; text: string } | { ok: false; message: string } {
  if (upload === undefined || (upload.filename === '' && upload.content.length === 0)) return { ok: false, message: 'Select a CSV file' };
  if (upload.truncated || upload.content.length > CSV_FILE_MAX_BYTES)
    return { ok: false, message: 'The selected file must be smaller than 200 KB' };
  if (upload.content.length === 0) return { ok: false, message: 'The selected file is empty' };
  const csvName = /\.csv$/i.test(upload.filename);
  if (!csvName || !CSV_MEDIA_TYPES.has(upload.mediaType.toLowerCase().split(';')[0]?.trim() ?? ''))
    return { ok: false, message: 'The selected file must be a CSV' };
  try {
    // fatal: bytes that are not UTF-8 are refused, not guessed at; the BOM is dropped (ignoreBOM false).
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(upload.content) };
  } catch {
    return { ok: false, message: 'The selected file must be saved as UTF-8 CSV' };
  }
}

function previewView(rows: Awaited<ReturnType<typeof previewCsv>>['rows'], errors: readonly RowError[], csv: string) {
  return {
    csv,
    rows: rows.map((r) => ({
      row: r.row,
      status: r.status === 'new' ? 'New' : 'Already recorded: left as it is',
      isNew: r.status === 'new',
      externalRef: r.conference.externalRef ?? '',
      type: TYPE_NAMES[r.conference.type],
      when: when(r.conference.heldAt.toISOString()),
      children: (r.conference.children ?? []).map((c) => c.name).join(', '),
    })),
    rowErrors: errors.map((e) => ({ row: e.row, column: e.column, message: e.message })),
    newCount: rows.filter((r) => r.status === 'new').length,
    errorList: errors.slice(0, 20).map((e) => ({ text: `Row ${String(e.row)}, ${e.column}: ${e.message}`, href: '#row-errors' })),
  };
}

export const CONFERENCE_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: '/conferences',
    title: 'Conferences',
    access: 'read-conferences',
    audit: ['conference.list'],
    run: async ({ query }, { services, principal, now }) => {
      const form = asForm(query);
      const errors = new FormErrors();
      const from = readDate(form, 'from', 'The earliest date', errors, { optional: true });
      const to = readDate(form, 'to', 'The latest date', errors, { optional: true });
      const backwards = from !== undefined && to !== undefined && from > to;
      if (backwards) errors.add('to', 'The latest date must be the same as or after the earliest', '#to-day');
      const status = field(form, 'status');
      const child = field(form, 'child').trim().slice(0, 100);
      const pageNumber = Math.min(Math.max(1, Number.parseInt(field(form, 'page'), 10) || 1), 100_000);
      const filters = {
        ...(from === undefined || backwards ? {} : { from }),
        ...(to === undefined || backwards ? {} : { to }),
        ...(isStatus(status) ? { status } : {}),
        ...(child === '' ? {} : { child }),
      };
      const list = await services.conferences.list(
        principal.partnershipId,
        { ...filters, limit: PAGE_SIZE, offset: (pageNumber - 1) * PAGE_SIZE },
        now,
      );
      await audited(services, principal, now, 'conference.list', 'partnership', principal.partnershipId);
      const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
      return view(
        'conferences/register',
        {
          title: 'Conferences',
          mayRecord: may(principal, 'record-conference'),
          mayImport: may(principal, 'import-conferences'),
          filters: { child, status: filters.status ?? '' },
          dates: Object.fromEntries(
            ['from', 'to'].flatMap((n) => ['day', 'month', 'year'].map((p) => [`${n}-${p}`, field(form, `${n}-${p}`).slice(0, 10)])),
          ),
          total: list.total,
          rows: list.conferences.map((c) => ({
            href: `/conferences/${encodeURIComponent(c.id)}`,
            when: when(c.heldAt),
            type: TYPE_NAMES[c.type],
            status: STATUS_NAMES[c.status],
            booked: c.status === 'booked',
            externalRef: c.externalRef ?? '',
            children: c.children.map((ch) => ch.name).join(', '),
            chair: c.chairName,
          })),
          pagination: pagination({ page: pageNumber, pages }, (n) => registerUrl(filters, n)),
          ...errors.toView(),
        },
        errors.any ? 400 : 200,
      );
    },
  }),
  definePage({
    method: 'GET',
    url: '/conferences/new',
    title: 'Add or book a conference',
    access: 'record-conference',
    run: async (_input, { services, principal }) =>
      view('conferences/new', { title: 'Add or book a conference', values: {}, errors: {}, ...(await formOptions(services, principal)) }),
  }),
  definePage({
    method: 'POST',
    url: '/conferences/new',
    title: 'Add or book a conference',
    access: 'record-conference',
    run: async ({ form }, { services, principal, request, now }) => {
      const title = 'Add or book a conference';
      const errors = new FormErrors();
      const values = Object.fromEntries(
        Object.entries(form)
          .filter(([name]) => name !== '_csrf')
          .map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v]),
      );
      const again = async () =>
        view('conferences/new', { title, values, ...(await formOptions(services, principal)), ...errors.toView() }, 400);
      const conference = conferenceFromForm(form, errors);
      if (conference === undefined) return again();
      let id: string;
      try {
        [id = ''] = await services.conferences.record(principal, [conference], now, (_i, name) => name);
      } catch (error) {
        if (!(error instanceof ServiceError) || (error.kind !== 'invalid' && error.kind !== 'conflict')) throw error;
        for (const issue of error.extra.issues ?? []) {
          const name = formFieldOf(
            issue.name
              .split('.')
              .slice(0, issue.name.startsWith('children.') ? 3 : 1)
              .join('.'),
          );
          const target = name.startsWith('participants') ? 'type' : name;
          errors.add(
            target,
            sentence(issue.reason, LABELS[target] ?? 'This'),
            target.endsWith('-dob') || target === 'heldOn' ? `#${target}-day` : `#${target}`,
          );
        }
        if (!errors.any) errors.add('externalRef', error.message);
        return again();
      }
      const booked = conference.heldAt.getTime() > now.getTime();
      request.session.set('flash', {
        title: booked ? 'Conference booked' : 'Conference recorded',
        text: `${TYPE_NAMES[conference.type]} on ${when(conference.heldAt.toISOString())}`,
      });
      return redirect(`/conferences/${encodeURIComponent(id)}`);
    },
  }),
  definePage({
    method: 'GET',
    url: '/conferences/import',
    title: 'Import conferences',
    access: 'import-conferences',
    run: () => view('conferences/import', { title: 'Import conferences', columns: Object.keys(CSV_COLUMNS), values: {}, errors: {} }),
  }),
  definePage({
    method: 'POST',
    url: '/conferences/import',
    title: 'Check the import',
    access: 'import-conferences',
    run: async ({ form, files }, { services, principal, now }) => {
      const again = (errors: FormErrors) =>
        view(
          'conferences/import',
          { title: 'Import conferences', columns: Object.keys(CSV_COLUMNS), values: { csv: field(form, 'csv') }, ...errors.toView() },
          400,
        );
      // A file chosen (multipart, as the documents page sends one) or the contents pasted: the same preview either way.
      const fromFile = field(form, 'source') === 'file';
      let text: string;
      if (fromFile) {
        const read = csvFromFile(files['file']);
        if (!read.ok) return again(new FormErrors().add('file', read.message));
        text = read.text;
      } else text = field(form, 'csv');
      const parsed = importForm.shape.csv.safeParse(text);
      if (!parsed.success) {
        const message = parsed.error.issues[0]?.message ?? 'Paste the CSV file’s contents';
        return again(
          new FormErrors().add(fromFile ? 'file' : 'csv', fromFile ? message.replace(/^The CSV file/, 'The selected file') : message),
        );
      }
      const { rows, errors } = await previewCsv(services, principal, parsed.data, now);
      return view(
        'conferences/preview',
        { title: 'Check the import', ...previewView(rows, errors, parsed.data) },
        errors.length > 0 ? 400 : 200,
      );
    },
  }),
  definePage({
    method: 'POST',
    url: '/conferences/import/confirm',
    title: 'Check the import',
    access: 'import-conferences',
    run: async ({ form }, { services, principal, request, now }) => {
      const csv = field(form, 'csv');
      const { rows, errors } = await previewCsv(services, principal, csv, now);
      if (errors.length === 0) {
        try {
          const result = await services.conferences.importRows(principal, rows, now, rowField);
          request.session.set('flash', {
            title: 'Conferences imported',
            text: `${String(result.ids.length)} recorded${result.alreadyRecorded.length > 0 ? `, ${String(result.alreadyRecorded.length)} already recorded and left as they were` : ''}.`,
          });
          return redirect('/conferences');
        } catch (error) {
          if (!(error instanceof ServiceError) || (error.kind !== 'invalid' && error.kind !== 'conflict')) throw error;
          const later = error.extra.issues?.map(rowErrorOf) ?? [{ row: 1, column: 'file', message: error.message }];
          return view('conferences/preview', { title: 'Check the import', ...previewView(rows, later, csv) }, 409);
        }
      }
      return view('conferences/preview', { title: 'Check the import', ...previewView(rows, errors, csv) }, 400);
    },
  }),
  definePage({
    method: 'GET',
    url: '/conferences/:id',
    title: 'Conference',
    access: 'read-conferences',
    audit: ['conference.read'],
    params: z.object({ id: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/) }),
    run: async ({ params }, { services, principal, now }) => {
      const { id } = params as { id: string };
      const entry = { at: now, principal, action: 'conference.read', subjectType: 'conference', subjectId: id } as const;
      let conference;
      try {
        conference = await services.conferences.get(principal.partnershipId, id, now);
      } catch (error) {
        if (error instanceof ServiceError && error.kind === 'not-found') await services.audit.record({ ...entry, outcome: 'not-found' });
        throw error;
      }
      await services.audit.record({ ...entry, outcome: 'ok' });
      const title = `${TYPE_NAMES[conference.type]}, ${when(conference.heldAt)}`;
      return view('conferences/show', {
        title,
        status: STATUS_NAMES[conference.status],
        booked: conference.status === 'booked',
        summary: [
          { key: 'Reference', value: conference.externalRef ?? 'None recorded' },
          { key: 'When', value: when(conference.heldAt) },
          { key: 'Chair', value: conference.chair.name },
          { key: 'Local area', value: conference.localArea ?? 'None recorded' },
          ...(conference.status === 'held'
            ? [
                { key: 'Decision', value: conference.decision === null ? 'Not recorded' : DECISION_NAMES[conference.decision] },
                { key: 'Category', value: conference.category === null ? 'Not recorded' : CATEGORY_NAMES[conference.category] },
                { key: 'Minutes sent', value: conference.minutesSent === null ? 'Not recorded' : when(conference.minutesSent.at) },
              ]
            : []),
        ],
        children: conference.children.map((c) => ({ name: c.name, socialCareId: c.socialCareId, born: born(c.dateOfBirth) })),
        participants: conference.participants.map((p) => ({
          name: p.name,
          invited: p.invited ? 'Yes' : 'No',
          attended: p.attended ? 'Yes' : 'No',
        })),
      });
    },
  }),
];
