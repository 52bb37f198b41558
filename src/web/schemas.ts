/**
 * Request schemas. The same zod schemas validate requests and generate the OpenAPI document, so
 * the published contract cannot drift from what the service accepts.
 */
import { z } from 'zod';
import { parseIsoDate, parseLondonDateTime } from '../core/calendar/index.js';
import { agencyKind, aspect, caseFlag, complainantKind, conferenceType, letterContent } from '../core/procedures/schema.js';
import type { ActInput, RaiseInput } from '../service/cases.js';
import { CASE_SORTS, CASE_TRACKS, DEFAULT_CASE_LIST, type CaseListQuery } from '../service/caseList.js';
import type { ChildInput } from '../service/children.js';
import {
  CONFERENCE_CATEGORIES,
  CONFERENCE_DECISIONS,
  MINUTES_METHODS,
  type ConferenceChange,
  type NewConference,
} from '../service/conferences.js';
import { detailsIssues, type AgencyContact } from '../service/agencyContacts.js';
import type { StaffChange } from '../service/staffAccounts.js';
import { DOCUMENT_TYPES } from '../service/documents.js';
import { STAFF_ROLES } from '../service/principal.js';

// ---- The text rule (issue 11 point 6, ADR 0018) ----

/**
 * Control characters other than tab and newline (a carriage return only before a newline), NUL
 * included: PostgreSQL cannot store NUL, and the others hide text from whoever reads it.
 */
const CONTROL_CHARACTER = /(?![\t\n]|\r\n)\p{Cc}/u;
/** Half of a UTF-16 surrogate pair without its other half: not a character, stored garbled. */
const LONE_SURROGATE = /\p{Cs}/u;
/** Marks and overrides that reorder what is displayed: a file "evil\u202Efdp.exe" shows as "evilexe.pdf". */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** Every string a request carries passes this check; test/web/textRule.test.ts walks the schemas to see that it does. */
export const PLAIN_TEXT = z.superRefine((value: string, ctx) => {
  if (CONTROL_CHARACTER.test(value))
    ctx.addIssue({ code: 'custom', message: 'must not contain control characters (other than tab and newline)', input: value });
  if (LONE_SURROGATE.test(value))
    ctx.addIssue({ code: 'custom', message: 'must be valid Unicode text (it has half of a surrogate pair)', input: value });
});

/** Names and file names also refuse bidirectional controls, which disguise what they show. */
export const NO_BIDI = z.superRefine((value: string, ctx) => {
  if (BIDI_CONTROL.test(value))
    ctx.addIssue({ code: 'custom', message: 'must not contain bidirectional controls (such as right-to-left overrides)', input: value });
});

/** The one way a request schema makes a string. */
export const plainString = () => z.string().check(PLAIN_TEXT);
export const text = (max: number) => plainString().max(max);
export const requiredText = (max: number) => plainString().trim().min(1, 'must not be empty').max(max);
/** A person's, token's or file's name. */
export const nameText = (max: number) => requiredText(max).check(NO_BIDI);

const londonDateTime = plainString()
  .max(16)
  .refine((text) => parseLondonDateTime(text) !== undefined, 'must be a real date (YYYY-MM-DD) or London time (YYYY-MM-DDTHH:MM)')
  .meta({ description: 'A Europe/London date (YYYY-MM-DD) or local time (YYYY-MM-DDTHH:MM)', example: '2026-12-15T10:00' });

const isoDate = plainString()
  .max(10)
  .transform((text, ctx) => {
    const date = parseIsoDate(text);
    if (date === undefined) ctx.addIssue({ code: 'custom', message: 'must be a real date (YYYY-MM-DD)', input: text });
    return date ?? z.NEVER;
  })
  .meta({ description: 'A date, YYYY-MM-DD', example: '2026-12-29' });

/**
 * Documents a date field for the OpenAPI description: what the date means, its default and its
 * limits (issue 10 point 7). Every date in a request says all three; a test checks it.
 */
function dated<S extends z.ZodType>(schema: S, doc: { readonly means: string; readonly byDefault: string; readonly limits: string }): S {
  return schema.meta({ description: `${doc.means} Default: ${doc.byDefault}. Limits: ${doc.limits}.` });
}

/** London time, as every date-time field reads it. */
const AS_LONDON_TIME =
  'a real date (YYYY-MM-DD, meaning 00:00 that day) or London time (YYYY-MM-DDTHH:MM; a time the clocks skip does not exist, and one they repeat is the first, BST)';

