/**
 * A case's panel and what its decision requires, as pages (issue 12 points 7 and 10, ADR 0026):
 * propose members and check them against the procedure before convening, members' declarations,
 * the document pack, the hearing and the decision; then each outcome's steps to done. Every form
 * re-shows the whole page with its problems and what was typed; nothing is saved in part.
 */
import type { z } from 'zod';
import type { ActionDetailsInput } from '../../service/cases.js';
import { may } from '../../service/permissions.js';
import { idParams } from '../schemas.js';
import { field, fields, FormErrors, type Form } from './forms.js';
import { dateParts, readDateTime } from './actionForms.js';
import { panelFact } from './panelCorrection.js';
import { checkMembers, memberChoices } from './panelMembers.js';
import { makeChange, type PanelChange } from './panelChange.js';
import { definePage, view, type PageDefinition, type PageResult, type StaffPageContext } from './page.js';
import { caseCaption } from './caseView.js';
import { dueFrom, recordingFor, takenByFrom, takenByInput, takerItems, type RecordableStep } from './recordFor.js';
import {
  AGENCY_LABELS,
  agencyItems,
  decisionFieldOf,
  readDecision,
  readDeclaration,
  readProposedPanel,
  readStep,
  RECOMMENDATION_ROWS,
  stepFieldOf,
  versionOf,
} from './panelForms.js';

type Params = z.output<typeof idParams>;

/** Where a panel form's result is shown: which form, its values, its errors, and the outcome of a check. */
interface Shown {
  readonly form?: 'members' | 'declaration' | 'pack' | 'hearing' | 'decision';
  readonly values?: Form;
  readonly errors?: FormErrors;
  readonly checked?: { readonly valid: boolean };
}

const DECLARATION_TAGS = {
  declared: { text: 'Declared', classes: 'govuk-tag--green' },
  declined: { text: 'Declined', classes: 'govuk-tag--red' },
  outstanding: { text: 'Outstanding', classes: 'govuk-tag--yellow' },
} as const;

const ROLE_LABELS = { chair: 'Chair', member: 'Member', 'co-opted-adviser': 'Co-opted adviser' } as const;

async function panelPage(caseId: string, ctx: StaffPageContext, shown: Shown = {}, status = 200): Promise<PageResult> {
  const { services, principal, now } = ctx;
  const panel = await services.cases.panel(principal, caseId, now);
  const pack = may(principal, 'read-documents') ? await services.documentPack.checklist(principal, caseId, now) : undefined;
  const mayConvene = mayGo(panel.convene);
  const needPeople = mayConvene || panel.hearing.some((h) => mayGo(h) && h.minutedBy.length > 0);
  const candidates = needPeople && may(principal, 'read-people') ? await services.people.panelCandidates(principal.partnershipId) : [];
  const values: Form = shown.values ?? {};
  const declarers = (panel.convened?.members ?? []).filter((m) => m.personId === principal.id || panel.mayRecordDeclarations);
  const errors = shown.errors?.toView() ?? { errorList: [], errors: {} };
  const formErrors = (form: Shown['form']) => (shown.form === form ? errors.errors : {});
  const whoTookOn = (step: RecordableStep, form: Shown['form'], mine: boolean) =>
    whoTook(step, shown.form === form && mine ? values : undefined);
  return view(
    'panel',
    {
      title: panel.rule === null ? 'Panel' : panel.rule.name,
      caseId,
      caption: await caseCaption(ctx, caseId),
      panel,
      version: panel.version,
      ...errors,
      errorsFor: {
        members: formErrors('members'),
        declaration: formErrors('declaration'),
        pack: formErrors('pack'),
        hearing: formErrors('hearing'),
        decision: formErrors('decision'),
      },
      checked: shown.checked,
      conveneForm:
        mayConvene && panel.convene !== null ? { ...whoTookOn(panel.convene, 'members', true), takenById: 'takenBy-convene' } : null,
      valuesFor: shown.form === undefined ? {} : { [shown.form]: values },
      ...memberChoices(candidates, values),
      minuteTakerItems: [
        { value: '', text: 'Choose who took the minutes' },
        ...candidates.map((c) => ({ value: c.id, text: c.name, selected: Object.values(values).includes(c.id) })),
      ],
      packDocumentItems: [
        { value: '', text: 'Choose a document' },
        ...(pack?.documents ?? []).map((d) => ({ value: d.id, text: d.filename })),
      ],
      members: (panel.convened?.members ?? []).map((m) => ({
        ...m,
        roleLabel: ROLE_LABELS[m.role],
        agencyLabel: AGENCY_LABELS[m.agency],
        tag: DECLARATION_TAGS[m.declaration],
      })),
      declarerItems: [
        { value: '', text: 'Choose the member' },
        ...declarers.map((m) => ({ value: m.personId, text: m.name, selected: field(values, 'personId') === m.personId })),
      ],
      mayDeclare: declarers.length > 0 && panel.status === 'open',
      mayCorrectPanel: await mayCorrectPanel(ctx, caseId, panel),
      pack,
      hearing: panel.hearing
        .filter((h) => mayGo(h))
        .map((h) => {
          const name = heldField(h.action);
          // When it happened: the step's own values if this form was sent, else now (a step recorded at once).
          const mine = shown.form === 'hearing' && field(values, 'action') === h.action;
          return {
            ...h,
            heldField: name,
            heldValues: mine ? values : dateParts(name, now),
            ...whoTookOn(h, 'hearing', mine),
            takenById: takenByField(h.action),
          };
        }),
      decide:
        panel.decide !== null && mayGo(panel.decide)
          ? { ...panel.decide, ...whoTookOn(panel.decide, 'decision', true), takenById: 'takenBy-decision' }
          : null,
      decisionOptionItems: (panel.decide?.options ?? []).map((o) => ({
        value: o.id,
        text: o.label,
        hint: { text: o.clause },
        checked: fields(shown.form === 'decision' ? values : {}, 'options').includes(o.id),
      })),
      recommendationRows: Array.from({ length: RECOMMENDATION_ROWS }, (_, index) => {
        const row = String(index + 1);
        const decisionValues = shown.form === 'decision' ? values : {};
        return {
          row,
          agencyItems: agencyItems(field(decisionValues, `recommendation${row}Agency`)),
          text: field(decisionValues, `recommendation${row}Text`),
        };
      }),
      decisions: panel.decisions.map((d) => ({
        ...d,
        recommendations: d.recommendations.map((r) => ({ agency: AGENCY_LABELS[r.agency], text: r.text })),
      })),
    },
    status,
  );
}

