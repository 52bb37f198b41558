/**
 * The panel, outcome and document forms read as the GOV.UK Design System asks (ADR 0026): each
 * problem named beside its field and in the summary, an engine refusal shown with its clause, and
 * everything typed kept. Pure functions, no I/O.
 */
import { z } from 'zod';
import { AGENCY_KINDS, type AgencyKind } from '../../core/procedures/schema.js';
import type { ActionDetails } from '../../core/engine/model.js';
import type { ServiceError } from '../../service/errors.js';
import { field, fields, formText, FormErrors, parseForm, readDate, type Form } from './forms.js';

/** How staff name each kind of agency. */
export const AGENCY_LABELS: Readonly<Record<AgencyKind, string>> = {
  'local-authority-childrens-services': "Local authority children's services",
  police: 'Police',
  health: 'Health',
  education: 'Education',
  'other-partner': 'Another partner agency',
};

export const agencyItems = (selected?: string) => [
  { value: '', text: 'Choose an agency', selected: selected === undefined || selected === '' },
  ...AGENCY_KINDS.map((kind) => ({ value: kind, text: AGENCY_LABELS[kind], selected: selected === kind })),
];

/** The version of the case the form was drawn from: a stale one is caught by the service. */
export function versionOf(form: Form): number | undefined {
  const text = field(form, 'version');
  return /^\d{1,7}$/.test(text) ? Number(text) : undefined;
}

/** Adds engine problems (each with its clause) to a form's errors, each linking to the field it is about. */
export function addProblems(
  errors: FormErrors,
  problems: readonly { readonly message: string; readonly clause?: string | undefined }[],
  fieldOf: (message: string) => string,
): void {
  problems.forEach((problem, index) => {
    const name = fieldOf(problem.message);
    const text = problem.clause === undefined ? problem.message : `${problem.message} (${problem.clause})`;
    errors.add(errors.has(name) ? `${name}:${String(index)}` : name, text, `#${name}`);
  });
}

/** A refusal by the service as form errors: every problem the engine listed, or its one message. */
export function refusalErrors(error: ServiceError, fieldOf: (message: string) => string): FormErrors {
  const errors = new FormErrors();
  if (error.kind === 'stale') {
    errors.add(
      'form',
      'Someone else has changed this case since you opened this page. Check it as it now stands and try again.',
      '#main-content',
    );
    return errors;
  }
  const issues = error.extra.issues ?? [];
  if (issues.length > 0) {
    issues.forEach((issue, index) => errors.add(`issue:${String(index)}`, sentence(issue.reason), `#${fieldOf(issue.reason)}`));
    return errors;
  }
  const problems = error.extra.problems;
  if (problems !== undefined && problems.length > 0) addProblems(errors, problems, fieldOf);
  else addProblems(errors, [{ message: error.message, clause: error.extra.clause }], fieldOf);
  return errors;
}

const sentence = (text: string) => (text.length > 0 ? (text[0] ?? '').toUpperCase() + text.slice(1) : text);

// ---- Proposing members ----

export interface ProposedPanel {
  readonly intent: 'check' | 'convene';
  readonly members: readonly { readonly personId: string; readonly role: 'chair' | 'member' }[];
}

/** The members ticked and the chair chosen; the chair counts as a member whether ticked or not. */
export function readProposedPanel(form: Form): { ok: true; value: ProposedPanel } | { ok: false; errors: FormErrors } {
  const errors = new FormErrors();
  const ticked = [...new Set(fields(form, 'members'))].slice(0, 20);
  const chair = field(form, 'chair');
  if (ticked.length === 0 && chair === '') errors.add('members', 'Select the members of the panel');
  if (chair === '') errors.add('chair', 'Choose who chairs the panel');
  if (errors.any) return { ok: false, errors };
  const others = ticked.filter((id) => id !== chair).map((personId) => ({ personId, role: 'member' as const }));
  return {
    ok: true,
    value: { intent: field(form, 'intent') === 'convene' ? 'convene' : 'check', members: [{ personId: chair, role: 'chair' }, ...others] },
  };
}

// ---- Declarations ----