export const deadlineRequest = z
  .strictObject({
    from: dated(londonDateTime, {
      means: 'The event the time limit runs from, London time.',
      byDefault: 'none, required',
      limits: AS_LONDON_TIME,
    }),
    limit: z.strictObject({
      unit: z.enum(['working-days', 'days', 'months', 'hours']),
      amount: z.number().int().min(-400).max(400),
    }),
    roll: z.enum(['forward', 'none']).default('none'),
    partnership: plainString().max(64).optional(),
    closures: z
      .array(
        dated(isoDate, {
          means: 'A day the partnership is closed, counted as a non-working day.',
          byDefault: 'none',
          limits: 'a real date (YYYY-MM-DD)',
        }),
      )
      .max(366)
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (value.limit.unit === 'hours' && value.roll === 'forward') {
      ctx.addIssue({ code: 'custom', path: ['roll'], message: 'an hours limit ends at its instant and never rolls' });
    }
    if ((value.limit.unit === 'months' || value.limit.unit === 'hours') && value.limit.amount < 1) {
      ctx.addIssue({ code: 'custom', path: ['limit', 'amount'], message: 'months and hours must be 1 or more' });
    }
  })
  .meta({ id: 'DeadlineRequest', description: 'When does a time limit end?' });

export const procedureParams = z.strictObject({ id: plainString().max(64) });

export const scheduleQuery = z
  .strictObject({
    conference: dated(londonDateTime, {
      means: 'When the conference was held, London time: every deadline of the schedule counts from it.',
      byDefault: 'none, required',
      limits: AS_LONDON_TIME,
    }),
    at: z
      .union([plainString().max(80), z.array(plainString().max(80)).max(50)])
      .optional()
      .meta({ description: 'EVENT=DATE, repeatable: fixes when an event happens' }),
  })
  .meta({ id: 'ScheduleQuery' });

export type DeadlineRequest = z.output<typeof deadlineRequest>;

// ---- Signed-in API ----

/** A London date or time, as an instant. */
export const londonInstant = londonDateTime.transform((text) => parseLondonDateTime(text) ?? new Date(Number.NaN));

/** An instant to come: ISO 8601 with its offset, or London time as every other date-time field reads it. */
const isoInstant = z.iso.datetime({ offset: true });
const instantOf = (text: string): Date | undefined =>
  isoInstant.safeParse(text).success ? new Date(text) : text.length <= 16 ? parseLondonDateTime(text) : undefined;
const bookingInstant = plainString()
  .max(35)
  .refine((text) => instantOf(text) !== undefined, 'must be an ISO 8601 instant with its offset, or London time (YYYY-MM-DDTHH:MM)')
  .transform((text) => instantOf(text) ?? new Date(Number.NaN))
  .meta({ example: '2027-01-05T10:00:00Z' });

const id = plainString()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, 'must be an id (letters, digits, . _ : -)');

export const idParams = z.strictObject({ id });

export const page = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const signIn = z
  .strictObject({
    email: plainString().trim().min(3).max(254),
    password: plainString().min(1).max(200),
    partnershipId: plainString().min(1).max(100).optional().meta({
      description: 'Only when the same email and password sign in to accounts in several partnerships (a 409 lists them): which one',
    }),
  })
  .meta({ id: 'SignIn' });

export const passwordChange = z
  .strictObject({
    currentPassword: plainString().min(1).max(200),
    newPassword: plainString().min(12, 'must be at least 12 characters').max(200),
  })
  .meta({ id: 'PasswordChange' });

export const newUser = z
  .strictObject({
    email: z.email().check(PLAIN_TEXT).max(254),
    name: nameText(200),
    role: z.enum(STAFF_ROLES),
    password: plainString().min(12, 'must be at least 12 characters').max(200),
    agency: agencyKind,
    lineManagerId: id.exactOptional(),
    senior: z
      .boolean()
      .exactOptional()
      .meta({ description: "A senior manager; panels' seniority rules read this from the directory (default false)" }),
    partnershipAgency: z.boolean().exactOptional().meta({ description: 'Employed by an agency of the partnership (default true)' }),
  })
  .meta({ id: 'NewUser' });

export const staffChange = z
  .strictObject({
    role: z.enum(STAFF_ROLES).exactOptional(),
    disabled: z.boolean().exactOptional(),
    lineManagerId: id.nullable().exactOptional(),
    senior: z.boolean().exactOptional(),
    partnershipAgency: z.boolean().exactOptional(),
  })
  .refine(
    (change) => Object.keys(change).length > 0,
    'must change at least one of role, disabled, lineManagerId, senior, partnershipAgency',
  )
  .meta({ id: 'StaffChange' }) satisfies z.ZodType<StaffChange>;