/** The name of a hearing step's "When did it happen?" date and time (an action id may hold dots). */
const heldField = (action: string) => `heldAt-${action.replace(/[^A-Za-z0-9-]/g, '-')}`;
/** The id of a hearing or outcome step's "Who took this step?" radios: one page holds several such forms. */
const takenByField = (action: string) => `takenBy-${action.replace(/[^A-Za-z0-9-]/g, '-')}`;

/** A step's form is shown to whoever may take it, and to whoever may record it for the colleague who took it (ADR 0030). */
const mayGo = (step: RecordableStep | null) => step !== null && (step.allowed || recordingFor(step));

/** "Who took this step?" on a step's form, when the reader records it for a colleague: its radios, with the colleague chosen if this form was sent. */
const whoTook = (step: RecordableStep, sent: Form | undefined) =>
  recordingFor(step) ? { takers: takerItems(step, sent === undefined ? undefined : field(sent, 'takenBy')) } : {};

/** A form's "Who took this step?" that will not do, beside its radios, among the form's other problems. */
function takerErrors(errors: FormErrors, id: string, taken: ReturnType<typeof takenByFrom>): FormErrors {
  return taken.ok ? errors : errors.add(id, taken.problem, `#${id}`);
}

/** Correct is offered to whoever recorded the panel, or anyone who may correct any record (ADR 0015), while the case is open. */
async function mayCorrectPanel(ctx: StaffPageContext, caseId: string, panel: { status: string; convened: { action: string } | null }) {
  const { principal } = ctx;
  if (panel.convened === null || panel.status !== 'open' || !may(principal, 'act-on-case') || !may(principal, 'read-people')) return false;
  if (may(principal, 'correct-any-record')) return true;
  return (await panelFact(ctx, caseId, panel.convened.action))?.by.id === principal.id;
}

/** A panel or outcomes form's page shown again, with what was typed and the problems or the outcome of a check. */
type Render = (shown: Shown, status: number) => Promise<PageResult>;

/** What a form sent to a case's panel or outcomes page has to work with. */
interface Sent {
  readonly id: string;
  readonly form: Form;
  readonly ctx: StaffPageContext;
  readonly render: Render;
  /** The page again because the form was not complete (a hidden field missing or changed). */
  readonly incomplete: () => Promise<PageResult>;
}

