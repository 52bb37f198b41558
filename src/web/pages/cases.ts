/**
 * The case page and the forms for what may be done to a case: each of the procedure's actions
 * (generated from its kind, actionForms.ts), booking a meeting or panel, deciding on something
 * that arrived late or on a limitation, withdrawing, and correcting or voiding a fact. Every form
 * carries the case version it was drawn from, so a stale form is shown again with what changed and
 * a double submission does one thing.
 */
import { z } from 'zod';
import { DELIVERY_METHODS, formatLondonLong, type DeliveryMethod } from '../../core/calendar/index.js';
import type { Procedure } from '../../core/procedures/schema.js';
import type { ActInput } from '../../service/cases.js';
import { ServiceError } from '../../service/errors.js';
import { may, mayCorrectRecordOf } from '../../service/permissions.js';
import type { Principal } from '../../service/principal.js';
import type { Services } from '../../service/services.js';
import { actionFormModel, dateParts, initialValues, readActionForm, readDateTime, refusalField, type Candidate } from './actionForms.js';
import {
  actionOf,
  caseTitle,
  CASE_FLAG_WORDS,
  changesSince,
  COMPLAINANT_WORDS,
  DEADLINE_STATUS,
  factDetails,
  factLabel,
  mayChangeFacts,
  nextDeadline,
  type CaseView,
  type TimelineItem,
} from './caseView.js';
import { field, fields, formText, FormErrors, parseForm, refusalText, type Form } from './forms.js';
import { ASPECT_WORDS } from './raise.js';
import { METHOD_WORDS } from './letters.js';
import { definePage, redirect, view, type PageDefinition, type PageResult, type StaffPageContext } from './page.js';
import { dueFrom, recordingFor as mayRecordFor, takerItems, takerOf } from './recordFor.js';

const id = z.string().min(1).max(100);
const caseParams = z.object({ id });
const actionParams = z.object({ id, actionId: z.string().min(1).max(200) });
const factParams = z.object({ id, seq: z.coerce.number().int().positive().max(1_000_000) });
const pendingParams = z.object({ id, kind: z.enum(['late-arrival', 'limitation']), key: z.string().min(1).max(200) });

type CaseParams = z.infer<typeof caseParams>;

/** The case as the reader may see it (audited as a read), with the procedure it runs under. */
export async function load(context: StaffPageContext, caseId: string): Promise<{ view: CaseView; procedure: Procedure }> {
  const caseView = await context.services.cases.read(context.principal, caseId, context.now);
  return { view: caseView, procedure: procedureOf(context, caseView) };
}

function procedureOf(context: StaffPageContext, caseView: CaseView): Procedure {
  const procedure = context.services.procedures.get(caseView.procedure.id);
  if (procedure === undefined) throw new ServiceError('conflict', 'This case’s procedure is not available');
  return procedure;
}

/** Names of the partnership's staff and people, by id, for bylines and choices. */
export async function directory(services: Services, principal: Principal): Promise<Candidate[]> {
  const [staff, people] = await Promise.all([services.staff.list(principal.partnershipId), services.people.list(principal.partnershipId)]);
  const agency = (a: string) => a.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  return [
    ...staff.map((s) => ({ id: s.id, name: s.name, description: `${agency(s.agency)}${s.senior ? ', senior manager' : ''}` })),
    ...people.map((p) => ({
      id: p.id,
      name: p.name,
      description: `${agency(p.agency)}${p.jobTitle === null ? '' : `, ${p.jobTitle}`}${p.senior ? ', senior manager' : ''}`,
    })),
  ];
}

/** May this person correct or void a fact? */
const mayAmend = (principal: Principal, entry: TimelineItem) =>
  entry.status !== 'voided' && entry.type !== 'ChallengeRaised' && mayCorrectRecordOf(principal, entry.by.id);

/** A letter's send: its method may be corrected with its date (ADR 0034). */
const sentLetterOf = (entry: TimelineItem) =>
  entry.type === 'ActionPerformed' && entry.details.kind === 'letter' ? entry.details : undefined;

/** The name and relationship taken down when the case was raised (ADR 0029), before what kind of complainant they are. */
const complainantName = (c: CaseView['complainant']) =>
  c.name === undefined ? '' : `${[c.name, c.relationship].filter((p) => p !== undefined && p !== '').join(', ')}: `;