export const newClosureDay = z
  .strictObject({
    date: dated(isoDate, {
      means: 'A day the partnership is closed: not a working day in its deadlines from the next request.',
      byDefault: 'none, required',
      limits: 'a real date (YYYY-MM-DD), past or future',
    }),
    reason: requiredText(200),
  })
  .meta({ id: 'NewClosureDay' });

export const newToken = z
  .strictObject({
    name: nameText(100),
    role: z.enum(STAFF_ROLES),
    expiresInDays: z
      .int()
      .min(1)
      .max(3650)
      .exactOptional()
      .meta({ description: 'Days until the token expires: default API_TOKEN_DAYS, at most API_TOKEN_MAX_DAYS' }),
  })
  .meta({ id: 'NewApiToken' });

export const newPerson = z
  .strictObject({
    name: nameText(200),
    agency: agencyKind,
    jobTitle: text(200).exactOptional(),
    senior: z
      .boolean()
      .exactOptional()
      .meta({ description: "A senior manager; panels' seniority rules read this from the directory (default false)" }),
    partnershipAgency: z.boolean().exactOptional().meta({ description: 'Employed by an agency of the partnership (default true)' }),
  })
  .meta({ id: 'NewPerson' });

// ---- The agencies directory (ADR 0033, ADR 0037) ----

export const agencyParams = z.strictObject({ agency: agencyKind });

/** A way of contact: left out, or empty, for none. */
const contactWay = (description: string) => plainString().exactOptional().meta({ description });

/**
 * The directory's own rules (the service's `detailsIssues`), each named at its field, in the same
 * 400 as the text rule's: "at least one way of contact" names the body, as no one field is wrong.
 */
const CONTACT_RULES = z.superRefine((details: Omit<AgencyContact, 'agency'>, ctx) => {
  for (const issue of detailsIssues(details))
    ctx.addIssue({ code: 'custom', message: issue.reason, path: issue.name === 'contact' ? [] : [issue.name], input: details });
});

const contactDetails = {
  name: plainString()
    .check(NO_BIDI)
    .meta({ description: 'How the agency is known locally, such as "Kent Police": at most 200 characters', example: 'Kent Police' }),
  address: contactWay('Postal address for complaints, one line per line: at most 8 lines and 1000 characters'),
  email: contactWay('Email address for complaints'),
  phone: contactWay('UK telephone number for complaints: 10 or 11 digits from 0, or +44 in place of the 0'),
  website: contactWay('Web page about making a complaint: https only'),
};

export const newAgencyContact = z
  .strictObject({ agency: agencyKind, ...contactDetails })
  .check(CONTACT_RULES)
  .meta({
    id: 'NewAgencyContact',
    description: "An agency's name and complaints contact, for a kind of agency not yet in the directory: at least one way of contact",
  }) satisfies z.ZodType<AgencyContact>;

export const agencyContactChange = z
  .strictObject({
    expectedVersion: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .meta({ description: "The entry's version you read; a stale one is refused with 409, saying which fields differ now" }),
    ...contactDetails,
  })
  .check(CONTACT_RULES)
  .meta({ id: 'AgencyContactChange', description: "The agency's name and complaints contact, replaced whole: a way left out is removed" });

const minutesMethod = z.enum(MINUTES_METHODS);

const minutesSentAt = dated(londonInstant, {
  means:
    "When the conference's minutes were sent, London time; their receipt, and the time limits that run from it, follow from it and the method.",
  byDefault: 'none, required with minutesSent',
  limits: `${AS_LONDON_TIME}; not before the conference and not after now (a booked conference has no minutes)`,
});
const minutesSent = z.strictObject({ at: minutesSentAt, method: minutesMethod });
const heldAtLimits = `${AS_LONDON_TIME}; after now, the conference is booked: it has no decision, category, attendance or minutes, and cannot be challenged, until it has been held`;

/** A child a conference concerns, by the children's social care system's id. */
export const childInput = z
  .strictObject({
    socialCareId: requiredText(50)
      .check(NO_BIDI)
      .meta({ description: "The children's social care system's id for the child, unique in the partnership" }),
    name: nameText(200),
    dateOfBirth: dated(isoDate, {
      means: "The child's date of birth.",
      byDefault: 'none, for a child not yet born (a pre-birth conference)',
      limits: 'a real date, not after the day of the conference',
    }).exactOptional(),
  })
  .meta({ id: 'NewChild' }) satisfies z.ZodType<ChildInput>;

