/**
 * Administration as pages: local areas, closure days, people and agencies, who line-manages whom,
 * staff accounts and roles, API tokens. Each page needs the permission its API route needs
 * (routes/partnership.ts, routes/people.ts), calls the same service method and writes the same
 * audit entries; what the API cannot do yet (removing a closure day, editing a person) is a
 * service method of its own, audited the same way.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AGENCY_KINDS, type AgencyKind } from '../../core/procedures/schema.js';
import { procedureRegistry } from '../../core/procedures/registry.js';
import { isoDate } from '../../core/calendar/index.js';
import { ServiceError } from '../../service/errors.js';
import { may, readsCaseContent, type Permission } from '../../service/permissions.js';
import { STAFF_ROLES, type Principal, type StaffRole } from '../../service/principal.js';
import type { Services } from '../../service/services.js';
import { problem } from '../problem.js';
import { field, fields, formText, FormErrors, parseForm, readDate, type Form } from './forms.js';
import { ROLE_NAMES } from './navigation.js';
import { definePage, redirect, view, type PageDefinition } from './page.js';

/** How the pages name each agency. */
export const AGENCY_LABELS: Readonly<Record<AgencyKind, string>> = {
  'local-authority-childrens-services': 'Local authority children’s services',
  police: 'Police',
  health: 'Health',
  education: 'Education',
  'other-partner': 'Another partner agency',
};

const idParams = z.object({ id: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/) });
const dateParams = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

/** A radio or select's value, checked against its options, with the message a person reads when none is chosen. */
export const choice = <T extends string>(options: readonly T[], message: string) =>
  z.preprocess(
    (value: unknown): unknown => (Array.isArray(value) ? (value[0] as unknown) : (value ?? '')),
    z.enum(options as readonly [T, ...T[]], { error: message }),
  );

const checked = (form: Form, name: string, value: string) => fields(form, name).includes(value);

declare module 'fastify' {
  interface Session {
    /** The add forms this session has already done (newest last, a few kept): a resent form does nothing twice. */
    doneForms?: readonly string[];
  }
}

/** A fresh id for an add form, carried as a hidden field: the form is done once. */
export const formId = () => randomUUID();

/** Whether this form (by its hidden id) was already done in this session: a reload or a second press sends it again. */
export function alreadyDone(request: FastifyRequest, form: Form): boolean {
  const id = field(form, 'formId');
  return id !== '' && (request.session.get('doneForms') ?? []).includes(id);
}

export function markDone(request: FastifyRequest, form: Form): void {
  const id = field(form, 'formId');
  if (id !== '') request.session.set('doneForms', [...(request.session.get('doneForms') ?? []), id].slice(-20));
}

/** What each administration page is, and the permission that shows it in the index. */
const AREAS: readonly { text: string; href: string; description: string; permission: Permission | 'signed-in' }[] = [
  {
    text: 'Staff accounts and roles',
    href: '/admin/staff',
    description: 'Add accounts, change roles, disable and enable them.',
    permission: 'manage-staff',
  },
  {
    text: 'Who line-manages whom',
    href: '/admin/line-management',
    description: 'Panels’ independence depends on it; earlier line management is kept.',
    permission: 'manage-staff',
  },
  {
    text: 'People and agencies',
    href: '/admin/people',
    description: 'People from partner agencies who attend conferences and sit on panels.',
    permission: 'manage-people',
  },
  {
    text: 'Agencies’ complaints contacts',
    href: '/admin/agencies',
    description: 'Where complaints about an agency’s own service go: shown when a case is raised about one.',
    permission: 'read-people',
  },
  {
    text: 'Closure days',
    href: '/admin/closure-days',
    description: 'Days the partnership is closed: working-day time limits skip them.',
    permission: 'manage-closure-days',
  },
  {
    text: 'API tokens',
    href: '/admin/api-tokens',
    description: 'Tokens for systems that call the API: create, see, revoke.',
    permission: 'manage-tokens',
  },
  {
    text: 'API tokens',
    href: '/admin/api-tokens/new',
    description: 'Create a token for a system that reads case content.',
    permission: 'create-case-reading-tokens',
  },
  {
    text: 'Local areas',
    href: '/admin/local-areas',
    description: 'The partnership’s local areas, as its procedure names them.',
    permission: 'signed-in',
  },
];