function summaryOf(caseView: CaseView, procedure: Procedure, names: ReadonlyMap<string, string>) {
  const raised = caseView.timeline.find((e) => e.type === 'ChallengeRaised') as
    | (TimelineItem & {
        conference?: { decision?: string; category?: string; chairId?: string };
        advocate?: { name: string; consentRecordedAt?: string };
        summary?: string;
        receivedBy?: string;
      })
    | undefined;
  const next = nextDeadline(caseView);
  return {
    complainant: `${complainantName(caseView.complainant)}${COMPLAINANT_WORDS[caseView.complainant.kind] ?? caseView.complainant.kind}${
      caseView.complainant.sufficientUnderstanding === true ? ' (judged to have sufficient understanding)' : ''
    }`,
    advocate:
      raised?.advocate === undefined
        ? undefined
        : {
            name: raised.advocate.name,
            consent:
              raised.advocate.consentRecordedAt === undefined
                ? 'No consent recorded'
                : `Consent recorded ${formatLondonLong(new Date(raised.advocate.consentRecordedAt))}`,
          },
    conferenceDecision: raised?.conference?.decision?.replace(/-/g, ' '),
    conferenceCategory: raised?.conference?.category?.replace(/-/g, ' '),
    conferenceChair:
      raised?.conference?.chairId === undefined ? undefined : (names.get(raised.conference.chairId) ?? raised.conference.chairId),
    summary: raised?.summary,
    track: procedure.tracks.find((t) => t.id === caseView.track)?.label ?? caseView.track,
    aspects: caseView.aspects.map((a) => ASPECT_WORDS[a]).join(', '),
    next,
    decisionStandsClause: procedure.decisionStands.clause,
  };
}

/** The MOJ badge colour for the case's status. */
const STATUS_BADGE: Readonly<Record<string, { text: string; classes: string }>> = {
  open: { text: 'Open', classes: 'moj-badge--blue' },
  closed: { text: 'Closed', classes: 'moj-badge--grey' },
};

async function casePage(context: StaffPageContext, params: CaseParams): Promise<PageResult> {
  // The case with the names of whoever its record mentions, as of the same read (ADR 0049).
  const { view: caseView, names } = await context.services.cases.readWithNames(context.principal, params.id, context.now);
  const procedure = procedureOf(context, caseView);
  const timeline = [...caseView.timeline].reverse().map((entry) => ({
    seq: entry.seq,
    label: factLabel(procedure, entry),
    by: names.get(entry.by.id) ?? entry.by.id,
    recordedBy: entry.recordedBy === undefined ? undefined : (names.get(entry.recordedBy.id) ?? entry.recordedBy.id),
    when: entry.when,
    occurredAt: entry.occurredAt,
    recordedAt: entry.recordedAt,
    status: entry.status,
    details: factDetails(procedure, entry, names),
    corrections: entry.corrections.map((c) => ({
      at: c.at,
      by: names.get(c.by.id) ?? c.by.id,
      reason: c.reason,
      changes: c.changes,
    })),
    voided: entry.voided === undefined ? undefined : { ...entry.voided, by: names.get(entry.voided.by.id) ?? entry.voided.by.id },
    amendable: mayAmend(context.principal, entry),
    correctable: mayAmend(context.principal, entry) && entry.type !== 'ActionBooked' && entry.type !== 'CaseFactsChanged',
  }));
  const bookable = new Set(['meeting', 'panel']);
  const actions = caseView.actions.map((a) => ({
    ...a,
    href: `/cases/${caseView.id}/actions/${encodeURIComponent(a.id)}`,
    bookHref: bookable.has(a.kind) && a.allowed ? `/cases/${caseView.id}/actions/${encodeURIComponent(a.id)}/book` : undefined,
    dueFrom: dueFrom(a),
  }));
  return view('case', {
    title: caseTitle(caseView),
    case: caseView,
    summary: summaryOf(caseView, procedure, names),
    statusBadge: STATUS_BADGE[caseView.status] ?? { text: caseView.status, classes: 'moj-badge--grey' },
    deadlines: caseView.deadlines.map((d) => ({ ...d, statusTag: DEADLINE_STATUS[d.status] ?? { text: d.status, colour: '' } })),
    bookings: caseView.bookings.map((b) => ({ ...b, by: names.get(b.bookedBy) ?? b.bookedBy })),
    actions,
    allowedActions: actions.filter((a) => a.allowed),
    recordableActions: actions.filter((a) => !a.allowed && a.dueFrom !== undefined),
    refusedActions: actions.filter((a) => !a.allowed && a.dueFrom === undefined),
    pending: caseView.pendingDecisions.map((p) => {
      const key = 'deadline' in p ? p.deadline : p.flag;
      const rule = 'deadline' in p ? procedure.deadlines.find((d) => d.id === p.deadline)?.label : p.flag.replace(/-/g, ' ');
      return { ...p, label: rule ?? key, href: `/cases/${caseView.id}/decide/${p.type}/${encodeURIComponent(key)}` };
    }),
    mayWithdraw: caseView.status === 'open' && may(context.principal, 'withdraw-case'),
    mayChangeFacts: mayChangeFacts(context.principal, caseView),
    caseWorkers: caseView.caseWorkerIds?.map((workerId) => names.get(workerId) ?? workerId) ?? null,
    flagWords: caseView.flags.map((f) => CASE_FLAG_WORDS[f]),
    timeline,
  });
}

