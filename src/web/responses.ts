/**
 * Response schemas: what each route answers with on success. `defineRoute` makes a handler's
 * return type match its schema; Fastify serializes with the JSON Schema generated from it (so a
 * property not described here never leaves the server), and the OpenAPI document publishes it.
 * Property order follows the objects the services build, which the serializer keeps.
 */
import { z } from 'zod';
import {
  agencyKind,
  aspect,
  caseFlag,
  complainantKind,
  conferenceType,
  letterContent,
  procedureSchema,
} from '../core/procedures/schema.js';
import { DUE_GROUPS } from '../core/engine/dueGroups.js';
import { CONFERENCE_CATEGORIES, CONFERENCE_DECISIONS, MINUTES_METHODS } from '../service/conferences.js';
import { DOCUMENT_TYPES } from '../service/documents.js';
import { STAFF_ROLES } from '../service/principal.js';

const instant = z.string().meta({ description: 'An instant, ISO 8601 in UTC', example: '2026-12-15T10:00:00.000Z' });
const date = z.string().meta({ description: 'A date, YYYY-MM-DD', example: '2026-12-29' });
const count = z.int().min(0);
const role = z.enum(STAFF_ROLES);
const nullable = <T extends z.ZodType>(schema: T) => schema.nullable();

/** A new resource's id (its address is in the Location header). */
export const created = z.object({ id: z.string() }).meta({ id: 'Created' });

// ---- Published information ----

export const procedureList = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    partnership: z.string(),
    version: z.int().min(1),
    effectiveFrom: z.iso.date(),
    tracks: z.array(z.string()),
  }),
);

export const procedure = procedureSchema.meta({ id: 'Procedure', description: 'A procedure as data, every rule citing its clause' });

export const schedule = z
  .object({
    procedureId: z.string(),
    conferenceAt: instant,
    entries: z.array(
      z.object({
        id: z.string(),
        step: z.string(),
        track: z.string(),
        stage: z.string(),
        stageName: z.string(),
        who: z.string(),
        due: z.string().meta({ description: 'London date (YYYY-MM-DD) or, for an hours limit, local time (YYYY-MM-DDTHH:MM)' }),
        dueDate: date,
        rule: z.string(),
        clause: z.string(),
        binds: z.enum(['family', 'professional', 'authority']),
        explanation: z.string(),
        projected: z.boolean(),
        onlyIf: z.string().optional(),
      }),
    ),
    assumptions: z.array(z.object({ milestone: z.string(), description: z.string(), date: z.string(), why: z.string() })),
    given: z.array(z.object({ milestone: z.string(), date: z.string() })),
  })
  .meta({ id: 'Schedule' });

export const deadlineResult = z
  .object({
    due: z.string().meta({ description: 'London date (YYYY-MM-DD) or, for an hours limit, local time (YYYY-MM-DDTHH:MM)' }),
    dueDate: date,
    dueInstant: instant,
    explanation: z.string(),
    projected: z.boolean().meta({ description: 'Beyond the published bank holidays: projected' }),
    rolled: z.boolean(),
  })
  .meta({ id: 'DeadlineResult' });

// ---- Session ----

export const signedIn = z.object({
  user: z.object({ id: z.string(), name: z.string(), role, partnershipId: z.string() }),
  csrfToken: z.string(),
});

export const currentSession = z.object({
  principal: z.object({ kind: z.enum(['user', 'token']), id: z.string(), role, partnershipId: z.string() }),
  csrfToken: z
    .string()
    .optional()
    .meta({ description: 'For a signed-in user (not an API token): send it as x-csrf-token with every change' }),
});

export const csrfToken = z.object({ csrfToken: z.string() });

// ---- Partnership ----

const closureDays = z.array(z.object({ date, reason: z.string() })).meta({ id: 'ClosureDays' });

export const partnership = z.object({
  id: z.string(),
  name: z.string(),
  procedureId: z.string(),
  localAreas: z.array(z.object({ id: z.string(), name: z.string() })),
  closureDays,
});

export { closureDays };

