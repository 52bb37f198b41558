/**
 * Raise a case: a challenge received by letter, email, phone or in person, taken down as a GOV.UK
 * question-page flow (one thing per page), checked, then saved in one go. The answers wait in the
 * server-side session between pages, as typed, and each is checked again whenever the flow is
 * walked (an earlier answer changed can make a later one wrong). Nothing is saved until the
 * person confirms on "Check your answers"; the confirm carries the case id chosen when the flow
 * started, so a second click finds the case the first one raised (ADR 0029).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { parseLondonDateTime, type DeliveryMethod, DELIVERY_METHODS } from '../../core/calendar/index.js';
import { CONFERENCE_TYPE_WORDS } from '../../core/engine/words.js';
import {
  AGENCY_KINDS,
  type Aspect,
  type CaseFlag,
  type ComplainantKind,
  type Procedure,
  type TrackDefinition,
} from '../../core/procedures/schema.js';
import type { AgencyContactView } from '../../service/agencyContacts.js';
import type { LateOnArrival, RaiseInput } from '../../service/cases.js';
import { ServiceError } from '../../service/errors.js';
import { may, rolesWith } from '../../service/permissions.js';
import { AGENCY_LABELS } from './admin.js';
import { rowOf } from './agencies.js';
import { field, fields, FormErrors, formText, readDate, readTime, refusalText, type Form } from './forms.js';
import { ROLE_NAMES } from './navigation.js';
import { definePage, redirect, view, type PageDefinition, type PageResult, type StaffPageContext } from './page.js';

type Answers = Readonly<Record<string, string | readonly string[]>>;

/** The flow's answers as typed, step by step, and the id the case will have. */
export interface RaiseDraft {
  readonly id: string;
  readonly answers: Readonly<Partial<Record<StepId, Answers>>>;
  /** Set once the case is raised: a repeated confirm, or a reload, shows the confirmation again. */
  readonly raised?: true;
  /** The case's reference (e.g. CAMDEN-2026-0013), once it is raised, for the confirmation. */
  readonly reference?: string;
}

declare module 'fastify' {
  interface Session {
    raiseDraft?: RaiseDraft;
  }
}

const STEP_IDS = [
  'conference',
  'subject',
  'agency',
  'track',
  'complainant',
  'understanding',
  'advocate',
  'advocate-details',
  'received',
  'aspects',
  'triage',
  'late',
] as const;
type StepId = (typeof STEP_IDS)[number];

const BASE = '/cases/new';
const stepUrl = (id: StepId) => `${BASE}/${id}`;
const CHECK_URL = `${BASE}/check`;
const RAISED_URL = `${BASE}/raised`;

// ---- Words ----

const COMPLAINANT_WORDS: Readonly<Record<ComplainantKind, string>> = {
  parent: 'A parent',
  carer: 'A carer',
  child: 'The child or young person',
  advocate: 'An advocate for the child or family',
  professional: 'A professional',
};

/** What a challenge is about, as staff name it (also the case page's words). */
export const ASPECT_WORDS: Readonly<Record<Aspect, string>> = {
  process: 'How the conference was run',
  decision: 'The decision on a child protection plan',
  category: 'The category of the plan',
  information: 'Information the conference relied on',
};

const METHOD_WORDS: Readonly<Record<DeliveryMethod, string>> = {
  email: 'Email',
  'secure-portal': 'Secure portal',
  'first-class-post': 'Letter, first class post',
  'second-class-post': 'Letter, second class post',
  'signed-for': 'Letter, signed-for post',
  hand: 'Letter delivered by hand',
  phone: 'Phone call',
  'in-person': 'In person',
};

const SUBJECT_WORDS = {
  conference: 'The conference: how it was run, or its decision',
  agency: 'An agency’s own service, not the conference',
  'chair-conduct': 'The conduct of the conference chair',
  'professional-disagreement': 'A disagreement between professionals outside the conference',
} as const;
type Subject = keyof typeof SUBJECT_WORDS;

const YES_NO = { yes: 'Yes', no: 'No' } as const;

/** The answer for an agency that is not one of the partnership's kinds, or not known. */
const OTHER_AGENCY = 'other';
const AGENCY_ANSWERS: readonly string[] = [...AGENCY_KINDS, OTHER_AGENCY];

// ---- The flow's context ----

interface Flow {
  readonly page: StaffPageContext;
  readonly procedure: Procedure;
  readonly draft: RaiseDraft;
  /** Held conferences, newest first: only a held conference has a decision to challenge (ADR 0014). */
  conferences(): Promise<readonly ConferenceChoice[]>;
  /** The partnership's agencies directory: each agency's name and complaints contact (ADR 0033). */
  agencies(): Promise<readonly AgencyContactView[]>;
  /** The late arrivals the answers so far reveal, or the engine's refusal; undefined until every earlier answer is in. */
  preview(): Promise<Preview | undefined>;
}

interface ConferenceChoice {
  readonly id: string;
  readonly label: string;
  readonly heldAt: Date;
  readonly type: keyof typeof CONFERENCE_TYPE_WORDS;
  readonly localArea?: string;
}