/** A ServiceError refusal as form errors on the field it is about, each problem with its clause. */
export function refusalErrors(error: ServiceError, on: { field: string; href: string }): FormErrors {
  const errors = new FormErrors();
  const problems = error.extra.problems ?? [];
  const issues = error.extra.issues ?? [];
  if (problems.length > 0) {
    problems.forEach((p, index) => {
      const text = p.clause === undefined || p.message.includes(`(${p.clause})`) ? p.message : `${p.message} (${p.clause})`;
      errors.add(index === 0 ? on.field : `${on.field}-problem-${String(index)}`, text, on.href);
    });
  } else if (issues.length > 0) {
    issues.forEach((issue, index) =>
      errors.add(index === 0 ? on.field : `${on.field}-problem-${String(index)}`, `${error.message}: ${issue.reason}`, on.href),
    );
  } else {
    errors.add(on.field, refusalText(error), on.href);
  }
  return errors;
}

/** The version a form was drawn from (a hidden field); undefined if missing or not a number. */
export const versionOf = (form: Form): number | undefined => {
  const raw = field(form, 'version');
  return /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
};

/** A case form shown again: with the errors found, or with what changed since it was drawn. */
type ShowAgain = (extra: { errors?: FormErrors; changed?: string[]; status: number }) => Promise<PageResult>;

/**
 * Shows a case form again with everything typed kept: with the errors found, or, when the case
 * changed since the form was drawn (`drawnAt`, its hidden version), with what changed and the case
 * as it is now. `withErrors` is what only the form with errors shows.
 */
function showAgain(
  context: StaffPageContext,
  form: {
    template: string;
    caseId: string;
    procedure: Procedure;
    base: { readonly title: string };
    values: Readonly<Record<string, unknown>>;
    drawnAt: number | undefined;
    withErrors?: Readonly<Record<string, unknown>>;
  },
): ShowAgain {
  return async (extra) => {
    const { template, base, values } = form;
    if (extra.changed !== undefined) {
      const fresh = await load(context, form.caseId);
      return view(
        template,
        {
          ...base,
          ...formBase(fresh.view, base.title),
          values,
          changed: changesSince(form.procedure, fresh.view, form.drawnAt ?? 0),
          errors: {},
        },
        extra.status,
      );
    }
    return view(template, { ...base, values, ...form.withErrors, ...(extra.errors ?? new FormErrors()).toView() }, extra.status);
  };
}

/**
 * Sends a change; on a refusal, the form again with why; on a stale version, the form again with
 * what changed and the new version, asking again. On success, back to the case with a banner.
 */
async function send(
  context: StaffPageContext,
  caseId: string,
  input: ActInput,
  onRefusal: { field: string; href: string },
  again: ShowAgain,
  done: string,
): Promise<PageResult> {
  try {
    await context.services.cases.act(context.principal, caseId, input, context.now);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    if (error.kind === 'stale') return again({ status: 409, changed: [] });
    if (error.kind === 'refused' || error.kind === 'invalid') return again({ errors: refusalErrors(error, onRefusal), status: 422 });
    throw error;
  }
  context.request.session.set('flash', { title: 'Recorded', text: done });
  return redirect(`/cases/${caseId}`);
}

