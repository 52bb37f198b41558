/**
 * The agencies directory (ADR 0033, ADR 0037): each kind of agency's local name and where
 * complaints about its own service go. Read and changed under the same permissions as its pages
 * (/admin/agencies); the service checks and audits every write, as it does the pages'. There is no
 * removal: the service has none, and an entry is corrected by changing it.
 */
import type { AgencyContactView } from '../../service/agencyContacts.js';
import { Reply, defineRoute, type RouteDefinition } from '../route.js';
import { agencyContact, agencyContacts } from '../responses.js';
import { agencyContactChange, agencyParams, newAgencyContact } from '../schemas.js';

const LIST = '/api/v1/partnership/agencies';

/** An entry as the API gives it: each way of contact there, null when there is none. */
const entryOf = (view: AgencyContactView) => ({
  agency: view.agency,
  name: view.name,
  address: view.address ?? null,
  email: view.email ?? null,
  phone: view.phone ?? null,
  website: view.website ?? null,
  version: view.version,
  updatedAt: view.updatedAt,
});

export const AGENCY_ROUTES: readonly RouteDefinition[] = [
  defineRoute({
    method: 'GET',
    url: LIST,
    operationId: 'listAgencyContacts',
    summary: "The partnership's agencies directory: each agency recorded, with its complaints contact",
    tag: 'Partnership',
    access: 'read-people',
    responses: { 200: 'The agencies recorded, in the order of the agency kinds', 401: 'Not signed in', 403: 'Not permitted' },
    result: agencyContacts,
    handler: async (_input, { services, principal }) => (await services.agencies.list(principal.partnershipId)).map(entryOf),
  }),
  defineRoute({
    method: 'GET',
    url: `${LIST}/:agency`,
    operationId: 'getAgencyContact',
    summary: "One agency's complaints contact, with the version to change it against",
    tag: 'Partnership',
    access: 'read-people',
    params: agencyParams,
    responses: {
      200: 'The agency',
      401: 'Not signed in',
      403: 'Not permitted',
      404: "That kind of agency is not in your partnership's directory",
    },
    result: agencyContact,
    handler: async ({ params }, { services, principal }) => entryOf(await services.agencies.get(principal.partnershipId, params.agency)),
  }),
  defineRoute({
    method: 'POST',
    url: LIST,
    operationId: 'addAgencyContact',
    summary: 'Record the complaints contact of a kind of agency not yet in the directory',
    tag: 'Partnership',
    access: 'manage-people',
    audit: ['agency-contact.added'],
    body: newAgencyContact,
    responses: {
      201: 'Added',
      400: 'Invalid request',
      401: 'Not signed in',
      403: 'Not permitted',
      409: 'That agency is already in the directory: change it with PUT',
    },
    result: agencyContact,
    handler: async ({ body }, { services, principal, now }) => {
      const added = await services.agencies.add(principal, body, now);
      return new Reply(201, entryOf(added), { location: `${LIST}/${added.agency}` });
    },
  }),
  defineRoute({
    method: 'PUT',
    url: `${LIST}/:agency`,
    operationId: 'changeAgencyContact',
    summary: "Replace an agency's name and complaints contact, against the version you read",
    tag: 'Partnership',
    access: 'manage-people',
    audit: ['agency-contact.changed'],
    params: agencyParams,
    body: agencyContactChange,
    responses: {
      200: 'Changed',
      400: 'Invalid request',
      401: 'Not signed in',
      403: 'Not permitted',
      404: "That kind of agency is not in your partnership's directory: add it with POST",
      409: 'Changed since you read it: currentVersion is its version now, and the detail names the fields that differ from yours',
    },
    result: agencyContact,
    handler: async ({ params, body }, { services, principal, now }) => {
      const { expectedVersion, ...details } = body;
      return entryOf(await services.agencies.change(principal, { ...details, agency: params.agency }, expectedVersion, now));
    },
  }),
];