type Preview = { readonly ok: true; readonly late: readonly LateOnArrival[] } | { readonly ok: false; readonly refusal: ServiceError };

const answer = (answers: Answers | undefined, name: string): string => {
  const value = answers?.[name];
  return (typeof value === 'string' ? value : value?.[0]) ?? '';
};
const answerList = (answers: Answers | undefined, name: string): readonly string[] => {
  const value = answers?.[name];
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
};

function trackOf(flow: Flow): TrackDefinition | undefined {
  const { tracks } = flow.procedure;
  if (tracks.length === 1) return tracks[0];
  const id = answer(flow.draft.answers.track, 'track');
  return tracks.find((t) => t.id === id);
}

/** A role as a sentence names it: "the conference chair", "the ICS Customer Care Manager". */
const roleTitle = (procedure: Procedure, id: string) => {
  const title = procedure.roles.find((r) => r.id === id)?.title ?? id;
  return `the ${/^[A-Z][a-z]/.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : title}`;
};

// ---- Steps ----

interface Step {
  readonly id: StepId;
  readonly title: string;
  /** The form names kept as the answer. */
  readonly names: readonly string[];
  applies(flow: Flow): Promise<boolean> | boolean;
  /** What the view needs besides the answer and its errors. */
  show(flow: Flow): Promise<Readonly<Record<string, unknown>>> | Readonly<Record<string, unknown>>;
  /** The answer's problems, if any (none: it may be kept). */
  check(form: Form, flow: Flow): Promise<FormErrors> | FormErrors;
  /** How "Check your answers" shows it. */
  rows(answers: Answers, flow: Flow): Promise<readonly Row[]> | readonly Row[];
}

interface Row {
  readonly key: string;
  readonly value: string;
}

const inScope = (flow: Flow) => answer(flow.draft.answers.subject, 'subject') === 'conference';

/** A professional's dissent is their own: advocates support children and families, so a professional is not asked about one. */
const byProfessional = (answers: RaiseDraft['answers']) => answer(answers.complainant, 'kind') === 'professional';
/** A professional's track asks for their role and agency where others are asked their relationship to the child. */
const asksForRole = (flow: Flow) => trackOf(flow)?.id === 'professional-dissent';
const mayHaveAdvocate = (flow: Flow) => inScope(flow) && !byProfessional(flow.draft.answers);

const requiredText = (form: Form, name: string, label: string, required: string, errors: FormErrors, max = 5000) => {
  const parsed = formText(label, { required, max }).safeParse(form[name]);
  if (!parsed.success) errors.add(name, parsed.error.issues[0]?.message ?? required);
};

const optionalText = (form: Form, name: string, label: string, errors: FormErrors, max = 5000) => {
  const parsed = formText(label, { max }).safeParse(form[name]);
  if (!parsed.success) errors.add(name, parsed.error.issues[0]?.message ?? `${label} is not valid`);
};

const oneOf = (form: Form, name: string, allowed: readonly string[], message: string, errors: FormErrors, href?: string) => {
  if (!allowed.includes(field(form, name))) errors.add(name, message, href ?? `#${name}`);
};

/** The London instant typed as a date and a time on the "received" page. */
function receivedAtOf(answers: Answers | undefined): Date | undefined {
  if (answers === undefined) return undefined;
  const errors = new FormErrors();
  const date = readDate(answers as Form, 'receivedAt', 'The date it was received', errors);
  const time = readTime(answers as Form, 'receivedTime', 'The time it was received', errors);
  if (date === undefined || time === undefined) return undefined;
  return parseLondonDateTime(`${date}T${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`);
}

const consentAtOf = (answers: Answers | undefined): Date | undefined => {
  if (answers === undefined) return undefined;
  const date = readDate(answers as Form, 'consentAt', 'The date they consented', new FormErrors(), { optional: true });
  return date === undefined ? undefined : parseLondonDateTime(date);
};