const ADMINISTERS: readonly Permission[] = [
  'manage-staff',
  'manage-people',
  'manage-closure-days',
  'manage-tokens',
  'create-case-reading-tokens',
];

/** Refuses a page as the page plugin refuses one (a 403 page, audited), for pages whose access is one of several permissions. */
async function refuse(services: Services, principal: Principal, now: Date, url: string): Promise<never> {
  await services.audit.record({ at: now, principal, action: `denied:page:${url}`, subjectType: 'page', subjectId: url, outcome: 'denied' });
  throw problem(403, 'forbidden', 'Not permitted', undefined);
}

const audit = (services: Services, principal: Principal, now: Date, action: string, subjectType: string, subjectId: string) =>
  services.audit.record({ at: now, principal, action, subjectType, subjectId, outcome: 'ok' });

export const flash = (
  request: { session: { set(key: 'flash', value: { title: string; text: string }): void } },
  title: string,
  text: string,
) => {
  request.session.set('flash', { title, text });
};

// ---------------------------------------------------------------------------------------------
// Closure days

const closureReason = z.object({ reason: formText('Reason', { required: 'Enter why the partnership is closed', max: 200 }) });

async function closureDaysView(services: Services, principal: Principal, extra: Record<string, unknown> = {}, status?: number) {
  return view(
    'admin/closure-days',
    {
      title: 'Closure days',
      days: await services.partnerships.closureDays(principal.partnershipId),
      mayManage: may(principal, 'manage-closure-days'),
      values: {},
      errors: {},
      ...extra,
    },
    status,
  );
}

// ---------------------------------------------------------------------------------------------
// People

const personForm = z.object({
  name: formText('Name', { required: 'Enter the person’s name', max: 200, name: true }),
  jobTitle: formText('Job title', { max: 200 }),
  agency: choice(AGENCY_KINDS, 'Select the person’s agency'),
});

const personValues = (form: Form) => ({
  name: field(form, 'name'),
  jobTitle: field(form, 'jobTitle'),
  agency: field(form, 'agency'),
  senior: checked(form, 'about', 'senior'),
  partnershipAgency: checked(form, 'about', 'partnership-agency'),
});

const personFormView = (
  title: string,
  action: string,
  values: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  status?: number,
) =>
  view(
    'admin/person',
    {
      title,
      action,
      values,
      agencies: AGENCY_KINDS.map((a) => ({ value: a, text: AGENCY_LABELS[a], checked: a === values['agency'] })),
      errors: {},
      ...extra,
    },
    status,
  );

// ---------------------------------------------------------------------------------------------
// Staff

const staffForm = z.object({
  name: formText('Full name', { required: 'Enter the person’s full name', max: 200, name: true }),
  email: formText('Email address', { required: 'Enter their email address', max: 254 }).refine(
    (email) => email === '' || z.email().safeParse(email).success,
    'Enter an email address in the correct format, like name@example.org',
  ),
  role: choice(STAFF_ROLES, 'Select a role'),
  agency: choice(AGENCY_KINDS, 'Select their agency'),
  password: formText('Password', { required: 'Enter a password for the account', max: 200, trim: false }),
});

const roleItems = (selected?: string) => STAFF_ROLES.map((r) => ({ value: r, text: ROLE_NAMES[r], checked: r === selected }));

async function staffNames(services: Services, partnershipId: string) {
  const staff = await services.staff.list(partnershipId);
  return { staff, nameOf: new Map(staff.map((s) => [s.id, s.name])) };
}

/** A page listing the partnership's staff, each with their role, agency and line manager by name. */
async function staffListView(services: Services, principal: Principal, template: string, title: string) {
  const { staff, nameOf } = await staffNames(services, principal.partnershipId);
  return view(template, {
    title,
    staff: staff.map((s) => ({
      ...s,
      roleName: ROLE_NAMES[s.role],
      agencyName: AGENCY_LABELS[s.agency],
      lineManagerName: s.lineManagerId === null ? undefined : nameOf.get(s.lineManagerId),
    })),
    mayManage: may(principal, 'manage-staff'),
  });
}