export const newConference = z
  .strictObject({
    externalRef: requiredText(100).exactOptional(),
    type: conferenceType,
    heldAt: dated(londonInstant, {
      means: 'When the conference was held, or is booked for, London time.',
      byDefault: 'none, required',
      limits: heldAtLimits,
    }),
    chairId: id,
    localArea: id.exactOptional(),
    decision: z.enum(CONFERENCE_DECISIONS).exactOptional(),
    category: z.enum(CONFERENCE_CATEGORIES).exactOptional(),
    minutesSent: minutesSent.exactOptional(),
    participants: z
      .array(z.strictObject({ personId: id, invited: z.boolean().default(true), attended: z.boolean() }))
      .max(200)
      .exactOptional(),
    children: z.array(childInput).max(20).exactOptional().meta({
      description: 'The children the conference concerns; a child whose social care id is already recorded is linked, not recorded again',
    }),
  })
  .meta({ id: 'NewConference' }) satisfies z.ZodType<NewConference>;

export const conferenceChange = z
  .strictObject({
    heldAt: dated(londonInstant, {
      means: 'When the conference was held, or is now booked for, London time.',
      byDefault: 'unchanged',
      limits: heldAtLimits,
    }).exactOptional(),
    decision: z.enum(CONFERENCE_DECISIONS).nullable().exactOptional(),
    category: z.enum(CONFERENCE_CATEGORIES).nullable().exactOptional(),
    minutesSent: minutesSent.nullable().exactOptional(),
    participants: z
      .array(z.strictObject({ personId: id, invited: z.boolean().default(true), attended: z.boolean() }))
      .max(200)
      .exactOptional(),
  })
  .refine((change) => Object.keys(change).length > 0, 'must change at least one of heldAt, decision, category, minutesSent, participants')
  .meta({
    id: 'ConferenceChange',
    description: 'Re-book a conference, or record it as held with its decision, category, attendance and minutes',
  }) satisfies z.ZodType<ConferenceChange>;

/** The auditor's filters (person, case, action, London dates), shared by the list and the CSV export. */
const auditFilters = {
  actorId: id.optional().meta({ description: 'Who acted: a user id, or token:<id>' }),
  caseId: id.optional().meta({ description: 'Entries about this case' }),
  action: id
    .optional()
    .meta({ description: 'An action, e.g. case.read; also matches its detailed forms (staff.updated matches staff.updated:role)' }),
  from: dated(isoDate, {
    means: 'Entries from the start of this London day.',
    byDefault: 'no lower limit',
    limits: 'a real date; not after `to`',
  }).optional(),
  to: dated(isoDate, {
    means: 'Entries to the end of this London day.',
    byDefault: 'no upper limit',
    limits: 'a real date; not before `from`',
  }).optional(),
};

const fromNotAfterTo = (query: { from?: string | undefined; to?: string | undefined }) =>
  query.from === undefined || query.to === undefined || query.from <= query.to;
const FROM_AFTER_TO = { message: 'must be on or before the date in to', path: ['from'] };

export const auditQuery = page
  .extend({ before: z.coerce.number().int().min(1).optional(), subjectId: id.optional(), ...auditFilters })
  .refine(fromNotAfterTo, FROM_AFTER_TO);

export const auditExportQuery = z.strictObject(auditFilters).refine(fromNotAfterTo, FROM_AFTER_TO);

export const myWorkQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: 'At most this many items in each group' }),
});

/** A true/false query parameter. */
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const caseListQuery = z
  .strictObject({
    track: z.enum(CASE_TRACKS).exactOptional(),
    stage: id.exactOptional().meta({ description: "A stage's id, as the procedure names it" }),
    status: z.enum(['open', 'closed']).exactOptional(),
    overdue: flag.exactOptional().meta({ description: 'true: open cases with a deadline already past; false: the others' }),
    conferenceFrom: dated(isoDate, {
      means: 'Only cases whose conference was held on or after this London date.',
      byDefault: 'no lower limit',
      limits: 'a real date, not after conferenceTo',
    }).exactOptional(),
    conferenceTo: dated(isoDate, {
      means: 'Only cases whose conference was held on or before this London date.',
      byDefault: 'no upper limit',
      limits: 'a real date, not before conferenceFrom',
    }).exactOptional(),
    search: text(100).exactOptional().meta({ description: "Part of a case reference or of a child's name, whatever its case" }),
    reference: text(40).exactOptional().meta({ description: 'One case reference, exactly (whatever its case)', example: 'KENT-2026-0042' }),
    sort: z.enum(CASE_SORTS).default(DEFAULT_CASE_LIST.sort),
    direction: z.enum(['asc', 'desc']).default(DEFAULT_CASE_LIST.direction),
    page: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_CASE_LIST.page),
    pageSize: z.coerce.number().int().min(1).max(100).default(DEFAULT_CASE_LIST.pageSize),
  })
  .refine((q) => q.conferenceFrom === undefined || q.conferenceTo === undefined || q.conferenceFrom <= q.conferenceTo, {
    message: 'conferenceFrom must not be after conferenceTo',
    path: ['conferenceTo'],
  }) satisfies z.ZodType<CaseListQuery>;