export const receiptRules = z
  .array(
    z.object({
      method: z.enum(MINUTES_METHODS),
      workingDays: z.number().int().meta({ description: 'Working days after the day of sending on which it counts as received' }),
      source: z.string(),
      isDefault: z.boolean().meta({ description: "Whether this is the product's default rather than the partnership's own" }),
    }),
  )
  .meta({ id: 'ReceiptRules' });

export const staffMember = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role,
    agency: agencyKind,
    senior: z.boolean(),
    partnershipAgency: z.boolean(),
    lineManagerId: nullable(z.string()),
    disabled: z.boolean(),
  })
  .meta({ id: 'StaffMember' });

export const staffList = z.array(staffMember);

export const apiTokens = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    role,
    createdAt: instant,
    createdBy: z.string(),
    revokedAt: nullable(instant),
    expiresAt: instant,
  }),
);

export const newApiToken = z.object({
  id: z.string(),
  token: z.string().meta({ description: 'Shown once: send it as Authorization: Bearer' }),
  expiresAt: instant.meta({ description: 'After this it opens nothing' }),
});

export const auditEntries = z.array(
  z.object({
    id: count,
    at: instant,
    actor: z.object({ id: z.string(), role: z.string() }),
    action: z.string(),
    subject: z.object({ type: z.string(), id: z.string() }),
    outcome: z.enum(['ok', 'denied', 'not-found', 'failed']),
  }),
);

/** CSV (RFC 4180), every field quoted; a field that could run as a formula starts with an apostrophe. */
export const auditCsv = z.instanceof(Buffer);

// ---- The agencies directory (ADR 0033) ----

const contactWay = (description: string) => nullable(z.string()).meta({ description: `${description}; null if none` });

export const agencyContact = z
  .object({
    agency: agencyKind,
    name: z.string().meta({ description: 'How the agency is known locally' }),
    address: contactWay('Postal address for complaints, one line per line'),
    email: contactWay('Email address for complaints'),
    phone: contactWay('UK telephone number for complaints'),
    website: contactWay('Web page about making a complaint (https)'),
    version: z.int().min(1).meta({ description: 'Send it back as expectedVersion to change the entry' }),
    updatedAt: instant,
  })
  .meta({
    id: 'AgencyContact',
    description: "An agency's entry in the partnership's directory: where complaints about its own service go",
  });

export const agencyContacts = z.array(agencyContact).meta({ description: 'The agencies recorded, in the order of the agency kinds' });

// ---- People and conferences ----

export const person = z
  .object({
    id: z.string(),
    name: z.string(),
    agency: agencyKind,
    jobTitle: nullable(z.string()),
    senior: z.boolean(),
    partnershipAgency: z.boolean(),
  })
  .meta({ id: 'Person' });

export const people = z.array(person);

const conferenceStatus = z.enum(['booked', 'held']).meta({
  description:
    'booked: dated after now, so not yet held; it has no decision, category, attendance or minutes, and no challenge can be raised against it',
});

export const child = z
  .object({
    id: z.string(),
    socialCareId: z.string().meta({ description: "The children's social care system's id for the child, unique in the partnership" }),
    name: z.string(),
    dateOfBirth: nullable(date).meta({ description: 'YYYY-MM-DD; null for a child not yet born' }),
  })
  .meta({ id: 'Child' });

export const childList = z.object({ children: z.array(child), total: count });

export const conference = z
  .object({
    id: z.string(),
    status: conferenceStatus,
    externalRef: nullable(z.string()),
    type: conferenceType,
    heldAt: instant,
    chair: z.object({ id: z.string(), name: z.string() }),
    localArea: nullable(z.string()),
    decision: nullable(z.enum(CONFERENCE_DECISIONS)),
    category: nullable(z.enum(CONFERENCE_CATEGORIES)),
    minutesSent: nullable(z.object({ at: instant, method: z.enum(MINUTES_METHODS) })),
    participants: z.array(
      z.object({ personId: z.string(), name: z.string(), agency: agencyKind, invited: z.boolean(), attended: z.boolean() }),
    ),
    children: z.array(child),
  })
  .meta({ id: 'Conference' });