const STEPS: readonly Step[] = [
  {
    id: 'conference',
    title: 'Which conference is being challenged?',
    names: ['conferenceId'],
    applies: () => true,
    show: async (flow) => ({ conferences: await flow.conferences() }),
    check: async (form, flow) => {
      const errors = new FormErrors();
      const held = await flow.conferences();
      if (held.length === 0) errors.add('conferenceId', 'There is no held conference to challenge: record the conference first');
      else
        oneOf(
          form,
          'conferenceId',
          held.map((c) => c.id),
          'Select the conference being challenged',
          errors,
          `#conferenceId`,
        );
      return errors;
    },
    rows: async (answers, flow) => {
      const chosen = (await flow.conferences()).find((c) => c.id === answer(answers, 'conferenceId'));
      return [{ key: 'Conference', value: chosen?.label ?? '' }];
    },
  },
  {
    id: 'subject',
    title: 'What is the challenge about?',
    names: ['subject'],
    applies: () => true,
    show: (flow) => ({ subjects: subjectsOf(flow.procedure) }),
    check: (form, flow) => {
      const errors = new FormErrors();
      oneOf(
        form,
        'subject',
        subjectsOf(flow.procedure).map((s) => s.value),
        'Select what the challenge is about',
        errors,
      );
      return errors;
    },
    rows: (answers) => [{ key: 'About', value: SUBJECT_WORDS[answer(answers, 'subject') as Subject] }],
  },
  {
    id: 'agency',
    title: 'Which agency’s service is it about?',
    names: ['agency'],
    applies: (flow) => answer(flow.draft.answers.subject, 'subject') === 'agency',
    show: async (flow) => {
      const contacts = new Map((await flow.agencies()).map((c) => [c.agency, c]));
      return {
        agencies: AGENCY_KINDS.map((a) => {
          const contact = contacts.get(a);
          return { value: a, text: contact?.name ?? AGENCY_LABELS[a], hint: contact === undefined ? undefined : AGENCY_LABELS[a] };
        }),
        other: OTHER_AGENCY,
      };
    },
    check: (form) => {
      const errors = new FormErrors();
      oneOf(form, 'agency', AGENCY_ANSWERS, 'Select the agency the complaint is about', errors);
      return errors;
    },
    rows: async (answers, flow) => {
      const kind = AGENCY_KINDS.find((a) => a === answer(answers, 'agency'));
      const contact = (await flow.agencies()).find((c) => c.agency === kind);
      return [{ key: 'Agency', value: contact?.name ?? (kind === undefined ? 'Another agency' : AGENCY_LABELS[kind]) }];
    },
  },
  {
    id: 'track',
    title: 'Which process is it?',
    names: ['track'],
    applies: (flow) => inScope(flow) && flow.procedure.tracks.length > 1,
    show: (flow) => ({ tracks: flow.procedure.tracks.map((t) => ({ value: t.id, text: t.label, hint: t.clause })) }),
    check: (form, flow) => {
      const errors = new FormErrors();
      oneOf(
        form,
        'track',
        flow.procedure.tracks.map((t) => t.id),
        'Select the process the challenge comes under',
        errors,
      );
      return errors;
    },
    rows: (answers, flow) => [{ key: 'Process', value: flow.procedure.tracks.find((t) => t.id === answer(answers, 'track'))?.label ?? '' }],
  },
  {
    id: 'complainant',
    title: 'Who raised the challenge?',
    names: ['kind', 'name', 'relationship', 'contact'],
    applies: inScope,
    show: (flow) => {
      const track = trackOf(flow);
      return {
        kinds: (track?.raisedBy ?? []).map((kind) => ({ value: kind, text: COMPLAINANT_WORDS[kind] })),
        professional: asksForRole(flow),
      };
    },
    check: (form, flow) => {
      const errors = new FormErrors();
      oneOf(form, 'kind', trackOf(flow)?.raisedBy ?? [], 'Select who raised the challenge', errors);
      const nameCheck = formText('Their full name', {
        required: 'Enter the name of the person who raised it',
        max: 200,
        name: true,
      }).safeParse(form['name']);
      if (!nameCheck.success) errors.add('name', nameCheck.error.issues[0]?.message ?? 'Enter their name');
      if (asksForRole(flow)) requiredText(form, 'relationship', 'Their role and agency', 'Enter their role and agency', errors, 200);
      else requiredText(form, 'relationship', 'Their relationship to the child', 'Enter their relationship to the child', errors, 200);
      requiredText(form, 'contact', 'How to contact them', 'Enter how to contact them', errors, 1000);
      return errors;
    },
    rows: (answers) => [
      { key: 'Raised by', value: COMPLAINANT_WORDS[answer(answers, 'kind') as ComplainantKind] },
      { key: 'Name', value: answer(answers, 'name') },
      {
        key: answer(answers, 'kind') === 'professional' ? 'Role and agency' : 'Relationship to the child',
        value: answer(answers, 'relationship'),
      },
      { key: 'Contact details', value: answer(answers, 'contact') },
    ],
  },
  {
    id: 'understanding',
    title: 'Has the child been judged to have sufficient understanding to raise it?',
    names: ['sufficientUnderstanding'],
    applies: (flow) =>
      inScope(flow) &&
      answer(flow.draft.answers.complainant, 'kind') === 'child' &&
      trackOf(flow)?.childNeedsSufficientUnderstanding !== undefined,
    show: (flow) => ({ clause: trackOf(flow)?.childNeedsSufficientUnderstanding?.clause }),
    check: (form) => {
      const errors = new FormErrors();
      oneOf(
        form,
        'sufficientUnderstanding',
        ['yes', 'no'],
        'Select yes if the child has been judged to have sufficient understanding',
        errors,
      );
      return errors;
    },
    rows: (answers) => [{ key: 'Sufficient understanding', value: YES_NO[answer(answers, 'sufficientUnderstanding') as 'yes' | 'no'] }],
  },
  {
    id: 'advocate',
    title: 'Is an advocate supporting them?',
    names: ['hasAdvocate'],
    applies: mayHaveAdvocate,
    show: () => ({}),
    check: (form) => {
      const errors = new FormErrors();
      oneOf(form, 'hasAdvocate', ['yes', 'no'], 'Select yes if an advocate is supporting them', errors);
      return errors;
    },
    rows: (answers) => [{ key: 'Advocate', value: YES_NO[answer(answers, 'hasAdvocate') as 'yes' | 'no'] }],
  },
  {
    id: 'advocate-details',
    title: 'About the advocate',
    names: ['advocateName', 'consentAt-day', 'consentAt-month', 'consentAt-year'],
    applies: (flow) => mayHaveAdvocate(flow) && answer(flow.draft.answers.advocate, 'hasAdvocate') === 'yes',
    show: (flow) => ({ advocates: flow.procedure.advocates }),
    check: (form, flow) => {
      const errors = new FormErrors();
      const nameCheck = formText("The advocate's name", { required: "Enter the advocate's name", max: 200, name: true }).safeParse(
        form['advocateName'],
      );
      if (!nameCheck.success) errors.add('advocateName', nameCheck.error.issues[0]?.message ?? "Enter the advocate's name");
      const required = flow.procedure.advocates?.consentRequired === true;
      const consent = readDate(form, 'consentAt', 'The date they consented', errors, { optional: !required });
      if (consent !== undefined && (parseLondonDateTime(consent)?.getTime() ?? 0) > flow.page.now.getTime()) {
        errors.add('consentAt', 'The date they consented must be today or in the past', '#consentAt-day');
      }
      return errors;
    },
    rows: (answers) => {
      const consent = consentAtOf(answers);
      return [
        { key: "Advocate's name", value: answer(answers, 'advocateName') },
        { key: 'Consent to the advocate', value: consent === undefined ? 'Not recorded' : `Recorded ${londonDay(consent)}` },
      ];
    },
  },
  {
    id: 'received',
    title: 'How and when was it received?',
    names: ['method', 'receivedAt-day', 'receivedAt-month', 'receivedAt-year', 'receivedTime'],
    applies: inScope,
    show: () => ({ methods: DELIVERY_METHODS.map((m) => ({ value: m, text: METHOD_WORDS[m] })) }),
    check: async (form, flow) => {
      const errors = new FormErrors();
      oneOf(form, 'method', DELIVERY_METHODS, 'Select how the challenge was received', errors);
      const date = readDate(form, 'receivedAt', 'The date it was received', errors);
      const time = readTime(form, 'receivedTime', 'The time it was received', errors);
      if (date === undefined || time === undefined) return errors;
      const at = receivedAtOf(form);
      if (at === undefined)
        return errors.add('receivedTime', 'The time it was received did not happen that day in London: the clocks went forward');
      if (at.getTime() > flow.page.now.getTime())
        return errors.add('receivedAt', 'The date it was received must be in the past', '#receivedAt-day');
      const conference = (await flow.conferences()).find((c) => c.id === answer(flow.draft.answers.conference, 'conferenceId'));
      if (conference !== undefined && at.getTime() < conference.heldAt.getTime()) {
        errors.add(
          'receivedAt',
          `The date it was received must be after the conference was held (${londonDay(conference.heldAt)})`,
          '#receivedAt-day',
        );
      }
      return errors;
    },
    rows: (answers) => {
      const at = receivedAtOf(answers);
      return [
        { key: 'Received by', value: METHOD_WORDS[answer(answers, 'method') as DeliveryMethod] },
        { key: 'Received', value: at === undefined ? '' : londonDayTime(at) },
      ];
    },
  },
  {
    id: 'aspects',
    title: 'What is being challenged?',
    names: ['aspects', 'summary'],
    applies: inScope,
    show: (flow) => ({
      aspects: (trackOf(flow)?.aspects ?? []).map((a) => ({ value: a.aspect, text: ASPECT_WORDS[a.aspect], hint: a.clause })),
    }),
    check: (form, flow) => {
      const errors = new FormErrors();
      const allowed = (trackOf(flow)?.aspects ?? []).map((a) => a.aspect as string);
      const chosen = fields(form, 'aspects');
      if (chosen.length === 0 || chosen.some((a) => !allowed.includes(a))) errors.add('aspects', 'Select what is being challenged');
      optionalText(form, 'summary', 'The summary', errors, 10_000);
      return errors;
    },
    rows: (answers) => [
      {
        key: 'Challenged',
        value: answerList(answers, 'aspects')
          .map((a) => ASPECT_WORDS[a as Aspect])
          .join(', '),
      },
      { key: 'Summary', value: answer(answers, 'summary') === '' ? 'None' : answer(answers, 'summary') },
    ],
  },
  {
    id: 'triage',
    title: 'Triage',
    names: ['aboutChair', 'legalProceedings', 'otherIssues', 'localArea'],
    applies: inScope,
    show: async (flow) => {
      const { procedure } = flow;
      const routing = procedure.chairComplaintRouting;
      const legal = procedure.limitations.find((l) => l.flag === 'legal-proceedings');
      const startStage = trackOf(flow)?.startStage;
      const firstChoice = procedure.actions.find((a) => a.stage === startStage && a.kind === 'choice');
      const conference = (await flow.conferences()).find((c) => c.id === answer(flow.draft.answers.conference, 'conferenceId'));
      return {
        chairRouting: routing === undefined ? undefined : { to: roleTitle(procedure, routing.with), clause: routing.clause },
        legalLimitation:
          legal === undefined
            ? undefined
            : { decidedBy: legal.decidedBy.map((r) => roleTitle(procedure, r)).join(' or '), clause: legal.clause },
        firstChoice:
          firstChoice === undefined
            ? undefined
            : {
                label: firstChoice.label,
                by: firstChoice.by.map((r) => roleTitle(procedure, r)).join(' or '),
                clause: firstChoice.clause,
                options: (firstChoice.choice ?? []).map((c) => `${c.label} (${c.clause})`),
              },
        localAreas: procedure.localAreas?.map((a) => ({ value: a.id, text: a.name })),
        localAreaClause: procedure.localAreas?.[0]?.clause,
        conferenceArea: conference?.localArea,
      };
    },
    check: (form, flow) => {
      const errors = new FormErrors();
      oneOf(form, 'aboutChair', ['yes', 'no'], 'Select yes if the challenge is about the conference chair', errors);
      oneOf(form, 'legalProceedings', ['yes', 'no'], 'Select yes if there are legal proceedings about the child', errors);
      oneOf(form, 'otherIssues', ['yes', 'no'], 'Select yes if it raises matters this procedure does not cover', errors);
      const areas = flow.procedure.localAreas ?? [];
      if (areas.length > 0)
        oneOf(
          form,
          'localArea',
          areas.map((a) => a.id),
          'Select the local area the case is in',
          errors,
        );
      return errors;
    },
    rows: (answers, flow) => [
      { key: 'About the chair', value: YES_NO[answer(answers, 'aboutChair') as 'yes' | 'no'] },
      { key: 'Legal proceedings', value: YES_NO[answer(answers, 'legalProceedings') as 'yes' | 'no'] },
      { key: 'Matters outside this procedure', value: YES_NO[answer(answers, 'otherIssues') as 'yes' | 'no'] },
      ...((flow.procedure.localAreas ?? []).length === 0
        ? []
        : [{ key: 'Local area', value: flow.procedure.localAreas?.find((a) => a.id === answer(answers, 'localArea'))?.name ?? '' }]),
    ],
  },
  {
    id: 'late',
    title: 'It arrived after the time limit',
    names: ['decision', 'reason', 'deadline'],
    applies: async (flow) => {
      const preview = await flow.preview();
      return preview?.ok === true && preview.late.length > 0;
    },
    show: async (flow) => {
      const preview = await flow.preview();
      const late = preview?.ok === true ? preview.late[0] : undefined;
      if (late === undefined) return {};
      return {
        late: {
          due: late.due,
          clause: late.clause,
          decidedBy: late.decidedBy.map((r) => roleTitle(flow.procedure, r)).join(' or '),
          deadline: late.deadline,
          label: flow.procedure.deadlines.find((d) => d.id === late.deadline)?.label ?? late.deadline,
        },
      };
    },
    check: async (form, flow) => {
      const errors = new FormErrors();
      const preview = await flow.preview();
      const late = preview?.ok === true ? preview.late[0] : undefined;
      if (field(form, 'deadline') !== late?.deadline) {
        return errors.add('decision', 'The time limit has changed since this page was shown: answer again');
      }
      oneOf(form, 'decision', ['accept', 'refuse', 'leave'], 'Select whether to accept it although it is late', errors);
      if (field(form, 'decision') === 'accept' || field(form, 'decision') === 'refuse') {
        requiredText(form, 'reason', 'The reason', 'Enter the reason for the decision', errors, 5000);
      }
      return errors;
    },
    rows: (answers) => {
      const decision = answer(answers, 'decision');
      const words = {
        accept: 'Accepted although late',
        refuse: 'Not accepted: it is late',
        leave: 'Left for the person the procedure names to decide',
      };
      return [
        { key: 'Late', value: words[decision as keyof typeof words] },
        ...(decision === 'leave' ? [] : [{ key: 'Reason', value: answer(answers, 'reason') }]),
      ];
    },
  },
];