/** The data every case form shares: the case, its title, where it goes back to, the version drawn from. */
export const formBase = (caseView: CaseView, title: string) => ({
  title,
  caseId: caseView.id,
  caseTitle: caseTitle(caseView),
  caseHref: `/cases/${caseView.id}`,
  version: caseView.version,
  stageName: caseView.stage.name,
});

async function actionPage(context: StaffPageContext, params: z.infer<typeof actionParams>, posted?: { form: Form }): Promise<PageResult> {
  const { view: caseView, procedure } = await load(context, params.id);
  const available = caseView.actions.find((a) => a.id === params.actionId);
  const action = actionOf(procedure, params.actionId);
  if (available === undefined || action === undefined) throw new ServiceError('not-found', 'That step is not one this case can take now');
  const model = actionFormModel(procedure, action, caseView, await directory(context.services, context.principal));
  // Refused to the reader but theirs to record for a colleague who may take it (ADR 0030).
  const recordingFor = mayRecordFor(available);
  const base = {
    ...formBase(caseView, action.label),
    model,
    action: available,
    formAction: `/cases/${caseView.id}/actions/${params.actionId}`,
    recordingFor,
  };
  const refused = (errors: FormErrors) => {
    if (!available.allowed && !recordingFor)
      errors.add(
        refusalField(action.kind).field,
        `${available.reason ?? 'You may not take this step now'} (${available.clause})`,
        refusalField(action.kind).href,
      );
    return errors;
  };
  const mayGo = available.allowed || recordingFor;
  if (posted === undefined) {
    const errors = mayGo ? new FormErrors() : refused(new FormErrors());
    const values = initialValues(model, context.now);
    return view('case-action', { ...base, values, takers: takerItems(available, undefined), ...errors.toView() }, mayGo ? 200 : 422);
  }
  const values = {
    ...posted.form,
    copiedTo: fields(posted.form, 'copiedTo'),
    members: fields(posted.form, 'members'),
    options: fields(posted.form, 'options'),
  };
  const formVersion = versionOf(values);
  const again = showAgain(context, {
    template: 'case-action',
    caseId: params.id,
    procedure,
    base,
    values,
    drawnAt: formVersion,
    withErrors: { takers: takerItems(available, field(values, 'takenBy')) },
  });
  // Drawn from an older version: someone acted meanwhile (or this is the form sent twice). Show what changed, ask again.
  if (formVersion !== caseView.version) return again({ status: 409, changed: [] });
  if (!mayGo) return again({ errors: refused(new FormErrors()), status: 422 });
  const taker = recordingFor ? takerOf(available, field(values, 'takenBy')) : undefined;
  const read = readActionForm(model, values, context.now);
  if (taker !== undefined && 'problem' in taker) {
    const errors = read.ok ? new FormErrors() : read.errors;
    errors.add('takenBy', taker.problem, '#takenBy');
    return again({ errors, status: 400 });
  }
  if (!read.ok) return again({ errors: read.errors, status: 400 });
  return send(
    context,
    caseView.id,
    {
      type: 'perform',
      expectedVersion: formVersion,
      action: action.id,
      occurredAt: read.occurredAt,
      details: read.details,
      ...(taker === undefined ? {} : { takenBy: taker.id }),
    },
    refusalField(action.kind),
    again,
    `${action.label}: done.`,
  );
}

const reasonField = (label: string, required: string) => formText(label, { required, max: 5000 });