export const conferenceList = z.array(
  z.object({
    id: z.string(),
    status: conferenceStatus,
    externalRef: nullable(z.string()),
    type: conferenceType,
    heldAt: instant,
    chairId: z.string(),
    chairName: z.string(),
    decision: nullable(z.enum(CONFERENCE_DECISIONS)),
    category: nullable(z.enum(CONFERENCE_CATEGORIES)),
    children: z.array(child),
  }),
);

export const imported = z.object({
  imported: count,
  ids: z.array(z.string()),
  alreadyRecorded: z
    .array(z.string())
    .meta({ description: 'The references of rows left as they were: a conference with each is already recorded' }),
});

export const importPreview = z
  .object({
    rows: z.array(
      z.object({
        row: z.int().min(2).meta({ description: 'The line of the file (the header is line 1)' }),
        status: z.enum(['new', 'already-recorded']),
        externalRef: nullable(z.string()),
        type: conferenceType,
        heldAt: instant,
        children: z.array(z.object({ socialCareId: z.string(), name: z.string(), dateOfBirth: nullable(date) })),
      }),
    ),
    errors: z.array(
      z.object({
        row: z.int().min(1),
        column: z.string().meta({ description: "The file's column, as its header names it" }),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: 'ImportPreview', description: 'What importing the file would do, row by row, and every problem with it; nothing is saved' });

// ---- Cases ----

const track = z.enum(['family', 'professional-dissent']);
const caseStatus = z.enum(['open', 'closed']);

const caseReference = z
  .string()
  .meta({ description: 'The human reference: partnership, London year raised, number', example: 'KENT-2026-0042' });

export const raised = z.object({ id: z.string(), version: count, reference: caseReference });

export const caseList = z
  .object({
    cases: z.array(
      z.object({
        id: z.string(),
        reference: nullable(caseReference),
        procedureId: z.string(),
        track: nullable(track),
        stage: z.string(),
        stageName: z.string(),
        status: caseStatus,
        version: count,
        raisedAt: instant,
        updatedAt: instant,
        conferenceId: nullable(z.string()),
        conferenceHeldAt: nullable(instant),
        nextDeadlineAt: nullable(instant),
        overdue: z.boolean().meta({ description: 'Open, with a deadline already past' }),
        children: z.array(z.object({ id: z.string(), name: z.string() })),
      }),
    ),
    total: count,
    page: z.int().min(1),
    pageSize: z.int().min(1),
    pages: z.int().min(1),
  })
  .meta({ id: 'CaseList' });

/** The engine's events, as recorded. Each carries its own facts; see the procedure for what they mean. */
const EVENT_TYPES = [
  'ChallengeRaised',
  'ArrivedAfterTimeLimit',
  'LimitationApplies',
  'ConferenceMinutesSent',
  'ReceiptRecorded',
  'ActionPerformed',
  'LateArrivalDecided',
  'LimitationDecided',
  'StageEntered',
  'ActionBooked',
  'CaseFactsChanged',
  'IndependenceDeclared',
  'ChallengeClosed',
] as const;

/**
 * A timeline entry: its position and type are described; the rest of the event is passed on as
 * recorded (deliberately open: each event type has its own facts, owned by the engine).
 */
const amendment = z.object({
  seq: z.int().min(1).meta({ description: 'The seq of the correction or void event' }),
  at: instant.meta({ description: 'When the correction or void was recorded (the server clock)' }),
  by: z.object({ id: z.string(), role: z.string() }),
  reason: z.string(),
});

const timelineEntry = z
  .looseObject({
    seq: z.int().min(1).meta({ description: 'Position in the stored stream (1-based): what a correction or void names as its target' }),
    type: z.enum(EVENT_TYPES),
    occurredAt: instant.meta({
      description:
        'When it happened, as corrected: for a challenge when it was received, for minutes when sent, for a receipt the start of its London day. Entries are in this order.',
    }),
    recordedAt: instant.meta({ description: 'When it was first recorded (the server clock); never changed by a correction' }),
    recordedBy: z
      .object({ id: z.string(), role: z.string() })
      .optional()
      .meta({ description: 'Who recorded it, when not the person who took the step (`by`): recorded for them (ADR 0030)' }),
    when: z.string().meta({ description: 'Both times in words, e.g. "held Tue 5 Jan 2027, recorded Thu 7 Jan 2027"' }),
    status: z.enum(['as-recorded', 'corrected', 'voided']),
    consequences: z
      .array(z.string())
      .meta({ description: 'What the procedure made of it on replay: stages entered, closes, late arrivals' }),
    corrections: z.array(
      amendment.extend({
        changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
      }),
    ),
    voided: amendment.optional(),
  })
  .meta({
    id: 'TimelineEntry',
    description: 'A fact of the effective history (ADR 0015): seq, type, both times, status and corrections, then the facts of that type',
  });

/** Who could have taken a step refused to the reader only because of who they are (ADR 0030): on the case, panel and letter views. */
export const recordFor = z
  .array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.string(),
      allowed: z.boolean(),
      reason: z.string().optional().meta({ description: 'Why the procedure does not let them take it now' }),
    }),
  )
  .optional()
  .meta({
    description:
      'For someone who may record steps for others (ADR 0030), on a step the procedure gives to someone else: the enabled staff whose role fills it, those who may take it now first. Record it for one with takenBy.',
  });