async function staffNewView(
  services: Services,
  principal: Principal,
  values: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  status?: number,
) {
  const { staff } = await staffNames(services, principal.partnershipId);
  return view(
    'admin/staff-new',
    {
      title: 'Add a staff account',
      values,
      roles: roleItems(typeof values['role'] === 'string' ? values['role'] : undefined),
      agencies: AGENCY_KINDS.map((a) => ({ value: a, text: AGENCY_LABELS[a], checked: a === values['agency'] })),
      managers: [
        { value: '', text: 'Nobody' },
        ...staff
          .filter((s) => !s.disabled)
          .map((s) => ({ value: s.id, text: `${s.name} (${ROLE_NAMES[s.role]})`, selected: s.id === values['lineManagerId'] })),
      ],
      errors: {},
      ...extra,
    },
    status,
  );
}

/** A service refusal's issues (`body.password`: "must be ...") as form errors naming the field as the page labels it. */
function issuesToErrors(error: ServiceError, labels: Readonly<Record<string, string>>, errors: FormErrors, fallback: string): void {
  for (const issue of error.extra.issues ?? []) {
    const name = issue.name.replace(/^body\./, '');
    const label = labels[name];
    errors.add(label === undefined ? fallback : name, /^[A-Z]/.test(issue.reason) ? issue.reason : `${label ?? 'It'} ${issue.reason}`);
  }
  if (!errors.any) errors.add(fallback, error.message);
}

async function staffMemberView(services: Services, principal: Principal, id: string) {
  const member = await services.staff.get(principal.partnershipId, id);
  const { nameOf } = await staffNames(services, principal.partnershipId);
  const history = await services.staff.lineManagementHistory(principal.partnershipId, id);
  return {
    member: {
      ...member,
      roleName: ROLE_NAMES[member.role],
      agencyName: AGENCY_LABELS[member.agency],
      lineManagerName: member.lineManagerId === null ? undefined : (nameOf.get(member.lineManagerId) ?? member.lineManagerId),
    },
    history: history.map((h) => ({ ...h, name: nameOf.get(h.lineManagerId) ?? h.lineManagerId })),
    mayManage: may(principal, 'manage-staff'),
    self: principal.id === id,
  };
}

async function lineManagerView(
  services: Services,
  principal: Principal,
  id: string,
  selected: string | null,
  extra: Record<string, unknown> = {},
  status?: number,
) {
  const { member, history } = await staffMemberView(services, principal, id);
  const { staff } = await staffNames(services, principal.partnershipId);
  return view(
    'admin/staff-line-manager',
    {
      title: `Who line-manages ${member.name}`,
      member,
      history,
      managers: [
        { value: '', text: 'Nobody', selected: selected === null },
        ...staff
          .filter((s) => s.id !== id && !s.disabled)
          .map((s) => ({ value: s.id, text: `${s.name} (${ROLE_NAMES[s.role]})`, selected: s.id === selected })),
      ],
      errors: {},
      ...extra,
    },
    status,
  );
}

/** Records a change to a member of staff, audited as the API's PATCH audits it (routes/partnership.ts updateStaff). */
async function changeStaff(
  services: Services,
  principal: Principal,
  now: Date,
  id: string,
  change: { role?: StaffRole; disabled?: boolean; lineManagerId?: string | null },
): Promise<void> {
  const { revokedTokens } = await services.staff.update(principal.partnershipId, id, change, principal, now);
  const what = [
    ...(change.role === undefined ? [] : ['role']),
    ...(change.disabled === undefined ? [] : [change.disabled ? 'disabled' : 'enabled']),
    ...(change.lineManagerId === undefined ? [] : ['line-manager']),
  ];
  await audit(services, principal, now, `staff.updated:${what.join(',')}`, 'user', id);
  for (const token of revokedTokens) await audit(services, principal, now, 'api-token.revoked', 'api-token', token);
}

// ---------------------------------------------------------------------------------------------
// API tokens

const tokenForm = (maxDays: number) =>
  z.object({
    name: formText('Name', { required: 'Enter a name for the token', max: 100, name: true }),
    role: choice(STAFF_ROLES, 'Select the role the token acts with'),
    expiresInDays: formText('Days until it expires', { required: 'Enter how many days until the token expires', max: 10 }).refine(
      (days) => days === '' || (/^\d+$/.test(days) && Number(days) >= 1 && Number(days) <= maxDays),
      `Days until it expires must be a whole number from 1 to ${String(maxDays)}`,
    ),
  });