export const conferenceListQuery = page
  .extend({
    from: dated(isoDate, {
      means: 'Only conferences held (or booked) on or after this London date.',
      byDefault: 'no lower limit',
      limits: 'a real date, not after to',
    }).exactOptional(),
    to: dated(isoDate, {
      means: 'Only conferences held (or booked) on or before this London date.',
      byDefault: 'no upper limit',
      limits: 'a real date, not before from',
    }).exactOptional(),
    status: z.enum(['booked', 'held']).exactOptional(),
    childId: id.exactOptional().meta({ description: "Only this child's conferences" }),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'from must not be after to', path: ['to'] });

export const childListQuery = page.extend({
  search: text(100).exactOptional().meta({ description: "Part of a child's name or social care id, whatever its case" }),
});

export const raiseChallenge = z
  .strictObject({
    conferenceId: id,
    track: z.enum(['family', 'professional-dissent']),
    subject: z.enum(['conference', 'agency']).default('conference'),
    complainant: z.strictObject({ kind: complainantKind, sufficientUnderstanding: z.boolean().exactOptional() }),
    aspects: z.array(aspect).min(1).max(4),
    receivedAt: dated(londonInstant, {
      means:
        'When the partnership received the challenge (not when it is recorded), London time: its time limits run from it, and it chooses the revision of the procedure in effect.',
      byDefault: 'none, required',
      limits: `${AS_LONDON_TIME}; not before the conference was held and not after now`,
    }),
    flags: z.array(caseFlag).max(10).exactOptional(),
    localArea: id.exactOptional(),
    advocate: z
      .strictObject({
        name: nameText(200),
        consentRecordedAt: dated(londonInstant, {
          means:
            "When the complainant consented to the advocate's part in the challenge and to sharing information with them, London time.",
          byDefault: 'not recorded; a procedure that requires consent refuses the advocate without it',
          limits: AS_LONDON_TIME,
        }).exactOptional(),
      })
      .exactOptional(),
    caseWorkerIds: z.array(id).max(20).exactOptional(),
    summary: text(10_000).exactOptional(),
    receivedBy: minutesMethod.exactOptional().meta({
      description:
        'How the challenge reached the partnership; in-person and phone mean the officer recorded it in writing. Its receipt is receivedAt whatever the method.',
    }),
  })
  .meta({ id: 'RaiseChallenge' }) satisfies z.ZodType<RaiseInput>;

const fromDirectory = "Read from the partnership's directory; if given, it must agree with the directory or the panel is refused";
const panelMember = z.strictObject({
  personId: id.meta({ description: "A member of staff or a person in the partnership's directory" }),
  name: nameText(200).exactOptional().meta({ description: fromDirectory }),
  agency: agencyKind.exactOptional().meta({ description: fromDirectory }),
  partnershipAgency: z.boolean().exactOptional().meta({ description: fromDirectory }),
  senior: z.boolean().exactOptional().meta({ description: fromDirectory }),
  role: z.enum(['chair', 'member', 'co-opted-adviser']),
  declaresLineManagement: z.boolean().exactOptional().meta({
    description:
      'The member declares present or previous line management of the case; line management the directory records counts without it',
  }),
});

export const actionDetails = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('record'), note: text(10_000).exactOptional() }),
  z.strictObject({
    kind: z.literal('meeting'),
    minuteTaker: z.strictObject({ personId: id, role: requiredText(100) }).exactOptional(),
    chairId: id.exactOptional(),
    briefed: z.boolean().exactOptional(),
    supporterPresent: z.boolean().exactOptional(),
  }),
  z.strictObject({
    kind: z.literal('letter'),
    method: minutesMethod,
    content: z.partialRecord(letterContent, text(20_000)),
    copiedTo: z.array(id).max(30),
  }),
  z.strictObject({ kind: z.literal('request'), reasons: text(10_000).exactOptional() }),
  z.strictObject({ kind: z.literal('panel'), members: z.array(panelMember).min(1).max(20) }),
  z.strictObject({
    kind: z.literal('decision'),
    options: z.array(id).max(10),
    findings: z.strictObject({ proceduresFollowed: z.boolean().exactOptional(), decisionReasonable: z.boolean().exactOptional() }),
    reasons: text(20_000),
    votes: z.strictObject({ for: z.number().int().min(0).max(50), against: z.number().int().min(0).max(50) }).exactOptional(),
    furtherPanelDate: dated(isoDate, {
      means: 'The day of the further panel an outcome sets, with the timescale for the task.',
      byDefault: 'none; an outcome that needs a further panel is refused without it',
      limits: 'a real date (YYYY-MM-DD) after the day of the decision',
    }).exactOptional(),
    learningPoints: z
      .array(requiredText(5_000))
      .max(30)
      .exactOptional()
      .meta({ description: 'What practice should learn from the case, one point each (ADR 0026)' }),
    recommendations: z
      .array(z.strictObject({ agency: agencyKind, text: requiredText(5_000) }))
      .max(30)
      .exactOptional()
      .meta({ description: 'Recommendations, each to a named agency of the partnership (ADR 0026)' }),
  }),
  z.strictObject({ kind: z.literal('choice'), option: id, reason: text(10_000) }),
]);