async function bookPage(context: StaffPageContext, params: z.infer<typeof actionParams>, posted?: { form: Form }): Promise<PageResult> {
  const { view: caseView, procedure } = await load(context, params.id);
  const action = actionOf(procedure, params.actionId);
  if (action === undefined || !caseView.actions.some((a) => a.id === action.id) || (action.kind !== 'meeting' && action.kind !== 'panel'))
    throw new ServiceError('not-found', 'That step cannot be booked on this case now');
  const booking = caseView.bookings.find((b) => b.action === action.id);
  const deadline = caseView.deadlines.find((d) => d.booking?.action === action.id) ?? caseView.deadlines.find((d) => d.status === 'open');
  const base = {
    ...formBase(caseView, `Book: ${action.label}`),
    booking,
    deadline,
    formAction: `/cases/${caseView.id}/actions/${params.actionId}/book`,
  };
  if (posted === undefined) return view('case-book', { ...base, values: {}, errors: {} });
  const values = posted.form;
  const formVersion = versionOf(values);
  const again = showAgain(context, { template: 'case-book', caseId: params.id, procedure, base, values, drawnAt: formVersion });
  if (formVersion === undefined) return again({ status: 409, changed: [] });
  const errors = new FormErrors();
  const bookedFor = readDateTime(values, 'bookedFor', 'The date it is booked for', errors);
  if (bookedFor !== undefined && bookedFor.getTime() <= context.now.getTime())
    errors.add('bookedFor', 'The date it is booked for must be in the future', '#bookedFor-day');
  const reason = formText('Reason', { max: 5000 }).safeParse(values['reason']);
  const reasonText = reason.success ? reason.data : '';
  if (!reason.success) errors.add('reason', reason.error.issues[0]?.message ?? 'Check the reason');
  else if (booking !== undefined && reasonText === '') errors.add('reason', 'Enter why the date is changing');
  if (errors.any || bookedFor === undefined) return again({ errors, status: 400 });
  return send(
    context,
    caseView.id,
    { type: 'book', expectedVersion: formVersion, action: action.id, bookedFor, ...(reasonText === '' ? {} : { reason: reasonText }) },
    { field: 'bookedFor', href: '#bookedFor-day' },
    again,
    `${action.label}: booked for ${formatLondonLong(bookedFor)}.`,
  );
}

const withdrawForm = z.object({ reason: reasonField('Reason', 'Enter why the complainant is withdrawing the challenge') });

async function withdrawPage(context: StaffPageContext, params: CaseParams, posted?: { form: Form }): Promise<PageResult> {
  const { view: caseView, procedure } = await load(context, params.id);
  const base = { ...formBase(caseView, 'Withdraw the challenge'), formAction: `/cases/${caseView.id}/withdraw` };
  if (posted === undefined) return view('case-withdraw', { ...base, values: dateParts('occurredAt', context.now), errors: {} });
  const values = posted.form;
  const formVersion = versionOf(values);
  const again = showAgain(context, { template: 'case-withdraw', caseId: params.id, procedure, base, values, drawnAt: formVersion });
  if (formVersion === undefined) return again({ status: 409, changed: [] });
  const errors = new FormErrors();
  const occurredAt = readDateTime(values, 'occurredAt', 'The date the complainant withdrew', errors);
  if (occurredAt !== undefined && occurredAt.getTime() > context.now.getTime())
    errors.add('occurredAt', 'The date the complainant withdrew must be today or in the past', '#occurredAt-day');
  const parsed = parseForm(withdrawForm, values);
  if (!parsed.ok) for (const e of parsed.errors.toView().errorList) errors.add('reason', e.text);
  if (errors.any || !parsed.ok || occurredAt === undefined) return again({ errors, status: 400 });
  return send(
    context,
    caseView.id,
    { type: 'withdraw', expectedVersion: formVersion, reason: parsed.value.reason, occurredAt },
    { field: 'reason', href: '#reason' },
    again,
    'The challenge is withdrawn.',
  );
}