const STEP_BY_ID = new Map(STEPS.map((s) => [s.id, s]));

function subjectsOf(procedure: Procedure): { value: Subject; text: string; hint?: string }[] {
  const redirected = new Set(procedure.redirections.map((r) => r.subject));
  return (['conference', 'agency', 'chair-conduct', 'professional-disagreement'] as const)
    .filter((s) => s === 'conference' || s === 'agency' || redirected.has(s))
    .map((s) => ({ value: s, text: SUBJECT_WORDS[s] }));
}

const londonDay = (instant: Date) =>
  instant.toLocaleDateString('en-GB', { timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const londonDayTime = (instant: Date) =>
  `${instant.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' })} on ${londonDay(instant)}`;

// ---- Walking the flow ----

async function flowOf(page: StaffPageContext): Promise<Flow> {
  const draft = page.request.session.get('raiseDraft') ?? { id: randomUUID(), answers: {} };
  const partnership = await page.services.partnerships.get(page.principal.partnershipId);
  const procedure = page.services.procedures.get(partnership.procedureId);
  if (procedure === undefined)
    throw new ServiceError('conflict', `This partnership's procedure (${partnership.procedureId}) is not available`);
  let conferences: Promise<readonly ConferenceChoice[]> | undefined;
  let agencies: Promise<readonly AgencyContactView[]> | undefined;
  let preview: Promise<Preview | undefined> | undefined;
  const flow: Flow = {
    page,
    procedure,
    draft,
    conferences: () =>
      (conferences ??= page.services.conferences
        .list(page.principal.partnershipId, { limit: 200, offset: 0, status: 'held' }, page.now)
        .then((rows) =>
          rows.conferences
            .filter((r) => r.status === 'held')
            .map((r) => {
              const heldAt = new Date(r.heldAt);
              return {
                id: r.id,
                type: r.type,
                heldAt,
                ...(r.localArea === null ? {} : { localArea: r.localArea }),
                label: `${r.externalRef ?? r.id}: ${CONFERENCE_TYPE_WORDS[r.type]} conference, held ${londonDay(heldAt)}${
                  r.children.length === 0 ? '' : `, about ${r.children.map((c) => c.name).join(', ')}`
                }`,
              };
            }),
        )),
    agencies: () => (agencies ??= page.services.agencies.list(page.principal.partnershipId)),
    preview: () =>
      (preview ??= (async () => {
        const input = await raiseInputOf(flow, ['late']);
        if (input === undefined) return undefined;
        try {
          return { ok: true as const, late: (await page.services.cases.previewRaise(page.principal, input, page.now)).late };
        } catch (error) {
          if (error instanceof ServiceError && (error.kind === 'refused' || error.kind === 'invalid'))
            return { ok: false as const, refusal: error };
          throw error;
        }
      })()),
  };
  return flow;
}

/** Whether a step's kept answer still holds, given the answers before it. */
async function answered(step: Step, flow: Flow): Promise<boolean> {
  const answers = flow.draft.answers[step.id];
  if (answers === undefined) return false;
  return !(await step.check(answers as Form, flow)).any;
}

/** The steps that apply, in order, up to and including the first not yet answered. */
async function walk(flow: Flow, stopAt?: StepId): Promise<{ readonly applying: readonly Step[]; readonly next: Step | undefined }> {
  const applying: Step[] = [];
  for (const step of STEPS) {
    if (step.id === stopAt) return { applying, next: step };
    if (!(await step.applies(flow))) continue;
    applying.push(step);
    if (!(await answered(step, flow))) return { applying, next: step };
  }
  return { applying, next: undefined };
}

/** Where to go once a step is answered: the first unanswered step, the redirection, or "Check your answers". */
async function nextUrl(flow: Flow): Promise<string> {
  const { next } = await walk(flow);
  // Out of scope: where it goes, once the agency (for an agency's own service) is known.
  if (flow.draft.answers.subject !== undefined && !inScope(flow)) return next?.id === 'agency' ? stepUrl('agency') : `${BASE}/elsewhere`;
  return next === undefined ? CHECK_URL : stepUrl(next.id);
}

/** The raise the answers make, if every step (but those left out) is answered. */
async function raiseInputOf(flow: Flow, leaveOut: readonly StepId[] = []): Promise<RaiseInput | undefined> {
  const { answers } = flow.draft;
  for (const step of STEPS) {
    if (leaveOut.includes(step.id)) continue;
    if ((await step.applies(flow)) && !(await answered(step, flow))) return undefined;
  }
  const track = trackOf(flow);
  const received = receivedAtOf(answers.received);
  if (track === undefined || received === undefined || !inScope(flow)) return undefined;
  const who = answers.complainant;
  const advocate = answers['advocate-details'];
  const triage = answers.triage;
  const consentAt = consentAtOf(advocate);
  const flags: CaseFlag[] = [];
  if (answer(triage, 'aboutChair') === 'yes') flags.push('about-the-chair');
  if (answer(triage, 'legalProceedings') === 'yes') flags.push('legal-proceedings');
  if (answer(triage, 'otherIssues') === 'yes') flags.push('issues-outside-procedure');
  const understanding = answer(answers.understanding, 'sufficientUnderstanding');
  const summary = answer(answers.aspects, 'summary').trim();
  const localArea = answer(triage, 'localArea');
  return {
    conferenceId: answer(answers.conference, 'conferenceId'),
    track: track.id,
    subject: 'conference',
    complainant: {
      kind: answer(who, 'kind') as ComplainantKind,
      ...(answer(who, 'kind') === 'child' && understanding !== '' ? { sufficientUnderstanding: understanding === 'yes' } : {}),
      name: answer(who, 'name').trim(),
      relationship: answer(who, 'relationship').trim(),
      contact: answer(who, 'contact').trim(),
    },
    aspects: answerList(answers.aspects, 'aspects') as Aspect[],
    receivedAt: received,
    receivedBy: answer(answers.received, 'method') as DeliveryMethod,
    flags,
    ...(localArea === '' ? {} : { localArea }),
    ...(answer(answers.advocate, 'hasAdvocate') === 'yes' && !byProfessional(answers)
      ? {
          advocate: { name: answer(advocate, 'advocateName').trim(), ...(consentAt === undefined ? {} : { consentRecordedAt: consentAt }) },
        }
      : {}),
    ...(summary === '' ? {} : { summary }),
  };
}

/** Only the names a step keeps, as sent (checkbox lists stay lists). */
function kept(step: Step, form: Form): Answers {
  return Object.fromEntries(step.names.flatMap((name) => (form[name] === undefined ? [] : [[name, form[name]]])));
}

const stepParams = z.object({ step: z.enum(STEP_IDS) });

async function showStep(flow: Flow, step: Step, values: Answers, errors?: FormErrors): Promise<PageResult> {
  const { applying } = await walk(flow, step.id);
  const previous = applying.at(-1);
  return view(
    `raise/${step.id}`,
    {
      title: step.title,
      backLink: previous === undefined ? BASE : stepUrl(previous.id),
      action: stepUrl(step.id),
      values,
      procedureName: flow.procedure.name,
      ...(await step.show(flow)),
      ...(errors === undefined ? { errors: {} } : errors.toView()),
    },
    errors === undefined ? undefined : 400,
  );
}

export const RAISE_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: BASE,
    title: 'Raise a case',
    access: 'raise-case',
    run: async (_input, page) => {
      const draft = page.request.session.get('raiseDraft');
      const flow = await flowOf(page);
      const inProgress = draft !== undefined && draft.raised !== true && Object.keys(draft.answers).length > 0;
      return view('raise/start', {
        title: 'Raise a case',
        procedureName: flow.procedure.name,
        inProgress,
        continueUrl: inProgress ? await nextUrl(flow) : undefined,
      });
    },
  }),
  definePage({
    method: 'POST',
    url: BASE,
    title: 'Raise a case',
    access: 'raise-case',
    run: (_input, { request }) => {
      // A fresh flow, with the id its case will have: starting again forgets what the last one was given.
      request.session.set('raiseDraft', { id: randomUUID(), answers: {} });
      return redirect(stepUrl('conference'));
    },
  }),
  definePage({
    method: 'GET',
    url: `${BASE}/elsewhere`,
    title: 'This is not a challenge to the conference',
    access: 'raise-case',
    run: async (_input, page) => {
      const flow = await flowOf(page);
      const subject = answer(flow.draft.answers.subject, 'subject') as Subject;
      const redirection = flow.procedure.redirections.find((r) => r.subject === subject);
      if (subject === 'conference' || redirection === undefined) return redirect(await nextUrl(flow));
      const agencyStep = STEP_BY_ID.get('agency');
      if (subject === 'agency' && (agencyStep === undefined || !(await answered(agencyStep, flow)))) return redirect(stepUrl('agency'));
      return view('raise/elsewhere', {
        title: 'This is not a challenge to the conference',
        subject: SUBJECT_WORDS[subject],
        to: redirection.to,
        clause: redirection.clause,
        procedureName: flow.procedure.name,
        backLink: stepUrl(subject === 'agency' ? 'agency' : 'subject'),
        subjectLink: stepUrl('subject'),
        ...(subject === 'agency' ? { agency: await redirectedAgency(flow) } : {}),
      });
    },
  }),
  definePage({
    method: 'GET',
    url: CHECK_URL,
    title: 'Check your answers before raising the case',
    access: 'raise-case',
    run: async (_input, page) => {
      if (page.request.session.get('raiseDraft') === undefined) return redirect(BASE);
      const flow = await flowOf(page);
      if (flow.draft.raised === true) return redirect(RAISED_URL);
      const { next } = await walk(flow);
      if (next !== undefined || !inScope(flow)) return redirect(await nextUrl(flow));
      const preview = await flow.preview();
      const errors = new FormErrors();
      if (preview?.ok === false) refusalErrors(preview.refusal, errors);
      return showCheck(flow, errors);
    },
  }),
  definePage({
    method: 'POST',
    url: CHECK_URL,
    title: 'Check your answers before raising the case',
    access: 'raise-case',
    run: async (_input, page) => {
      if (page.request.session.get('raiseDraft') === undefined) return redirect(BASE);
      const flow = await flowOf(page);
      if (flow.draft.raised === true) return redirect(RAISED_URL);
      const input = await raiseInputOf(flow);
      if (input === undefined) return redirect(await nextUrl(flow));
      const late = flow.draft.answers.late;
      const decision = answer(late, 'decision');
      const lateDecisions =
        (await STEP_BY_ID.get('late')?.applies(flow)) === true && (decision === 'accept' || decision === 'refuse')
          ? [{ deadline: answer(late, 'deadline'), accept: decision === 'accept', reason: answer(late, 'reason').trim() }]
          : [];
      let raised: { readonly reference: string };
      try {
        raised = await page.services.cases.raise(page.principal, input, page.now, { caseId: flow.draft.id, lateDecisions });
      } catch (error) {
        if (!(error instanceof ServiceError) || (error.kind !== 'refused' && error.kind !== 'invalid')) throw error;
        return showCheck(flow, refusalErrors(error, new FormErrors()), 400);
      }
      page.request.session.set('raiseDraft', { ...flow.draft, raised: true, reference: raised.reference });
      return redirect(RAISED_URL);
    },
  }),
  definePage({
    method: 'GET',
    url: RAISED_URL,
    title: 'Case raised',
    access: 'raise-case',
    run: async (_input, page) => {
      const draft = page.request.session.get('raiseDraft');
      if (draft?.raised !== true) return redirect(BASE);
      const flow = await flowOf(page);
      const track = trackOf(flow);
      const stage = flow.procedure.stages.find((s) => s.id === track?.startStage);
      return view('raise/raised', {
        title: 'Case raised',
        // A draft kept from before references were kept on it shows the case's id.
        reference: draft.reference ?? draft.id,
        caseUrl: `/cases/${encodeURIComponent(draft.id)}`,
        stage: stage === undefined ? undefined : { name: stage.name, clause: stage.clause },
        decisionStands: flow.procedure.decisionStands.clause,
      });
    },
  }),
  definePage({
    method: 'GET',
    url: `${BASE}/:step`,
    title: 'Raise a case',
    access: 'raise-case',
    params: stepParams,
    run: async ({ params }, page) => {
      const { step: id } = stepParams.parse(params);
      const step = STEP_BY_ID.get(id);
      const flow = await flowOf(page);
      if (step === undefined || page.request.session.get('raiseDraft') === undefined) return redirect(BASE);
      if (flow.draft.raised === true) return redirect(RAISED_URL);
      // A step out of order (typed into the address bar) goes to the first one still to answer.
      const { next } = await walk(flow);
      const reachable = (await walk(flow, id)).applying.every((s) => flow.draft.answers[s.id] !== undefined) && (await step.applies(flow));
      if (!reachable) return redirect(next === undefined ? CHECK_URL : stepUrl(next.id));
      return showStep(flow, step, flow.draft.answers[id] ?? {});
    },
  }),
  definePage({
    method: 'POST',
    url: `${BASE}/:step`,
    title: 'Raise a case',
    access: 'raise-case',
    params: stepParams,
    run: async ({ params, form }, page) => {
      const { step: id } = stepParams.parse(params);
      const step = STEP_BY_ID.get(id);
      if (step === undefined || page.request.session.get('raiseDraft') === undefined) return redirect(BASE);
      const flow = await flowOf(page);
      if (flow.draft.raised === true) return redirect(RAISED_URL);
      const values = kept(step, form);
      const errors = await step.check(form, flow);
      if (errors.any) return showStep(flow, step, values, errors);
      const draft: RaiseDraft = { id: flow.draft.id, answers: { ...flow.draft.answers, [id]: values } };
      page.request.session.set('raiseDraft', draft);
      return redirect(await nextUrl(await flowOf(page)));
    },
  }),
];