const version = z.number().int().min(0).max(1_000_000).meta({ description: 'The case version you read; a stale one is refused with 409' });

/** The earliest date the record accepts for when something happened: earlier is a typing slip (ADR 0015). */
const EARLIEST = Date.UTC(2000, 0, 1);
const sinceMillennium = londonInstant.refine((instant) => instant.getTime() >= EARLIEST, 'must not be before 1 January 2000');
const sinceMillenniumDay = isoDate.refine((day) => day >= '2000-01-01', 'must not be before 1 January 2000');
const eventSeq = z
  .number()
  .int()
  .min(1)
  .max(1_000_000)
  .meta({ description: "The seq of the event corrected or voided: a fact of this case, as the case's timeline numbers it" });

export const caseAction = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('perform'),
      expectedVersion: version,
      action: id,
      occurredAt: dated(sinceMillennium, {
        means: 'When the action happened, London time, where it is recorded afterwards: the time limits it meets or starts count from it.',
        byDefault: 'now, the moment it is recorded',
        limits: `${AS_LONDON_TIME}; not before 1 January 2000, not before the conference was held, not before what it follows, and not after now`,
      }).exactOptional(),
      details: actionDetails.default({ kind: 'record' }),
      takenBy: id.exactOptional().meta({
        description:
          "The staff account id of the colleague who took the step, when you record it for them (needs record-for-others; ADR 0030). The procedure's rules apply to them, not to you; the event keeps both. Default: you took it. An account that is disabled or of another partnership is refused (400).",
      }),
    }),
    z.strictObject({
      type: z.literal('minutes-sent'),
      expectedVersion: version,
      sentAt: dated(londonInstant, {
        means: "When the conference's minutes were sent, London time; their deemed receipt follows from it and the method.",
        byDefault: 'none, required',
        limits: `${AS_LONDON_TIME}; not before the conference was held and not after now`,
      }),
      method: minutesMethod,
    }),
    z.strictObject({
      type: z.literal('receipt'),
      expectedVersion: version,
      milestone: id,
      receivedOn: dated(isoDate, {
        means: 'The day a letter or the minutes actually arrived: it replaces the day they were deemed received.',
        byDefault: 'none, required',
        limits: 'a real date (YYYY-MM-DD), not before the day it was sent and not after today (London)',
      }),
    }),
    z.strictObject({
      type: z.literal('late-arrival'),
      expectedVersion: version,
      deadline: id,
      accept: z.boolean(),
      reason: text(10_000),
      occurredAt: dated(sinceMillennium, {
        means: 'When the decision was made, London time, where it is recorded afterwards.',
        byDefault: 'now, the moment it is recorded',
        limits: `${AS_LONDON_TIME}; not before 1 January 2000, not before what arrived late, and not after now`,
      }).exactOptional(),
    }),
    z.strictObject({
      type: z.literal('limitation'),
      expectedVersion: version,
      flag: caseFlag,
      proceed: z.boolean(),
      reason: text(10_000),
      occurredAt: dated(sinceMillennium, {
        means: 'When the decision was made, London time, where it is recorded afterwards.',
        byDefault: 'now, the moment it is recorded',
        limits: `${AS_LONDON_TIME}; not before 1 January 2000, not before the challenge was received, and not after now`,
      }).exactOptional(),
    }),
    z.strictObject({
      type: z.literal('withdraw'),
      expectedVersion: version,
      reason: text(10_000),
      occurredAt: dated(sinceMillennium, {
        means: 'When the complainant withdrew the challenge, London time, where it is recorded afterwards: the case closes then.',
        byDefault: 'now, the moment it is recorded',
        limits: `${AS_LONDON_TIME}; not before 1 January 2000, not before the challenge was received, and not after now`,
      }).exactOptional(),
    }),
    z.strictObject({
      type: z.literal('correct'),
      expectedVersion: version,
      target: eventSeq,
      reason: requiredText(10_000).meta({ description: 'Why the record was wrong: kept in the history and shown to the auditor' }),
      occurredAt: dated(sinceMillennium, {
        means:
          'The corrected time the fact happened, London time: for a challenge when it was received, for minutes when they were sent, otherwise when it happened.',
        byDefault: 'unchanged',
        limits: `${AS_LONDON_TIME}; not before 1 January 2000, not after now, and in order with what it follows and what follows it`,
      }).exactOptional(),
      details: actionDetails
        .exactOptional()
        .meta({ description: "The corrected details of an action, of the same kind as the action's. Default: unchanged." }),
      receivedOn: dated(sinceMillenniumDay, {
        means: 'The corrected day a letter or the minutes actually arrived (for a receipt).',
        byDefault: 'unchanged',
        limits: 'a real date (YYYY-MM-DD), not before 1 January 2000, not before the day it was sent and not after today (London)',
      }).exactOptional(),
      method: minutesMethod.exactOptional().meta({ description: 'The corrected way the minutes were sent. Default: unchanged.' }),
    }),
    z.strictObject({
      type: z.literal('void'),
      expectedVersion: version,
      target: eventSeq,
      reason: requiredText(10_000).meta({
        description: 'Why the fact was recorded by mistake: kept in the history and shown to the auditor',
      }),
    }),
    z.strictObject({
      type: z.literal('book'),
      expectedVersion: version,
      action: id.meta({ description: "A meeting or panel of the case's current stage that has not been held" }),
      bookedFor: dated(bookingInstant, {
        means:
          'When the meeting or panel is booked to be held: an ISO 8601 instant with its offset (2027-01-05T10:00:00Z) or London time. The case shows it beside the deadline the meeting meets, flagged when it falls on or after the time the deadline ends.',
        byDefault: 'none, required',
        limits: `after now (something already held is recorded as held, with occurredAt); an ISO 8601 instant with offset, or ${AS_LONDON_TIME}`,
      }),
      reason: text(10_000)
        .exactOptional()
        .meta({ description: 'Why the booking moved: required (422 without) when the action is already booked' }),
    }),
    z.strictObject({
      type: z.literal('change-facts'),
      expectedVersion: version,
      reason: text(10_000).meta({ description: 'Why the facts changed; an empty reason is refused (422)' }),
      caseWorkerIds: z
        .array(id)
        .max(20)
        .exactOptional()
        .meta({ description: "The case workers as they now stand (the whole list), each in the partnership's directory" }),
      flags: z.array(caseFlag).max(10).exactOptional().meta({ description: 'The flags as they now stand (the whole list)' }),
    }),
    z.strictObject({
      type: z.literal('declare'),
      expectedVersion: version,
      personId: id.meta({ description: 'The member of the panel as convened whose declaration this is' }),
      independent: z.boolean().meta({
        description: 'true: no involvement in and no line management of the case; false: declines, with the reason (ADR 0026)',
      }),
      reason: text(10_000)
        .exactOptional()
        .meta({ description: 'Why the member cannot declare independence: required (422 without) when independent is false' }),
      occurredAt: dated(sinceMillennium, {
        means: 'When the member declared, London time, where it is recorded afterwards.',
        byDefault: 'now, the moment it is recorded',
        limits: `${AS_LONDON_TIME}; not before the panel was convened and not after now`,
      }).exactOptional(),
    }),
  ])
  .meta({ id: 'CaseAction', description: 'Something done on a case, against the version the user saw' }) satisfies z.ZodType<ActInput>;