async function amendPage(
  context: StaffPageContext,
  kind: 'correct' | 'void',
  params: z.infer<typeof factParams>,
  posted?: { form: Form },
): Promise<PageResult> {
  const { view: caseView, procedure } = await load(context, params.id);
  const entry = caseView.timeline.find((e) => e.seq === params.seq);
  if (entry === undefined || !mayAmend(context.principal, entry))
    throw new ServiceError('not-found', 'There is no record of that on this case that you may change');
  const label = factLabel(procedure, entry);
  const title = kind === 'correct' ? `Correct: ${label}` : `Void: ${label}`;
  const letter = kind === 'correct' ? sentLetterOf(entry) : undefined;
  const base = {
    ...formBase(caseView, title),
    kind,
    fact: { label, when: entry.when, details: factDetails(procedure, entry) },
    formAction: `/cases/${caseView.id}/timeline/${String(entry.seq)}/${kind}`,
    methods: letter === undefined ? undefined : DELIVERY_METHODS.map((m) => ({ value: m, text: METHOD_WORDS[m] })),
  };
  if (posted === undefined)
    return view('case-amend', {
      ...base,
      values: {
        ...(kind === 'correct' ? dateParts('occurredAt', new Date(entry.occurredAt)) : {}),
        ...(letter === undefined ? {} : { method: letter.method }),
      },
      errors: {},
    });
  const values = posted.form;
  const formVersion = versionOf(values);
  const again = showAgain(context, { template: 'case-amend', caseId: params.id, procedure, base, values, drawnAt: formVersion });
  if (formVersion === undefined) return again({ status: 409, changed: [] });
  const errors = new FormErrors();
  let occurredAt: Date | undefined;
  if (kind === 'correct') {
    occurredAt = readDateTime(values, 'occurredAt', 'The date it really happened', errors);
    if (occurredAt !== undefined && occurredAt.getTime() > context.now.getTime())
      errors.add('occurredAt', 'The date it really happened must be today or in the past', '#occurredAt-day');
  }
  const method = letter === undefined ? undefined : field(values, 'method');
  if (method !== undefined && !(DELIVERY_METHODS as readonly string[]).includes(method))
    errors.add('method', 'Select how the letter was really sent', '#method');
  const reason = reasonField(
    'Reason',
    kind === 'correct' ? 'Enter why the record is being corrected' : 'Enter why the record is being voided',
  ).safeParse(values['reason']);
  if (!reason.success) errors.add('reason', reason.error.issues[0]?.message ?? 'Check the reason');
  if (errors.any || !reason.success || (kind === 'correct' && occurredAt === undefined)) return again({ errors, status: 400 });
  const input: ActInput =
    kind === 'correct'
      ? {
          type: 'correct',
          expectedVersion: formVersion,
          target: entry.seq,
          reason: reason.data,
          ...(occurredAt === undefined ? {} : { occurredAt }),
          // The method is part of the letter's details: the rest of them stay as sent.
          ...(letter === undefined || method === undefined || method === letter.method
            ? {}
            : { details: { ...letter, method: method as DeliveryMethod } }),
        }
      : { type: 'void', expectedVersion: formVersion, target: entry.seq, reason: reason.data };
  return send(
    context,
    caseView.id,
    input,
    kind === 'correct' ? { field: 'occurredAt', href: '#occurredAt-day' } : { field: 'reason', href: '#reason' },
    again,
    kind === 'correct' ? `${label}: corrected.` : `${label}: voided.`,
  );
}

async function pendingPage(context: StaffPageContext, params: z.infer<typeof pendingParams>, posted?: { form: Form }): Promise<PageResult> {
  const { view: caseView, procedure } = await load(context, params.id);
  const pending = caseView.pendingDecisions.find((p) =>
    p.type === 'late-arrival' ? 'deadline' in p && p.deadline === params.key : 'flag' in p && p.flag === params.key,
  );
  if (pending?.type !== params.kind) throw new ServiceError('not-found', 'Nothing on this case is waiting for that decision');
  const late = params.kind === 'late-arrival';
  const rule = late ? procedure.deadlines.find((d) => d.id === params.key) : undefined;
  const title = late ? 'Decide whether to accept something that arrived late' : 'Decide whether the procedure can go on';
  // What is being judged: the time limit and when it arrived, as the case's deadlines show them.
  const deadline = late ? caseView.deadlines.find((d) => d.id === params.key) : undefined;
  const base = {
    ...formBase(caseView, title),
    late,
    about: late ? (rule?.label ?? params.key) : params.key.replace(/-/g, ' '),
    lateness:
      deadline?.metAt === undefined
        ? undefined
        : { dueDate: deadline.dueDate, explanation: deadline.explanation, arrivedAt: deadline.metAt },
    clause: pending.clause,
    formAction: `/cases/${caseView.id}/decide/${params.kind}/${encodeURIComponent(params.key)}`,
  };
  if (posted === undefined) return view('case-pending', { ...base, values: dateParts('occurredAt', context.now), errors: {} });
  const values = posted.form;
  const formVersion = versionOf(values);
  const again = showAgain(context, { template: 'case-pending', caseId: params.id, procedure, base, values, drawnAt: formVersion });
  if (formVersion === undefined) return again({ status: 409, changed: [] });
  const errors = new FormErrors();
  const occurredAt = readDateTime(values, 'occurredAt', 'The date it was decided', errors);
  if (occurredAt !== undefined && occurredAt.getTime() > context.now.getTime())
    errors.add('occurredAt', 'The date it was decided must be today or in the past', '#occurredAt-day');
  const answer = field(values, 'accept');
  if (answer !== 'yes' && answer !== 'no')
    errors.add('accept', late ? 'Select whether to accept it' : 'Select whether to go on', '#accept');
  const reason = reasonField('Reason', 'Enter the reason for the decision').safeParse(values['reason']);
  if (!reason.success) errors.add('reason', reason.error.issues[0]?.message ?? 'Check the reason');
  if (errors.any || !reason.success || occurredAt === undefined) return again({ errors, status: 400 });
  const input: ActInput = late
    ? {
        type: 'late-arrival',
        expectedVersion: formVersion,
        deadline: params.key,
        accept: answer === 'yes',
        reason: reason.data,
        occurredAt,
      }
    : {
        type: 'limitation',
        expectedVersion: formVersion,
        flag: params.key as never,
        proceed: answer === 'yes',
        reason: reason.data,
        occurredAt,
      };
  return send(context, caseView.id, input, { field: 'accept', href: '#accept' }, again, 'The decision is recorded.');
}

