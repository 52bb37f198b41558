/**
 * The agencies directory as pages (ADR 0033): each agency's name and where complaints about its
 * own service go, listed to whoever reads people and agencies, added and changed by whoever
 * manages them. The service checks and audits every write; an add form is done once (ADR 0027),
 * and a change carries the version it was drawn from, so a change made meanwhile is shown, not
 * overwritten.
 */
import { z } from 'zod';
import { AGENCY_KINDS, type AgencyKind } from '../../core/procedures/schema.js';
import {
  CONTACT_LIMITS,
  isEmailAddress,
  isHttpsUrl,
  isUkPhone,
  type AgencyContact,
  type AgencyContactView,
} from '../../service/agencyContacts.js';
import { ServiceError } from '../../service/errors.js';
import { may } from '../../service/permissions.js';
import type { Principal } from '../../service/principal.js';
import type { Services } from '../../service/services.js';
import { AGENCY_LABELS, alreadyDone, choice, flash, formId, markDone } from './admin.js';
import { field, FormErrors, formText, parseForm, type Form } from './forms.js';
import { definePage, redirect, view, type PageDefinition } from './page.js';

const LIST = '/admin/agencies';
const NEW = `${LIST}/new`;
const agencyUrl = (agency: AgencyKind) => `${LIST}/${agency}`;

const agencyParams = z.object({ agency: z.enum(AGENCY_KINDS) });
const newQuery = z.object({ agency: z.enum(AGENCY_KINDS).optional() });

const CONTACT_FIELDS = ['address', 'email', 'phone', 'website'] as const;

const contactForm = z.object({
  name: formText('Name', { required: 'Enter the agency’s name', max: CONTACT_LIMITS.name, name: true }),
  address: formText('Postal address', { max: CONTACT_LIMITS.address }).refine(
    (value) => value.split(/\r?\n/).filter((l) => l.trim() !== '').length <= CONTACT_LIMITS.addressLines,
    `Postal address must be ${String(CONTACT_LIMITS.addressLines)} lines or fewer`,
  ),
  email: formText('Email address', { max: CONTACT_LIMITS.email }).refine(
    (value) => value === '' || isEmailAddress(value),
    'Enter an email address in the correct format, like complaints@example.org',
  ),
  phone: formText('Telephone', { max: CONTACT_LIMITS.phone }).refine(
    (value) => value === '' || isUkPhone(value),
    'Enter a UK telephone number, like 01632 960 001',
  ),
  website: formText('Web page', { max: CONTACT_LIMITS.website }).refine(
    (value) => value === '' || isHttpsUrl(value),
    'Enter a web address starting with https://, like https://www.example.org/complaints',
  ),
});

/** What was typed, to show again. */
const typed = (form: Form): Record<string, string> =>
  Object.fromEntries(['name', ...CONTACT_FIELDS, 'formId', 'version'].map((n) => [n, field(form, n)]));

/**
 * The form's problems in the page's order, or the contact it gives. At least one way of contact:
 * the directory is there to say where a complaint can go.
 */
function readContact(form: Form, agency: string, errors: FormErrors): AgencyContact | undefined {
  const parsed = parseForm(contactForm, form);
  const given = CONTACT_FIELDS.some((name) => field(form, name).trim() !== '');
  if (!parsed.ok) for (const e of parsed.errors.toView().errorList) errors.add(e.href.slice(1), e.text, e.href);
  if (!given)
    errors.add('contact', 'Enter at least one way to make a complaint: a postal address, email, telephone or web page', '#address');
  if (errors.any || !parsed.ok) return undefined;
  const { name, address, email, phone, website } = parsed.value;
  return { agency: agency as AgencyKind, name, address, email, phone, website };
}

/** An agency as the list, the stale form and the raise flow's redirection show it (partials/complaints-contact.njk). */
export const rowOf = (agency: AgencyKind, contact: AgencyContactView | undefined) => ({
  agency,
  kind: AGENCY_LABELS[agency],
  contact,
  addressLines: contact?.address?.split('\n') ?? [],
  href: contact === undefined ? `${NEW}?agency=${agency}` : agencyUrl(agency),
});

interface FormPage {
  /** Adding a contact (the agency chosen on the form) or changing this agency's. */
  readonly change?: AgencyContactView;
  readonly values: Readonly<Record<string, string>>;
  /** Saved by someone else since the form was drawn: shown above the form, which now carries its version. */
  readonly changedMeanwhile?: AgencyContactView;
}

async function formView(services: Services, principal: Principal, page: FormPage, errors?: FormErrors, status?: number) {
  const { change, values } = page;
  const recorded = new Set((await services.agencies.list(principal.partnershipId)).map((c) => c.agency));
  return view(
    'admin/agency',
    {
      title: change === undefined ? 'Add an agency’s complaints contact' : `Change the complaints contact of ${change.name}`,
      action: change === undefined ? NEW : agencyUrl(change.agency),
      kind: change === undefined ? undefined : AGENCY_LABELS[change.agency],
      agencies: AGENCY_KINDS.filter((a) => !recorded.has(a)).map((a) => ({
        value: a,
        text: AGENCY_LABELS[a],
        checked: a === values['agency'],
      })),
      values,
      changedMeanwhile: page.changedMeanwhile === undefined ? undefined : rowOf(page.changedMeanwhile.agency, page.changedMeanwhile),
      ...(errors === undefined ? { errors: {} } : errors.toView()),
    },
    status,
  );
}