/** The page a form is on: the panel page, showing that form's problems and values, or the outcomes page. */
interface FormPage {
  readonly title: string;
  readonly show: (caseId: string, ctx: StaffPageContext, shown: Shown, status: number) => Promise<PageResult>;
}
const onPanel = (form: NonNullable<Shown['form']>): FormPage => ({
  title: 'Panel',
  show: (caseId, ctx, shown, status) => panelPage(caseId, ctx, { form, ...shown }, status),
});
const ON_OUTCOMES: FormPage = { title: 'Outcomes', show: (caseId, ctx, shown, status) => outcomesPage(caseId, ctx, shown, status) };

/**
 * A form on a case's panel or outcomes page that changes the case. `read` says only what is the
 * form's own: the page again where what was typed will not do, or else the change to make, which is
 * then made through the service (`makeChange`: the banner and redirect, or the page again with the
 * error summary and what was typed).
 */
function panelForm(
  page: FormPage,
  url: string,
  audit: readonly string[],
  read: (sent: Sent) => Promise<PageResult | PanelChange> | PanelChange,
): PageDefinition {
  return definePage({
    method: 'POST',
    url,
    title: page.title,
    access: 'act-on-case',
    audit,
    params: idParams,
    run: async ({ params, form }, ctx) => {
      const { id } = params as Params;
      const render: Render = (shown, status) => page.show(id, ctx, { values: form, ...shown }, status);
      const incomplete = () => render({ errors: notComplete() }, 400);
      const result = await read({ id, form, ctx, render, incomplete });
      return 'change' in result ? makeChange(ctx, result, (errors, status) => render({ errors }, status)) : result;
    },
  });
}

const notComplete = () => new FormErrors().add('form', 'The form was not complete: open the page again and try again', '#main-content');

/** Records a step of the case, as drawn at the form's version, for the colleague who took it where one is named. */
const perform =
  (
    { id, ctx }: Sent,
    version: number,
    step: { action: string; details: ActionDetailsInput; occurredAt?: Date },
    taken: { takenBy?: string },
  ) =>
  () =>
    ctx.services.cases.act(ctx.principal, id, { type: 'perform', expectedVersion: version, ...step, ...takenByInput(taken) }, ctx.now);