/** A proposed panel, checked against the procedure without recording anything (ADR 0026). */
export const panelCheck = z
  .strictObject({
    action: id.exactOptional().meta({ description: "The panel action to check against; default: the case's current or next panel" }),
    members: z.array(panelMember).min(1).max(20),
    sitsAt: dated(sinceMillennium, {
      means: 'The day the panel is to sit: line management is read from the directory as at then.',
      byDefault: 'now',
      limits: `${AS_LONDON_TIME}; not before 1 January 2000`,
    }).exactOptional(),
  })
  .meta({ id: 'PanelCheck' });

/** Links a case document to an item of the panel's document pack, or unlinks it (ADR 0026). */
export const packLink = z
  .strictObject({
    item: z.number().int().min(0).max(100).meta({ description: "The item's index in the procedure's document pack" }),
    documentId: id.meta({ description: 'A document of this case' }),
    linked: z.boolean().meta({ description: 'true links it, false unlinks it' }),
  })
  .meta({ id: 'PackLink' });

export const documentQuery = z
  .strictObject({
    caseId: id.optional().meta({ description: 'The case the document belongs to: give exactly one of caseId and conferenceId' }),
    conferenceId: id
      .optional()
      .meta({ description: 'The conference the document belongs to: give exactly one of caseId and conferenceId' }),
    type: z.enum(DOCUMENT_TYPES),
    filename: nameText(200).refine((name) => !/[/\\]/.test(name), 'must be a plain file name, without / or \\'),
  })
  .refine((q) => (q.caseId === undefined) !== (q.conferenceId === undefined), {
    message: 'give exactly one of caseId and conferenceId',
    path: ['caseId'],
  })
  .meta({ id: 'DocumentUpload' });