const declarationForm = z
  .object({
    personId: formText('Member', { required: 'Choose the member whose declaration this is', max: 100 }),
    independent: z.preprocess(
      (value) => (Array.isArray(value) ? (value[0] as unknown) : value),
      z.enum(['yes', 'no'], { error: 'Select whether the member declares independence from the case' }),
    ),
    reason: formText('The reason', { max: 10_000 }),
  })
  .superRefine((value, ctx) => {
    if (value.independent === 'no' && value.reason === '')
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Enter why the member cannot declare independence' });
  });

export function readDeclaration(form: Form) {
  const parsed = parseForm(declarationForm, form, { independent: '#independent' });
  if (!parsed.ok) return parsed;
  return {
    ok: true as const,
    value: {
      personId: parsed.value.personId,
      independent: parsed.value.independent === 'yes',
      ...(parsed.value.reason === '' ? {} : { reason: parsed.value.reason }),
    },
  };
}

// ---- The decision ----

export interface DecisionRule {
  readonly multiple: boolean;
  readonly findings: readonly ('procedures-followed' | 'decision-reasonable')[];
  readonly options: readonly { readonly id: string; readonly needsFurtherPanelDate: boolean }[];
  readonly majority: boolean;
}

export const RECOMMENDATION_ROWS = 3;

/** Which field a decision problem is about, by what the engine says. */
export function decisionFieldOf(message: string): string {
  if (/vote|majority/i.test(message)) return 'votesFor';
  if (message.startsWith('Give the reasons')) return 'reasons';
  if (message.includes('procedures were followed')) return 'proceduresFollowed';
  if (message.includes('decision was reasonable')) return 'decisionReasonable';
  if (/further panel/i.test(message)) return 'furtherPanelDate-day';
  if (message.startsWith('Learning point')) return 'learningPoints';
  if (message.startsWith('Recommendation')) return 'recommendation1Text';
  return 'options';
}

const yesNo = (form: Form, name: string): boolean | undefined => {
  const value = field(form, name);
  return value === 'yes' ? true : value === 'no' ? false : undefined;
};

/** The decision form as the engine's decision details; the engine then checks it against the procedure. */
export function readDecision(
  form: Form,
  rule: DecisionRule,
): { ok: true; value: Extract<ActionDetails, { kind: 'decision' }> } | { ok: false; errors: FormErrors } {
  const errors = new FormErrors();
  const known = new Set(rule.options.map((o) => o.id));
  const options = [...new Set(fields(form, 'options'))].filter((o) => known.has(o));
  if (options.length === 0)
    errors.add('options', rule.multiple ? 'Select the outcomes the panel decided' : 'Select the outcome the panel decided');
  const proceduresFollowed = yesNo(form, 'proceduresFollowed');
  const decisionReasonable = yesNo(form, 'decisionReasonable');
  if (rule.findings.includes('procedures-followed') && proceduresFollowed === undefined)
    errors.add('proceduresFollowed', 'Select whether the procedures were followed');
  if (rule.findings.includes('decision-reasonable') && decisionReasonable === undefined)
    errors.add('decisionReasonable', 'Select whether the conference decision was reasonable');
  const reasons = formText('The reasons', { required: 'Enter the reasons for the decision', max: 20_000 }).safeParse(form['reasons']);
  if (!reasons.success) errors.add('reasons', reasons.error.issues[0]?.message ?? 'Enter the reasons for the decision');
  let votes: { for: number; against: number } | undefined;
  if (rule.majority) {
    const count = (name: string, label: string) => {
      const text = field(form, name).trim();
      if (text === '') {
        errors.add(name, `Enter the number of votes ${label}`);
        return undefined;
      }
      if (!/^\d{1,2}$/.test(text)) {
        errors.add(name, `The number of votes ${label} must be a whole number from 0 to 50`);
        return undefined;
      }
      return Number(text);
    };
    const inFavour = count('votesFor', 'for the decision');
    const against = count('votesAgainst', 'against it');
    if (inFavour !== undefined && against !== undefined) votes = { for: inFavour, against };
  }
  const needsDate = rule.options.some((o) => o.needsFurtherPanelDate && options.includes(o.id));
  const furtherPanelDate = readDate(form, 'furtherPanelDate', 'The date of the further panel', errors, { optional: !needsDate });
  const learning = formText('Learning points', { max: 20_000 }).safeParse(form['learningPoints']);
  if (!learning.success) errors.add('learningPoints', learning.error.issues[0]?.message ?? 'Learning points are too long');
  const learningPoints = learning.success
    ? learning.data
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '')
    : [];
  if (learningPoints.length > 30) errors.add('learningPoints', 'Enter 30 learning points or fewer, one on each line');
  const recommendations: { agency: AgencyKind; text: string }[] = [];
  for (let row = 1; row <= RECOMMENDATION_ROWS; row += 1) {
    const agency = field(form, `recommendation${String(row)}Agency`);
    const text = formText(`Recommendation ${String(row)}`, { max: 5000 }).safeParse(form[`recommendation${String(row)}Text`]);
    if (!text.success) {
      errors.add(`recommendation${String(row)}Text`, text.error.issues[0]?.message ?? 'The recommendation is too long');
      continue;
    }
    if (agency === '' && text.data === '') continue;
    const kind = AGENCY_KINDS.find((k) => k === agency);
    if (kind === undefined) errors.add(`recommendation${String(row)}Agency`, `Choose the agency recommendation ${String(row)} is for`);
    if (text.data === '') errors.add(`recommendation${String(row)}Text`, `Enter recommendation ${String(row)}`);
    if (kind !== undefined && text.data !== '') recommendations.push({ agency: kind, text: text.data });
  }
  if (errors.any || !reasons.success) return { ok: false, errors };
  return {
    ok: true,
    value: {
      kind: 'decision',
      options,
      findings: {
        ...(proceduresFollowed === undefined ? {} : { proceduresFollowed }),
        ...(decisionReasonable === undefined ? {} : { decisionReasonable }),
      },
      reasons: reasons.data,
      ...(votes === undefined ? {} : { votes }),
      ...(furtherPanelDate === undefined ? {} : { furtherPanelDate }),
      ...(learningPoints.length === 0 ? {} : { learningPoints }),
      ...(recommendations.length === 0 ? {} : { recommendations }),
    },
  };
}