function tokenNewView(
  services: Services,
  principal: Principal,
  values: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  status?: number,
) {
  return view(
    'admin/token-new',
    {
      title: 'Create an API token',
      values,
      maxDays: services.tokens.lifetimes.maxDays,
      roles: STAFF_ROLES.map((r) => ({
        value: r,
        text: ROLE_NAMES[r],
        checked: r === values['role'],
        hint: { text: readsCaseContent(r) ? 'Reads case content: created by a senior safeguarding manager' : 'Does not read case content' },
      })),
      mayManage: may(principal, 'manage-tokens'),
      errors: {},
      ...extra,
    },
    status,
  );
}

const tokenStatus = (t: { revokedAt: string | null; expiresAt: string }, now: Date) =>
  t.revokedAt !== null ? 'Revoked' : new Date(t.expiresAt).getTime() <= now.getTime() ? 'Expired' : 'Active';

// ---------------------------------------------------------------------------------------------

export const ADMIN_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: '/admin',
    title: 'Administration',
    access: 'signed-in',
    run: async (_input, { services, principal, now }) => {
      if (!ADMINISTERS.some((p) => may(principal, p))) return refuse(services, principal, now, '/admin');
      const seen = new Set<string>();
      const areas = AREAS.filter(
        (a) => (a.permission === 'signed-in' || may(principal, a.permission)) && !seen.has(a.text) && seen.add(a.text),
      );
      return view('admin/index', { title: 'Administration', areas });
    },
  }),

  // Local areas: read as the API's GET /api/v1/partnership, by anyone signed in.
  definePage({
    method: 'GET',
    url: '/admin/local-areas',
    title: 'Local areas',
    access: 'signed-in',
    run: async (_input, { services, principal }) => {
      const partnership = await services.partnerships.get(principal.partnershipId);
      const procedure = procedureRegistry().latest.get(partnership.procedureId);
      const areas = partnership.localAreas.map((a) => ({ ...a, clause: procedure?.localAreas?.find((l) => l.id === a.id)?.clause }));
      return view('admin/local-areas', {
        title: 'Local areas',
        areas,
        procedure: procedure === undefined ? undefined : { id: procedure.id, name: procedure.name },
      });
    },
  }),

  // Closure days
  definePage({
    method: 'GET',
    url: '/admin/closure-days',
    title: 'Closure days',
    access: 'signed-in',
    run: (_input, { services, principal }) => closureDaysView(services, principal),
  }),
  definePage({
    method: 'POST',
    url: '/admin/closure-days',
    title: 'Closure days',
    access: 'manage-closure-days',
    audit: ['closure-day.added'],
    run: async ({ form }, { services, principal, now, request }) => {
      const values = {
        reason: field(form, 'reason'),
        'date-day': field(form, 'date-day'),
        'date-month': field(form, 'date-month'),
        'date-year': field(form, 'date-year'),
      };
      const errors = new FormErrors();
      const date = readDate(form, 'date', 'The date', errors);
      const parsed = parseForm(closureReason, form);
      if (!parsed.ok) for (const e of parsed.errors.toView().errorList) errors.add('reason', e.text);
      if (!parsed.ok || date === undefined) return closureDaysView(services, principal, { values, ...errors.toView() }, 400);
      await services.partnerships.addClosureDay(principal.partnershipId, { date, reason: parsed.value.reason });
      await audit(services, principal, now, 'closure-day.added', 'closure-day', date);
      flash(request, 'Closure day added', `${date}: deadlines of open cases now skip it.`);
      return redirect('/admin/closure-days');
    },
  }),
  definePage({
    method: 'GET',
    url: '/admin/closure-days/:date/remove',
    title: 'Remove a closure day',
    access: 'manage-closure-days',
    params: dateParams,
    run: async ({ params }, { services, principal }) => {
      const { date } = params as z.infer<typeof dateParams>;
      const day = (await services.partnerships.closureDays(principal.partnershipId)).find((d) => d.date === date);
      if (day === undefined) throw new ServiceError('not-found', 'There is no such closure day');
      return view('admin/confirm', {
        title: 'Are you sure you want to remove this closure day?',
        text: `${day.reason}.`,
        date: day.date,
        warning: 'Working-day time limits will count this day again: the deadlines of open cases that run over it will come a day sooner.',
        action: `/admin/closure-days/${day.date}/remove`,
        button: 'Yes, remove it',
        cancel: '/admin/closure-days',
      });
    },
  }),
  definePage({
    method: 'POST',
    url: '/admin/closure-days/:date/remove',
    title: 'Remove a closure day',
    access: 'manage-closure-days',
    audit: ['closure-day.removed'],
    params: dateParams,
    run: async ({ params }, { services, principal, now, request }) => {
      const date = isoDate((params as z.infer<typeof dateParams>).date);
      await services.partnerships.removeClosureDay(principal.partnershipId, date);
      await audit(services, principal, now, 'closure-day.removed', 'closure-day', date);
      flash(request, 'Closure day removed', `${date}: working-day limits count it again.`);
      return redirect('/admin/closure-days');
    },
  }),

  // People and agencies
  definePage({
    method: 'GET',
    url: '/admin/people',
    title: 'People and agencies',
    access: 'read-people',
    run: async (_input, { services, principal }) => {
      const people = await services.people.list(principal.partnershipId);
      const agencies = AGENCY_KINDS.map((a) => ({
        name: AGENCY_LABELS[a],
        people: people.filter((p) => p.agency === a).map((p) => ({ ...p, agencyName: AGENCY_LABELS[p.agency] })),
      }));
      return view('admin/people', {
        title: 'People and agencies',
        agencies,
        count: people.length,
        mayManage: may(principal, 'manage-people'),
      });
    },
  }),
  definePage({
    method: 'GET',
    url: '/admin/people/new',
    title: 'Add a person',
    access: 'manage-people',
    run: () => personFormView('Add a person', '/admin/people/new', { partnershipAgency: true, formId: formId() }),
  }),
  definePage({
    method: 'POST',
    url: '/admin/people/new',
    title: 'Add a person',
    access: 'manage-people',
    audit: ['person.added'],
    run: async ({ form }, { services, principal, now, request }) => {
      if (alreadyDone(request, form)) return redirect('/admin/people');
      const values = { ...personValues(form), formId: field(form, 'formId') };
      const parsed = parseForm(personForm, form);
      if (!parsed.ok) return personFormView('Add a person', '/admin/people/new', values, parsed.errors.toView(), 400);
      const { name, agency, jobTitle } = parsed.value;
      const id = await services.people.add(
        principal.partnershipId,
        { name, agency, ...(jobTitle === '' ? {} : { jobTitle }), senior: values.senior, partnershipAgency: values.partnershipAgency },
        now,
        principal.id,
      );
      markDone(request, form);
      await audit(services, principal, now, 'person.added', 'person', id);
      flash(request, 'Person added', name);
      return redirect('/admin/people');
    },
  }),
  definePage({
    method: 'GET',
    url: '/admin/people/:id',
    title: 'Change a person’s details',
    access: 'manage-people',
    params: idParams,
    run: async ({ params }, { services, principal }) => {
      const { id } = params as z.infer<typeof idParams>;
      const person = await services.people.get(principal.partnershipId, id);
      return personFormView(`Change ${person.name}’s details`, `/admin/people/${id}`, { ...person, jobTitle: person.jobTitle ?? '' });
    },
  }),
  definePage({
    method: 'POST',
    url: '/admin/people/:id',
    title: 'Change a person’s details',
    access: 'manage-people',
    audit: ['person.updated'],
    params: idParams,
    run: async ({ params, form }, { services, principal, now, request }) => {
      const { id } = params as z.infer<typeof idParams>;
      const person = await services.people.get(principal.partnershipId, id);
      const values = personValues(form);
      const parsed = parseForm(personForm, form);
      if (!parsed.ok) return personFormView(`Change ${person.name}’s details`, `/admin/people/${id}`, values, parsed.errors.toView(), 400);
      const { name, agency, jobTitle } = parsed.value;
      await services.people.update(principal.partnershipId, id, {
        name,
        agency,
        jobTitle,
        senior: values.senior,
        partnershipAgency: values.partnershipAgency,
      });
      await audit(services, principal, now, 'person.updated', 'person', id);
      flash(request, 'Details changed', name);
      return redirect('/admin/people');
    },
  }),

  // Staff accounts and roles
  definePage({
    method: 'GET',
    url: '/admin/staff',
    title: 'Staff accounts and roles',
    access: 'read-staff',
    run: (_input, { services, principal }) => staffListView(services, principal, 'admin/staff', 'Staff accounts and roles'),
  }),
  definePage({
    method: 'GET',
    url: '/admin/staff/new',
    title: 'Add a staff account',
    access: 'manage-staff',
    run: (_input, { services, principal }) => staffNewView(services, principal, { partnershipAgency: true, formId: formId() }),
  }),
  definePage({
    method: 'POST',
    url: '/admin/staff/new',
    title: 'Add a staff account',
    access: 'manage-staff',
    audit: ['staff.added'],
    run: async ({ form }, { services, principal, now, request }) => {
      if (alreadyDone(request, form)) return redirect('/admin/staff');
      // Everything typed comes back on an error except the password (sign-in's rule).
      const values = {
        name: field(form, 'name'),
        email: field(form, 'email'),
        role: field(form, 'role'),
        agency: field(form, 'agency'),
        lineManagerId: field(form, 'lineManagerId'),
        senior: checked(form, 'about', 'senior'),
        partnershipAgency: checked(form, 'about', 'partnership-agency'),
        formId: field(form, 'formId'),
      };
      const parsed = parseForm(staffForm, form);
      if (!parsed.ok) return staffNewView(services, principal, values, parsed.errors.toView(), 400);
      const { name, email, role, agency, password } = parsed.value;
      let id: string;
      try {
        id = await services.staff.add(
          {
            name,
            email,
            role,
            agency,
            password,
            partnershipId: principal.partnershipId,
            senior: values.senior,
            partnershipAgency: values.partnershipAgency,
            ...(values.lineManagerId === '' ? {} : { lineManagerId: values.lineManagerId }),
          },
          now,
        );
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        const errors = new FormErrors();
        if (error.kind === 'conflict') errors.add('email', 'Someone already has an account with that email address');
        else if (error.kind === 'not-found') errors.add('lineManagerId', 'Select a line manager from the list');
        else if (error.kind === 'invalid') issuesToErrors(error, { password: 'Password' }, errors, 'password');
        else throw error;
        return staffNewView(services, principal, values, errors.toView(), 400);
      }
      markDone(request, form);
      await audit(services, principal, now, 'staff.added', 'user', id);
      flash(request, 'Account added', `${name} can now sign in as ${ROLE_NAMES[role]}.`);
      return redirect(`/admin/staff/${id}`);
    },
  }),
  definePage({
    method: 'GET',
    url: '/admin/staff/:id',
    title: 'Staff account',
    access: 'read-staff',
    params: idParams,
    run: async ({ params }, { services, principal }) => {
      const data = await staffMemberView(services, principal, (params as z.infer<typeof idParams>).id);
      return view('admin/staff-member', { title: data.member.name, ...data });
    },
  }),
  definePage({
    method: 'GET',
    url: '/admin/staff/:id/role',
    title: 'Change role',
    access: 'manage-staff',
    params: idParams,
    run: async ({ params }, { services, principal }) => {
      const member = await services.staff.get(principal.partnershipId, (params as z.infer<typeof idParams>).id);
      return view('admin/staff-role', { title: `Change ${member.name}’s role`, member, roles: roleItems(member.role), errors: {} });
    },
  }),
  definePage({
    method: 'POST',
    url: '/admin/staff/:id/role',
    title: 'Change role',
    access: 'manage-staff',
    audit: ['staff.updated:role'],
    params: idParams,
    run: async ({ params, form }, { services, principal, now, request }) => {
      const { id } = params as z.infer<typeof idParams>;
      const member = await services.staff.get(principal.partnershipId, id);
      const title = `Change ${member.name}’s role`;
      const parsed = parseForm(z.object({ role: choice(STAFF_ROLES, 'Select a role') }), form);
      if (!parsed.ok) return view('admin/staff-role', { title, member, roles: roleItems(), ...parsed.errors.toView() }, 400);
      try {
        await changeStaff(services, principal, now, id, { role: parsed.value.role });
      } catch (error) {
        if (!(error instanceof ServiceError) || error.kind !== 'conflict') throw error;
        const errors = new FormErrors().add('role', error.message);
        return view('admin/staff-role', { title, member, roles: roleItems(parsed.value.role), ...errors.toView() }, 400);
      }
      flash(request, 'Role changed', `${member.name} is now ${ROLE_NAMES[parsed.value.role]}, from their next page.`);
      return redirect(`/admin/staff/${id}`);
    },
  }),
  definePage({
    method: 'GET',
    url: '/admin/staff/:id/disable',
    title: 'Disable an account',
    access: 'manage-staff',
    params: idParams,
    run: async ({ params }, { services, principal }) => {
      const member = await services.staff.get(principal.partnershipId, (params as z.infer<typeof idParams>).id);
      return view('admin/confirm', {
        title: `Are you sure you want to disable ${member.name}’s account?`,
        text: 'They will be signed out at once and cannot sign in until the account is enabled again.',
        warning: 'The API tokens they created are revoked, for good.',
        action: `/admin/staff/${member.id}/disable`,
        button: 'Yes, disable the account',
        warningButton: true,
        cancel: `/admin/staff/${member.id}`,
      });
    },
  }),
  definePage({
    method: 'POST',
    url: '/admin/staff/:id/disable',
    title: 'Disable an account',
    access: 'manage-staff',
    audit: ['staff.updated:disabled', 'api-token.revoked'],
    params: idParams,
    run: async ({ params }, { services, principal, now, request }) => {
      const { id } = params as z.infer<typeof idParams>;
      const member = await services.staff.get(principal.partnershipId, id);
      await changeStaff(services, principal, now, id, { disabled: true });
      flash(request, 'Account disabled', `${member.name} has been signed out and cannot sign in.`);
      return redirect(`/admin/staff/${id}`);
    },
  }),
  definePage({
    method: 'POST',
    url: '/admin/staff/:id/enable',
    title: 'Enable an account',
    access: 'manage-staff',
    audit: ['staff.updated:enabled'],
    params: idParams,
    run: async ({ params }, { services, principal, now, request }) => {
      const { id } = params as z.infer<typeof idParams>;
      const member = await services.staff.get(principal.partnershipId, id);
      await changeStaff(services, principal, now, id, { disabled: false });
      flash(request, 'Account enabled', `${member.name} can sign in again.`);
      return redirect(`/admin/staff/${id}`);
    },
  }),

  // Who line-manages whom
  definePage({
    method: 'GET',
    url: '/admin/line-management',
    title: 'Who line-manages whom',
    access: 'read-staff',
    run: (_input, { services, principal }) => staffListView(services, principal, 'admin/line-management', 'Who line-manages whom'),
  }),
  definePage({
    method: 'GET',
    url: '/admin/staff/:id/line-manager',
    title: 'Change line manager',
    access: 'manage-staff',
    params: idParams,
    run: async ({ params }, { services, principal }) => {
      const { id } = params as z.infer<typeof idParams>;
      const member = await services.staff.get(principal.partnershipId, id);
      return lineManagerView(services, principal, id, member.lineManagerId);
    },
  }),
  definePage({
    method: 'POST',
    url: '/admin/staff/:id/line-manager',
    title: 'Change line manager',
    access: 'manage-staff',
    audit: ['staff.updated:line-manager'],
    params: idParams,
    run: async ({ params, form }, { services, principal, now, request }) => {
      const { id } = params as z.infer<typeof idParams>;
      const chosen = field(form, 'lineManagerId');
      const member = await services.staff.get(principal.partnershipId, id);
      const staff = await services.staff.list(principal.partnershipId);
      const errors = new FormErrors();
      if (chosen !== '' && !staff.some((s) => s.id === chosen && s.id !== id))
        errors.add('lineManagerId', 'Select a line manager from the list');
      if (!errors.any) {
        try {
          await changeStaff(services, principal, now, id, { lineManagerId: chosen === '' ? null : chosen });
        } catch (error) {
          if (!(error instanceof ServiceError) || error.kind !== 'conflict') throw error;
          errors.add('lineManagerId', `${error.message.replace(/: nobody.*$/, '')}. Nobody may line-manage themselves.`);
        }
      }
      if (errors.any) return lineManagerView(services, principal, id, chosen === '' ? null : chosen, errors.toView(), 400);
      const managerName = staff.find((s) => s.id === chosen)?.name;
      flash(
        request,
        'Line manager changed',
        managerName === undefined
          ? `Nobody line-manages ${member.name} now.`
          : `${managerName} line-manages ${member.name} from now. Earlier line management still counts for panels.`,
      );
      return redirect(`/admin/staff/${id}`);
    },
  }),

  // API tokens
  definePage({
    method: 'GET',
    url: '/admin/api-tokens',
    title: 'API tokens',
    access: 'manage-tokens',
    run: async (_input, { services, principal, now }) => {
      const [tokens, { nameOf }] = await Promise.all([
        services.tokens.list(principal.partnershipId),
        staffNames(services, principal.partnershipId),
      ]);
      return view('admin/tokens', {
        title: 'API tokens',
        tokens: tokens.map((t) => ({
          ...t,
          roleName: ROLE_NAMES[t.role],
          createdByName: nameOf.get(t.createdBy) ?? t.createdBy,
          status: tokenStatus(t, now),
        })),
        mayCreate: may(principal, 'create-tokens'),
      });
    },
  }),
  definePage({
    method: 'GET',
    url: '/admin/api-tokens/new',
    title: 'Create an API token',
    access: 'create-tokens',
    run: (_input, { services, principal }) =>
      tokenNewView(services, principal, { expiresInDays: String(services.tokens.lifetimes.defaultDays), formId: formId() }),
  }),
  definePage({
    method: 'POST',
    url: '/admin/api-tokens/new',
    title: 'Create an API token',
    access: 'create-tokens',
    audit: ['api-token.created'],
    run: async ({ form }, { services, principal, now, request }) => {
      if (alreadyDone(request, form)) {
        // Its secret was shown once and is not kept: say so rather than make a second token.
        return view('admin/confirm-done', {
          title: 'This token was already created',
          text: 'The form was sent again. No second token was made. The token was shown once, when it was created; if it was not copied, revoke it and create another.',
          href: may(principal, 'manage-tokens') ? '/admin/api-tokens' : '/admin',
        });
      }
      const values = {
        name: field(form, 'name'),
        role: field(form, 'role'),
        expiresInDays: field(form, 'expiresInDays'),
        formId: field(form, 'formId'),
      };
      const parsed = parseForm(tokenForm(services.tokens.lifetimes.maxDays), form);
      if (!parsed.ok) return tokenNewView(services, principal, values, parsed.errors.toView(), 400);
      const { name, role, expiresInDays } = parsed.value;
      let created: { id: string; token: string; expiresAt: string };
      try {
        created = await services.tokens.create(principal, { name, role, expiresInDays: Number(expiresInDays) }, now);
      } catch (error) {
        if (!(error instanceof ServiceError) || (error.kind !== 'forbidden' && error.kind !== 'invalid')) throw error;
        await services.audit.record({
          at: now,
          principal,
          action: 'api-token.created',
          subjectType: 'api-token',
          subjectId: 'refused',
          outcome: 'denied',
        });
        const errors = new FormErrors();
        if (error.kind === 'forbidden')
          errors.add('role', readsCaseContent(role) ? `${error.message}: choose a role that does not read case content` : error.message);
        else issuesToErrors(error, { expiresInDays: 'Days until it expires' }, errors, 'expiresInDays');
        return tokenNewView(services, principal, values, errors.toView(), 400);
      }
      markDone(request, form);
      await audit(services, principal, now, 'api-token.created', 'api-token', created.id);
      // Shown once, on this page: only the token's digest is kept (ADR 0019).
      return view('admin/token-created', {
        title: 'API token created',
        name,
        roleName: ROLE_NAMES[role],
        token: created.token,
        expiresAt: created.expiresAt,
        mayManage: may(principal, 'manage-tokens'),
      });
    },
  }),
  definePage({
    method: 'GET',
    url: '/admin/api-tokens/:id/revoke',
    title: 'Revoke an API token',
    access: 'manage-tokens',
    params: idParams,
    run: async ({ params }, { services, principal }) => {
      const { id } = params as z.infer<typeof idParams>;
      const token = (await services.tokens.list(principal.partnershipId)).find((t) => t.id === id && t.revokedAt === null);
      if (token === undefined) throw new ServiceError('not-found', 'There is no such active API token');
      return view('admin/confirm', {
        title: `Are you sure you want to revoke the token “${token.name}”?`,
        text: 'Whatever uses it will be refused from its next request.',
        warning: 'A revoked token cannot be brought back: create a new one if it is needed again.',
        action: `/admin/api-tokens/${token.id}/revoke`,
        button: 'Yes, revoke it',
        warningButton: true,
        cancel: '/admin/api-tokens',
      });
    },
  }),
  definePage({
    method: 'POST',
    url: '/admin/api-tokens/:id/revoke',
    title: 'Revoke an API token',
    access: 'manage-tokens',
    audit: ['api-token.revoked'],
    params: idParams,
    run: async ({ params }, { services, principal, now, request }) => {
      const { id } = params as z.infer<typeof idParams>;
      await services.tokens.revoke(principal.partnershipId, id, now);
      await audit(services, principal, now, 'api-token.revoked', 'api-token', id);
      flash(request, 'Token revoked', 'Whatever used it is refused from now on.');
      return redirect('/admin/api-tokens');
    },
  }),
];