export const caseView = z
  .object({
    id: z.string(),
    reference: nullable(caseReference),
    version: count,
    procedure: z.object({ id: z.string(), name: z.string(), version: z.int().min(1), effectiveFrom: z.iso.date() }),
    track,
    status: caseStatus,
    stage: z.object({ id: z.string(), name: z.string() }),
    conference: z.object({ id: z.string(), type: conferenceType, heldAt: instant }),
    children: z.array(child).meta({ description: "The children the case concerns: its conference's" }),
    complainant: z.object({ kind: complainantKind, sufficientUnderstanding: z.boolean().optional() }),
    aspects: z.array(aspect),
    receivedAt: instant,
    flags: z.array(caseFlag).meta({ description: 'The flags as they now stand' }),
    caseWorkerIds: nullable(z.array(z.string())).meta({
      description: 'The case workers as they now stand; null for a case raised before they were kept',
    }),
    localArea: nullable(z.string()),
    closed: nullable(
      z.object({ outcome: z.enum(['resolved', 'redirected', 'not-accepted', 'concluded', 'withdrawn']), summary: z.string(), at: instant }),
    ),
    deadlines: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        owner: z.string(),
        status: z.enum(['open', 'met', 'met-late', 'missed', 'lapsed', 'not-needed']),
        dueDate: date,
        dueInstant: instant,
        explanation: z.string(),
        clause: z.string(),
        metAt: instant.optional(),
        booking: z
          .object({
            action: z.string().meta({ description: 'The booked action whose milestone meets this deadline' }),
            bookedFor: instant.meta({ description: 'When it is booked to be held' }),
            afterDeadline: z
              .boolean()
              .meta({ description: 'Booked for the time the deadline ends or later: the booking will miss it (see clause)' }),
            clause: z.string().meta({ description: "The deadline's clause" }),
            heldAt: nullable(instant).meta({ description: 'When it was held (its occurredAt), once it has been; null until then' }),
          })
          .optional()
          .meta({ description: 'The booking of the meeting or panel that meets this deadline, if one is booked' }),
      }),
    ),
    bookings: z.array(
      z.object({
        action: z.string(),
        label: z.string(),
        bookedFor: instant.meta({ description: 'When it is booked to be held, as last booked' }),
        bookedAt: instant.meta({ description: 'When that booking was made' }),
        bookedBy: z.string(),
        deadline: nullable(
          z.object({
            id: z.string(),
            dueInstant: instant,
            afterDeadline: z.boolean().meta({ description: 'Booked for the time the deadline ends or later' }),
            clause: z.string(),
          }),
        ).meta({ description: 'The deadline it must meet, once that deadline has started; null otherwise' }),
        held: z.boolean(),
        heldAt: nullable(instant).meta({ description: 'When it was held (its occurredAt); null until it has been' }),
        previous: z
          .array(z.object({ bookedFor: instant, bookedAt: instant, bookedBy: z.string(), movedBecause: z.string() }))
          .meta({ description: 'Earlier bookings, oldest first, each with the reason it was moved' }),
      }),
    ),
    actions: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        kind: z.enum(['record', 'meeting', 'letter', 'request', 'panel', 'decision', 'choice']),
        allowed: z.boolean(),
        clause: z.string(),
        reason: z.string().optional().meta({ description: 'Why you may not, when you may not' }),
        recordFor,
      }),
    ),
    lettersDue: z.array(
      z.object({
        letter: z.string(),
        action: z.string(),
        from: z.string(),
        to: z.array(z.string()),
        copies: z.array(z.object({ to: z.string(), title: z.string(), clause: z.string() })),
        requiredContent: z.array(z.object({ item: letterContent, clause: z.string() })),
        dueDate: date.optional(),
      }),
    ),
    pendingDecisions: z.array(
      z.object({
        type: z.string().meta({ description: 'late-arrival (with deadline) or limitation (with flag)' }),
        deadline: z.string().optional(),
        flag: caseFlag.optional(),
        clause: z.string(),
      }),
    ),
    stageHistory: z.array(
      z.object({
        stage: z.string(),
        name: z.string(),
        enteredAt: instant.meta({
          description: 'When the case entered the stage: when the fact that moved it happened, not when it was typed',
        }),
      }),
    ),
    timeline: z.array(timelineEntry),
  })
  .meta({ id: 'Case' });