// ---- A step of an outcome ----

export interface StepRule {
  readonly kind: string;
  readonly chairMustDiffer: boolean;
  readonly briefingRequired: boolean;
  readonly choices: readonly { readonly id: string }[];
}

/** The details of an outcome's step as the form gives them: a meeting's chair and briefing, a choice and its reason. */
export function readStep(form: Form, step: StepRule, suffix = ''): { ok: true; value: ActionDetails } | { ok: false; errors: FormErrors } {
  const errors = new FormErrors();
  const id = (name: string) => `${name}${suffix}`;
  switch (step.kind) {
    case 'meeting': {
      const chairId = field(form, 'chairId');
      if (step.chairMustDiffer && chairId === '') errors.add(id('chairId'), 'Choose who chaired the meeting');
      const briefed = field(form, 'briefed') === 'yes';
      if (errors.any) return { ok: false, errors };
      return {
        ok: true,
        value: { kind: 'meeting', ...(chairId === '' ? {} : { chairId }), ...(step.briefingRequired ? { briefed } : {}) },
      };
    }
    case 'choice': {
      const option = field(form, 'option');
      if (!step.choices.some((c) => c.id === option)) errors.add(id('option'), 'Select what happened');
      const reason = formText('The reason', { required: 'Enter the reason', max: 10_000 }).safeParse(form['reason']);
      if (!reason.success) errors.add(id('reason'), reason.error.issues[0]?.message ?? 'Enter the reason');
      if (errors.any || !reason.success) return { ok: false, errors };
      return { ok: true, value: { kind: 'choice', option, reason: reason.data } };
    }
    case 'record':
      return { ok: true, value: { kind: 'record' } };
    default:
      return { ok: false, errors: errors.add('form', 'This step is recorded from the case page', '#main-content') };
  }
}

/** Which field a step's refusal is about. */
export function stepFieldOf(message: string): string {
  if (/chair/i.test(message)) return 'chairId';
  if (/briefed/i.test(message)) return 'briefed';
  if (/reason/i.test(message)) return 'reason';
  return 'option';
}