/**
 * The agency an agency complaint goes to, as the elsewhere page shows it: its name and complaints
 * contact from the directory; or, with none recorded, that plainly and who may add it (the roles
 * holding manage-people, as the administration pages declare); or an agency not in the directory.
 */
async function redirectedAgency(flow: Flow) {
  const chosen = answer(flow.draft.answers.agency, 'agency');
  const kind = AGENCY_KINDS.find((a) => a === chosen);
  if (kind === undefined) return { other: true };
  const contact = (await flow.agencies()).find((c) => c.agency === kind);
  const addedBy = rolesWith('manage-people').map((r) => ROLE_NAMES[r].toLowerCase());
  return {
    ...rowOf(kind, contact),
    name: contact?.name ?? AGENCY_LABELS[kind],
    addedBy: `${addedBy.slice(0, -1).join(', ')} or ${addedBy.at(-1) ?? ''}`,
    mayAdd: may(flow.page.principal, 'manage-people'),
  };
}

/** The engine's refusal as the error summary's items, each with its clause, linking to the answers. */
function refusalErrors(error: ServiceError, errors: FormErrors): FormErrors {
  const problems = error.extra.problems ?? [];
  if (problems.length === 0) return errors.add('answers', refusalText(error), '#answers');
  problems.forEach((problem, index) =>
    errors.add(
      `refusal-${String(index)}`,
      problem.clause === undefined ? problem.message : `${problem.message} (${problem.clause})`,
      '#answers',
    ),
  );
  return errors;
}

async function showCheck(flow: Flow, errors: FormErrors, status?: number): Promise<PageResult> {
  const { applying } = await walk(flow);
  const sections = await Promise.all(
    applying.map(async (step) => ({
      step: step.id,
      title: step.title,
      href: stepUrl(step.id),
      rows: await step.rows(flow.draft.answers[step.id] ?? {}, flow),
    })),
  );
  return view(
    'raise/check',
    {
      title: 'Check your answers before raising the case',
      backLink: applying.length === 0 ? BASE : stepUrl(applying[applying.length - 1]?.id ?? 'conference'),
      procedureName: flow.procedure.name,
      answerSections: sections,
      ...errors.toView(),
    },
    status,
  );
}