export const actionDone = z.object({
  version: count,
  stage: z.string(),
  status: z.string(),
  events: z.array(z.string()).meta({ description: 'The types of the events recorded' }),
});

export const tasks = z.array(
  z.object({ caseId: z.string(), action: z.string(), label: z.string(), clause: z.string(), due: nullable(instant) }),
);

const caseLabel = z
  .object({
    id: z.string(),
    reference: nullable(z.string()).meta({ description: 'The human reference (e.g. KENT-2026-0042), once cases have one' }),
    children: z.array(z.object({ name: z.string() })).meta({ description: 'The children the conference concerned, once recorded' }),
    conference: nullable(z.object({ id: z.string(), externalRef: nullable(z.string()), heldAt: instant })),
  })
  .meta({ id: 'CaseLabel' });

export const myWork = z.object({
  today: date,
  weekEnds: date.meta({ description: 'The last date counted as this week: the fifth working day after today' }),
  groups: z.array(
    z.object({
      group: z.enum(DUE_GROUPS),
      total: count,
      items: z.array(
        z.object({
          case: caseLabel,
          kind: z.enum(['deadline', 'step']),
          id: z.string(),
          step: z.string(),
          stage: z.object({ id: z.string(), name: z.string() }),
          owner: z.string(),
          due: nullable(z.object({ deadline: z.string(), date, display: z.string(), instant, explanation: z.string() })).meta({
            description: 'When it is due, with the plain-English explanation; null for a step with no time limit',
          }),
          clause: z.string(),
        }),
      ),
    }),
  ),
});

export const openDeadlines = z.array(
  z.object({
    caseId: z.string(),
    deadline: z.string(),
    label: z.string(),
    due: instant,
    overdue: z.boolean(),
    owner: z.string(),
    clause: z.string(),
  }),
);

// ---- Documents ----

export const storedDocument = z.object({ id: z.string(), sha256: z.string(), sizeBytes: count });

export const documentMetadata = z.object({
  id: z.string(),
  caseId: nullable(z.string()),
  conferenceId: nullable(z.string()),
  type: z.enum(DOCUMENT_TYPES),
  filename: z.string(),
  mediaType: z.string(),
  sizeBytes: count,
  sha256: z.string(),
  uploadedAt: instant,
  uploadedBy: z.string(),
});