// ---- Drift between request schemas and service inputs ----
// `satisfies` above fails type-checking when a schema stops producing what its service takes. These
// fail it the other way too: a field the service takes that the schema does not offer, or one the
// schema accepts that the service would ignore (for a union, member by member).

type Differing<A, B> = Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>;
type SameFields<A, B> = [Differing<A, B>] extends [never] ? true : { readonly differing: Differing<A, B> };
type SameFieldsPerType<A, B> = B extends { readonly type: infer T } ? SameFields<Extract<A, { type: T }>, B> : never;
type Agree<T extends true> = T;

export type RaiseChallengeAgrees = Agree<SameFields<z.output<typeof raiseChallenge>, RaiseInput>>;
export type CaseActionAgrees = Agree<SameFieldsPerType<z.output<typeof caseAction>, ActInput>>;
export type NewConferenceAgrees = Agree<SameFields<z.output<typeof newConference>, NewConference>>;
export type ConferenceChangeAgrees = Agree<SameFields<z.output<typeof conferenceChange>, ConferenceChange>>;
export type StaffChangeAgrees = Agree<SameFields<z.output<typeof staffChange>, StaffChange>>;

const receiptRule = z.strictObject({
  workingDays: z.number().meta({
    description: 'Working days after the day of sending on which it counts as received: a whole number from 0 (that day) to 20',
    example: 2,
  }),
  source: requiredText(300).meta({ description: 'Where the convention comes from, shown in every explanation that uses it' }),
});

/**
 * A partnership's own receipt rules (ADR 0016): a rule for each method it wants to differ from the
 * product's default; a method left out goes back to the default.
 */
export const receiptRulesChange = z
  .strictObject({
    email: receiptRule.optional(),
    'secure-portal': receiptRule.optional(),
    hand: receiptRule.optional(),
    'first-class-post': receiptRule.optional(),
    'second-class-post': receiptRule.optional(),
    'signed-for': receiptRule.optional(),
    'in-person': receiptRule.optional(),
    phone: receiptRule.optional(),
  })
  .meta({ id: 'ReceiptRulesChange' });

// ---- Letters ----

export const letterParams = z.strictObject({ id, letterId: id });

const letterLine = (max: number) => text(max).check(NO_BIDI);

export const letterheadChange = z
  .strictObject({
    name: nameText(200),
    addressLines: z.array(letterLine(200)).max(6),
    postcode: letterLine(12),
    phone: letterLine(40),
    email: letterLine(254).refine((value) => value === '' || z.email().safeParse(value).success, 'must be an email address, or empty'),
    website: letterLine(200),
  })
  .meta({ id: 'LetterheadChange', description: "The partnership's letterhead, replaced whole; empty strings leave a line out" });

const SECTION_KEYS = ['opening', 'closing', ...letterContent.options] as const;

export const letterDraftChange = z
  .strictObject({
    expectedVersion: z
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .meta({ description: "The draft's version you read (0 for one never saved); a stale one is refused with 409" }),
    addressee: text(1_000).optional(),
    subject: text(300).optional(),
    method: minutesMethod.optional().meta({ description: 'How the letter will be sent: the date by which it states depends on it' }),
    sections: z.partialRecord(z.enum(SECTION_KEYS), text(20_000)).optional().meta({
      description: "Each section's text, by key; sections left out keep their text. A required section may be saved empty, but not sent",
    }),
  })
  .meta({ id: 'LetterDraftChange' });

export const letterSend = z
  .strictObject({
    expectedVersion: version,
    method: minutesMethod,
    sentAt: dated(sinceMillennium, {
      means: 'When the letter was sent, London time: its deemed receipt, and every time limit that runs from it, count from it.',
      byDefault: 'now, the moment it is recorded',
      limits: `${AS_LONDON_TIME}; not before 1 January 2000, not before what it follows, and not after now`,
    }).exactOptional(),
    takenBy: id.exactOptional().meta({
      description:
        "The staff account id of the colleague who sent it, when you record it for them (needs record-for-others; ADR 0030), as for a case action's takenBy.",
    }),
  })
  .meta({ id: 'LetterSend' });