export const CASE_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: '/cases/:id',
    title: 'Case',
    access: 'read-case',
    audit: ['case.read'],
    params: caseParams,
    run: ({ params }, context) => casePage(context, params as CaseParams),
  }),
  definePage({
    method: 'GET',
    url: '/cases/:id/actions/:actionId',
    title: 'Take a step',
    access: 'act-on-case',
    audit: ['case.read'],
    params: actionParams,
    run: ({ params }, context) => actionPage(context, params as z.infer<typeof actionParams>),
  }),
  definePage({
    method: 'POST',
    url: '/cases/:id/actions/:actionId',
    title: 'Take a step',
    access: 'act-on-case',
    audit: ['case.act', 'case.act:for:<colleague id>'],
    params: actionParams,
    run: ({ params, form }, context) => actionPage(context, params as z.infer<typeof actionParams>, { form }),
  }),
  definePage({
    method: 'GET',
    url: '/cases/:id/actions/:actionId/book',
    title: 'Book a date',
    access: 'act-on-case',
    audit: ['case.read'],
    params: actionParams,
    run: ({ params }, context) => bookPage(context, params as z.infer<typeof actionParams>),
  }),
  definePage({
    method: 'POST',
    url: '/cases/:id/actions/:actionId/book',
    title: 'Book a date',
    access: 'act-on-case',
    audit: ['case.act'],
    params: actionParams,
    run: ({ params, form }, context) => bookPage(context, params as z.infer<typeof actionParams>, { form }),
  }),
  definePage({
    method: 'GET',
    url: '/cases/:id/withdraw',
    title: 'Withdraw the challenge',
    access: 'withdraw-case',
    audit: ['case.read'],
    params: caseParams,
    run: ({ params }, context) => withdrawPage(context, params as CaseParams),
  }),
  definePage({
    method: 'POST',
    url: '/cases/:id/withdraw',
    title: 'Withdraw the challenge',
    access: 'withdraw-case',
    audit: ['case.act'],
    params: caseParams,
    run: ({ params, form }, context) => withdrawPage(context, params as CaseParams, { form }),
  }),
  ...(['correct', 'void'] as const).flatMap((kind) => [
    definePage({
      method: 'GET',
      url: `/cases/:id/timeline/:seq/${kind}`,
      title: kind === 'correct' ? 'Correct a record' : 'Void a record',
      access: 'act-on-case',
      audit: ['case.read'],
      params: factParams,
      run: ({ params }, context) => amendPage(context, kind, params as z.infer<typeof factParams>),
    }),
    definePage({
      method: 'POST',
      url: `/cases/:id/timeline/:seq/${kind}`,
      title: kind === 'correct' ? 'Correct a record' : 'Void a record',
      access: 'act-on-case',
      audit: [kind === 'correct' ? 'case.correct' : 'case.void'],
      params: factParams,
      run: ({ params, form }, context) => amendPage(context, kind, params as z.infer<typeof factParams>, { form }),
    }),
  ]),
  definePage({
    method: 'GET',
    url: '/cases/:id/decide/:kind/:key',
    title: 'Decide',
    access: 'act-on-case',
    audit: ['case.read'],
    params: pendingParams,
    run: ({ params }, context) => pendingPage(context, params as z.infer<typeof pendingParams>),
  }),
  definePage({
    method: 'POST',
    url: '/cases/:id/decide/:kind/:key',
    title: 'Decide',
    access: 'act-on-case',
    audit: ['case.act'],
    params: pendingParams,
    run: ({ params, form }, context) => pendingPage(context, params as z.infer<typeof pendingParams>, { form }),
  }),
];