export const caseDocuments = z.array(
  z.object({
    id: z.string(),
    type: z.enum(DOCUMENT_TYPES),
    filename: z.string(),
    mediaType: z.string(),
    sizeBytes: count,
    sha256: z.string(),
    uploadedAt: instant,
  }),
);

/** A document's own bytes: described in OpenAPI by its media types, sent as it is. */
export const documentContent = z.instanceof(Buffer);

// ---- Letters ----

export const letterhead = z
  .object({
    name: z.string(),
    addressLines: z.array(z.string()),
    postcode: z.string(),
    phone: z.string(),
    email: z.string(),
    website: z.string(),
    updatedAt: nullable(instant).meta({
      description: "When an administrator last set it; null while it is the default (the partnership's name)",
    }),
  })
  .meta({ id: 'Letterhead' });

const deliveryMethod = z.enum(MINUTES_METHODS);

export const letterList = z
  .object({
    due: z.array(
      z.object({
        letterId: z.string(),
        actionId: z.string(),
        title: z.string(),
        clause: z.string(),
        from: z.string(),
        to: z.array(z.string()),
        dueDate: nullable(date),
        draftVersion: count.meta({ description: '0 while no draft has been saved' }),
      }),
    ),
    sent: z.array(z.object({ letterId: z.string(), title: z.string(), sentAt: instant, method: deliveryMethod })),
  })
  .meta({ id: 'LetterList' });

export const letterView = z
  .object({
    caseId: z.string(),
    letterId: z.string(),
    actionId: z.string(),
    title: z.string(),
    clause: z.string(),
    status: z.enum(['draft', 'sent']),
    version: count,
    caseVersion: count.meta({ description: "The case's version this was composed from: send it as expectedVersion" }),
    from: z.string(),
    to: z.array(z.string()),
    addressee: z.string(),
    subject: z.string(),
    method: deliveryMethod,
    sections: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        heading: nullable(z.string()),
        hint: z.string(),
        text: z.string(),
        required: z.boolean(),
        clause: nullable(z.string()).meta({ description: 'The clause requiring it: for staff, never printed in the letter' }),
        stated: nullable(z.string()).meta({
          description: 'A sentence the service states after the section (the date by which); not editable',
        }),
      }),
    ),
    copies: z.array(z.object({ to: z.string(), title: z.string(), names: z.array(z.string()), clause: z.string() })),
    missing: z.array(z.object({ item: z.string(), label: z.string(), clause: z.string() })),
    ifSentToday: nullable(z.object({ escalateBy: nullable(date), explanation: nullable(z.string()), late: z.boolean() })),
    dueDate: nullable(date),
    versions: z.array(z.object({ version: count, editedAt: instant, editedBy: z.string() })),
    sent: nullable(
      z.object({
        at: instant.meta({ description: 'When it was sent, as the case now records it (corrections applied)' }),
        method: deliveryMethod,
        by: z.string(),
        recordedBy: z.string().meta({ description: 'Who recorded the send: the sender unless recorded for them' }),
        escalateBy: nullable(date),
        receivedOn: nullable(date).meta({ description: 'The day it counts as received: recorded, or deemed from the method' }),
        receiptDeemed: z.boolean(),
        record: nullable(count).meta({ description: "The send's record (seq) on the timeline: what a correction targets" }),
        corrected: z.boolean(),
        firstRecorded: z.object({ at: instant, method: deliveryMethod }).meta({ description: 'As recorded when the letter was frozen' }),
      }),
    ),
    notDueBecause: nullable(z.object({ reason: z.string(), clause: z.string() })).meta({
      description: 'Why the letter is not due now: for a sent letter, until its occasion comes again (ADR 0034)',
    }),
    sending: z
      .object({ allowed: z.boolean(), clause: z.string(), reason: z.string().optional(), recordFor })
      .optional()
      .meta({ description: 'For a draft: whether you may record it as sent now, and why not; recordFor as on a case action (ADR 0030)' }),
  })
  .meta({ id: 'Letter' });