export const PANEL_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: '/cases/:id/panel',
    title: 'Panel',
    access: 'read-case',
    audit: ['case.read-panel', 'case.read-pack', 'case.read'],
    params: idParams,
    run: ({ params }, ctx) => panelPage((params as Params).id, ctx),
  }),
  panelForm(onPanel('members'), '/cases/:id/panel/members', ['case.panel-check', 'case.act', 'case.read-panel'], async (sent) => {
    const { id, form, ctx, render } = sent;
    const proposed = readProposedPanel(form);
    if (!proposed.ok) return render({ errors: proposed.errors }, 400);
    const version = versionOf(form);
    if (version === undefined) return sent.incomplete();
    const check = await checkMembers(() => ctx.services.cases.checkPanel(ctx.principal, id, { members: proposed.value.members }, ctx.now));
    if (!check.ok) return render(check.shown, check.refused ? 400 : proposed.value.intent === 'convene' ? 422 : 200);
    if (proposed.value.intent === 'check') return render({ checked: { valid: true } }, 200);
    const taken = takenByFrom((await ctx.services.cases.panel(ctx.principal, id, ctx.now)).convene, form);
    if (!taken.ok) return render({ errors: takerErrors(new FormErrors(), 'takenBy-convene', taken) }, 400);
    return {
      change: perform(sent, version, { action: check.action, details: { kind: 'panel', members: proposed.value.members } }, taken),
      fieldOf: () => 'members',
      flash: { title: 'Panel convened', text: 'Each member now declares their independence from the case.' },
      back: `/cases/${id}/panel`,
    };
  }),
  panelForm(onPanel('declaration'), '/cases/:id/panel/declarations', ['case.declare', 'case.read-panel'], async (sent) => {
    const { id, form, ctx, render } = sent;
    const declaration = readDeclaration(form);
    if (!declaration.ok) return render({ errors: declaration.errors }, 400);
    const version = versionOf(form);
    if (version === undefined) return sent.incomplete();
    return {
      change: () => ctx.services.cases.act(ctx.principal, id, { type: 'declare', expectedVersion: version, ...declaration.value }, ctx.now),
      fieldOf: (message) => (/reason/i.test(message) ? 'reason' : 'personId'),
      flash: {
        title: 'Declaration recorded',
        text: declaration.value.independent ? 'Independence declared.' : 'The member declined, with the reason.',
      },
      back: `/cases/${id}/panel#declarations`,
    };
  }),
  panelForm(onPanel('pack'), '/cases/:id/panel/pack', ['case.pack-link', 'case.read-panel'], (sent) => {
    const { id, form, ctx, render } = sent;
    const item = Number(field(form, 'item'));
    const documentId = field(form, 'documentId');
    const linked = field(form, 'linked') !== 'false';
    const errorField = `pack-document-${String(item)}`;
    if (!Number.isInteger(item) || item < 0 || item > 100) return sent.incomplete();
    if (documentId === '') return render({ errors: new FormErrors().add(errorField, 'Choose a document to put in the pack') }, 400);
    return {
      change: () => ctx.services.documentPack.link(ctx.principal, id, { item, documentId, linked }, ctx.now),
      fieldOf: () => errorField,
      flash: linked
        ? { title: 'Added to the pack', text: 'The document is in the pack against that item.' }
        : { title: 'Taken out of the pack', text: 'The document is no longer in the pack against that item.' },
      back: `/cases/${id}/panel#pack`,
    };
  }),
  panelForm(onPanel('hearing'), '/cases/:id/panel/hearing', ['case.act', 'case.read-panel'], async (sent) => {
    const { id, form, ctx, render } = sent;
    const version = versionOf(form);
    const action = field(form, 'action');
    if (version === undefined || action === '') return sent.incomplete();
    const panel = await ctx.services.cases.panel(ctx.principal, id, ctx.now);
    const step = panel.hearing.find((h) => h.action === action);
    if (step === undefined) return sent.incomplete();
    const minuteTaker = field(form, `minuteTaker-${action}`);
    const role = step.minutedBy[0]?.role;
    if (step.kind === 'meeting' && role !== undefined && minuteTaker === '') {
      return render({ errors: new FormErrors().add(`minuteTaker-${action}`, 'Choose who took the minutes') }, 400);
    }
    const held = heldField(action);
    const timeErrors = new FormErrors();
    const occurredAt = readDateTime(form, held, 'The date it happened', timeErrors);
    if (occurredAt !== undefined && occurredAt.getTime() > ctx.now.getTime())
      timeErrors.add(held, 'The date it happened must be today or in the past', `#${held}-day`);
    const taken = takenByFrom(step, form);
    takerErrors(timeErrors, takenByField(action), taken);
    if (timeErrors.any || occurredAt === undefined || !taken.ok) return render({ errors: timeErrors }, 400);
    const details =
      step.kind === 'meeting'
        ? { kind: 'meeting' as const, ...(role === undefined ? {} : { minuteTaker: { personId: minuteTaker, role } }) }
        : { kind: 'record' as const };
    return {
      change: perform(sent, version, { action, occurredAt, details }, taken),
      fieldOf: (message) => (/happen|before|after|earlier|later|time/i.test(message) ? held : `minuteTaker-${action}`),
      flash: { title: 'Recorded', text: `${step.label}: done.` },
      back: `/cases/${id}/panel#hearing`,
    };
  }),
  panelForm(onPanel('decision'), '/cases/:id/panel/decision', ['case.act', 'case.read-panel'], async (sent) => {
    const { id, form, ctx, render } = sent;
    const panel = await ctx.services.cases.panel(ctx.principal, id, ctx.now);
    if (panel.decide === null) return sent.incomplete();
    const version = versionOf(form);
    if (version === undefined) return sent.incomplete();
    const decision = readDecision(form, panel.decide);
    const taken = takenByFrom(panel.decide, form);
    if (!decision.ok || !taken.ok)
      return render({ errors: takerErrors(decision.ok ? new FormErrors() : decision.errors, 'takenBy-decision', taken) }, 400);
    return {
      change: perform(sent, version, { action: panel.decide.action, details: decision.value }, taken),
      fieldOf: decisionFieldOf,
      flash: { title: 'Decision recorded', text: 'What the decision requires is tracked on the outcomes page.' },
      back: `/cases/${id}/outcomes`,
    };
  }),
  definePage({
    method: 'GET',
    url: '/cases/:id/outcomes',
    title: 'Outcomes',
    access: 'read-case',
    audit: ['case.read-outcomes'],
    params: idParams,
    run: ({ params }, ctx) => outcomesPage((params as Params).id, ctx),
  }),
  panelForm(ON_OUTCOMES, '/cases/:id/outcomes', ['case.act', 'case.read-outcomes'], async (sent) => {
    const { id, form, ctx, render } = sent;
    const action = field(form, 'action');
    const version = versionOf(form);
    const outcomes = await ctx.services.cases.outcomes(ctx.principal, id, ctx.now);
    const step = outcomes.requirements.flatMap((r) => r.steps).find((s) => s.action === action && mayGo(recordable(s)));
    if (version === undefined || step === undefined) return sent.incomplete();
    const suffix = `-${action}`;
    const details = readStep(
      form,
      {
        kind: step.kind,
        chairMustDiffer: step.chairMustDiffer !== null,
        briefingRequired: step.briefingRequired !== null,
        choices: step.choices,
      },
      suffix,
    );
    const taken = takenByFrom(recordable(step), form);
    if (!details.ok || !taken.ok)
      return render({ errors: takerErrors(details.ok ? new FormErrors() : details.errors, takenByField(action), taken) }, 400);
    return {
      change: perform(sent, version, { action, details: details.value }, taken),
      fieldOf: (message) => `${stepFieldOf(message)}${suffix}`,
      flash: { title: 'Recorded', text: `${step.label}: done.` },
      back: `/cases/${id}/outcomes`,
    };
  }),
];