const savedValues = (saved: AgencyContactView) => ({
  name: saved.name,
  address: saved.address ?? '',
  email: saved.email ?? '',
  phone: saved.phone ?? '',
  website: saved.website ?? '',
  version: String(saved.version),
});

export const AGENCY_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: LIST,
    title: 'Agencies’ complaints contacts',
    access: 'read-people',
    run: async (_input, { services, principal }) => {
      const contacts = new Map((await services.agencies.list(principal.partnershipId)).map((c) => [c.agency, c]));
      return view('admin/agencies', {
        title: 'Agencies’ complaints contacts',
        rows: AGENCY_KINDS.map((a) => rowOf(a, contacts.get(a))),
        mayManage: may(principal, 'manage-people'),
        missing: AGENCY_KINDS.some((a) => !contacts.has(a)),
      });
    },
  }),
  definePage({
    method: 'GET',
    url: NEW,
    title: 'Add an agency’s complaints contact',
    access: 'manage-people',
    query: newQuery,
    run: async ({ query }, { services, principal }) => {
      const { agency } = query as z.infer<typeof newQuery>;
      const saved = agency === undefined ? undefined : await services.agencies.find(principal.partnershipId, agency);
      if (saved !== undefined) return redirect(agencyUrl(saved.agency));
      return formView(services, principal, { values: { formId: formId(), agency: agency ?? '' } });
    },
  }),
  definePage({
    method: 'POST',
    url: NEW,
    title: 'Add an agency’s complaints contact',
    access: 'manage-people',
    audit: ['agency-contact.added'],
    run: async ({ form }, { services, principal, now, request }) => {
      if (alreadyDone(request, form)) return redirect(LIST);
      const values = { ...typed(form), agency: field(form, 'agency') };
      const errors = new FormErrors();
      const kind = choice(AGENCY_KINDS, 'Select the agency').safeParse(form['agency']);
      if (!kind.success) errors.add('agency', 'Select the agency');
      const contact = readContact(form, values.agency, errors);
      if (contact === undefined || !kind.success) return formView(services, principal, { values }, errors, 400);
      try {
        await services.agencies.add(principal, contact, now);
      } catch (error) {
        if (!(error instanceof ServiceError) || error.kind !== 'conflict') throw error;
        const taken = new FormErrors().add(
          'agency',
          `${AGENCY_LABELS[contact.agency]} is already in the directory: change it from the list`,
        );
        return formView(services, principal, { values }, taken, 400);
      }
      markDone(request, form);
      flash(request, 'Complaints contact added', `${contact.name}: shown when a case is raised about its own service.`);
      return redirect(LIST);
    },
  }),
  definePage({
    method: 'GET',
    url: `${LIST}/:agency`,
    title: 'Change an agency’s complaints contact',
    access: 'manage-people',
    params: agencyParams,
    run: async ({ params }, { services, principal }) => {
      const { agency } = params as z.infer<typeof agencyParams>;
      const saved = await services.agencies.find(principal.partnershipId, agency);
      if (saved === undefined) return redirect(`${NEW}?agency=${agency}`);
      return formView(services, principal, { change: saved, values: savedValues(saved) });
    },
  }),
  definePage({
    method: 'POST',
    url: `${LIST}/:agency`,
    title: 'Change an agency’s complaints contact',
    access: 'manage-people',
    audit: ['agency-contact.changed'],
    params: agencyParams,
    run: async ({ params, form }, { services, principal, now, request }) => {
      const { agency } = params as z.infer<typeof agencyParams>;
      const saved = await services.agencies.find(principal.partnershipId, agency);
      if (saved === undefined) return redirect(`${NEW}?agency=${agency}`);
      const values: Record<string, string> = { ...typed(form), formId: '' };
      const errors = new FormErrors();
      const contact = readContact(form, agency, errors);
      const version = Number(values['version']);
      if (contact === undefined || !Number.isInteger(version)) return formView(services, principal, { change: saved, values }, errors, 400);
      try {
        await services.agencies.change(principal, contact, version, now);
      } catch (error) {
        if (!(error instanceof ServiceError) || error.kind !== 'stale') throw error;
        // Someone saved first: show what they saved above what was typed, and ask again against their version.
        const current = (await services.agencies.find(principal.partnershipId, agency)) ?? saved;
        return formView(
          services,
          principal,
          { change: current, values: { ...values, version: String(current.version) }, changedMeanwhile: current },
          undefined,
          409,
        );
      }
      flash(request, 'Complaints contact changed', `${contact.name}: shown when a case is raised about its own service.`);
      return redirect(LIST);
    },
  }),
];