const STATUS_TAGS = {
  open: { text: 'To do', classes: 'govuk-tag--yellow' },
  done: { text: 'Done', classes: 'govuk-tag--green' },
  recorded: { text: 'In the decision', classes: 'govuk-tag--blue' },
} as const;

/** An outcome's step as one to record, for the reader or for the colleague who took it (ADR 0030). */
const recordable = (step: { available: boolean; clause: string; recordFor?: RecordableStep['recordFor'] }): RecordableStep => ({
  allowed: step.available,
  clause: step.clause,
  ...(step.recordFor === undefined ? {} : { recordFor: step.recordFor }),
});

async function outcomesPage(caseId: string, ctx: StaffPageContext, shown: Shown = {}, status = 200): Promise<PageResult> {
  const { services, principal, now } = ctx;
  const outcomes = await services.cases.outcomes(principal, caseId, now);
  const anyMeeting = outcomes.requirements.some((r) => r.steps.some((s) => mayGo(recordable(s)) && s.kind === 'meeting'));
  const people = anyMeeting && may(principal, 'read-people') ? await services.people.panelCandidates(principal.partnershipId) : [];
  const mentioned = outcomes.requirements
    .flatMap((r) => r.steps.flatMap((st) => [st.doneBy, st.recordedBy ?? null, st.chairId]))
    .filter((x) => x !== null);
  const directory = await services.people.directory(principal.partnershipId, [...new Set(mentioned)]);
  const names = new Map([...directory.values()].map((p) => [p.id, p.name]));
  const values: Form = shown.values ?? {};
  const current = field(values, 'action');
  const errors = shown.errors?.toView() ?? { errorList: [], errors: {} };
  return view(
    'outcomes',
    {
      title: 'What the decision requires',
      caseId,
      caption: await caseCaption(ctx, caseId),
      version: outcomes.version,
      ...errors,
      requirements: outcomes.requirements.map((r) => ({
        ...r,
        tag: STATUS_TAGS[r.status],
        steps: r.steps.map((s) => {
          const mine = s.action === current;
          const stepValues: Form = mine ? values : {};
          return {
            ...s,
            tag: STATUS_TAGS[s.status],
            chairName: s.chairId === null ? null : (names.get(s.chairId) ?? s.chairId),
            doneByName: s.doneBy === null ? null : (names.get(s.doneBy) ?? s.doneBy),
            recordedByName: s.recordedBy === undefined ? null : (names.get(s.recordedBy) ?? s.recordedBy),
            mayGo: mayGo(recordable(s)),
            // Whom a step refused to the reader is due from, as the case page says, when the reader may record it for them.
            dueFrom: dueFrom(recordable(s)),
            ...whoTook(recordable(s), mine ? values : undefined),
            takenById: takenByField(s.action),
            errors: mine ? errors.errors : {},
            values: stepValues,
            chairItems: [
              { value: '', text: 'Choose the chair' },
              ...people.map((p) => ({
                value: p.id,
                text: p.id === outcomes.conferenceChairId ? `${p.name} (chaired the conference challenged)` : p.name,
                selected: field(stepValues, 'chairId') === p.id,
              })),
            ],
            choiceItems: s.choices.map((c) => ({
              value: c.id,
              text: c.label,
              hint: { text: c.clause },
              checked: field(stepValues, 'option') === c.id,
            })),
          };
        }),
      })),
    },
    status,
  );
}
