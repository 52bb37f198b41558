/**
 * A form for any of a procedure's actions, generated from its kind (record, meeting, letter,
 * request, panel, decision, choice) and the procedure's own words: its labels, outcome options,
 * letter content and copy lists, panel rule and roles. A new partnership's procedure needs no
 * template of its own. The engine stays the judge: this reads what was typed into the command's
 * details, and says in the person's words what is missing before asking the engine.
 */
import {
  DELIVERY_METHODS,
  endOfLondonDay,
  formatLondonDateTime,
  parseLondonDateTime,
  type DeliveryMethod,
} from '../../core/calendar/index.js';
import type { ActionDefinition, LetterContent, Procedure } from '../../core/procedures/schema.js';
import type { ActionDetailsInput, PanelMemberRequest } from '../../service/cases.js';
import { DELIVERY_WORDS, roleTitleOf, type CaseView } from './caseView.js';
import { field, fields, formText, readDate, readTime, type Form, FormErrors } from './forms.js';

/** How a form names each kind of letter content. */
export const CONTENT_LABELS: Readonly<Record<LetterContent, string>> = {
  'meeting-notes': 'Notes of the meeting',
  'points-of-complaint': 'The points of complaint',
  'agreed-actions': 'The actions agreed',
  'outcome-of-meeting': 'The outcome of the meeting',
  'panel-membership': 'The membership of the panel',
  decision: 'The decision reached',
  reasons: 'How the decision was reached',
  'right-to-escalate': 'The right to take the challenge further',
  'how-to-take-further': 'How to take the concerns further',
  'ombudsman-and-judicial-review': 'The Ombudsman and judicial review',
  'original-decision-not-expunged': 'That the original decision cannot be expunged',
  'delay-explanation': 'Why the letter is late',
  'further-panel-date': 'The date of the further panel',
};

/** Someone who may be chosen: a member of staff or a person from a partner agency. */
export interface Candidate {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

/** The GOV.UK date input's three parts and a time, from an instant (London time). */
export function dateParts(name: string, instant: Date): Record<string, string> {
  const text = formatLondonDateTime(instant);
  const [date = '', time = ''] = text.split('T');
  const [year = '', month = '', day = ''] = date.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year, [`${name}-time`]: time };
}

/** Reads a GOV.UK date input and its time box as a London instant. */
export function readDateTime(form: Form, name: string, label: string, errors: FormErrors): Date | undefined {
  const date = readDate(form, name, label, errors);
  const time = readTime(form, `${name}-time`, `The time ${lowerFirst(label)}`, errors);
  if (date === undefined || time === undefined) return undefined;
  const instant = parseLondonDateTime(`${date}T${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`);
  if (instant === undefined) errors.add(`${name}-time`, `${label} is at a time the clocks skip: enter a time after 02:00`);
  return instant;
}

const lowerFirst = (text: string) => (text.length > 0 ? (text[0] ?? '').toLowerCase() + text.slice(1) : text);

/** Everything the action's template needs to draw its fields. */
export function actionFormModel(procedure: Procedure, action: ActionDefinition, view: CaseView, candidates: readonly Candidate[]) {
  const letter = action.letter === undefined ? undefined : procedure.letters.find((l) => l.id === action.letter);
  const due = view.lettersDue.find((l) => l.action === action.id);
  const outcome = action.outcome === undefined ? undefined : procedure.outcomes.find((o) => o.id === action.outcome);
  const panelRule = procedure.panels.find((p) => p.id === (action.panel ?? outcome?.panel));
  const contentItems = (due?.requiredContent ?? letter?.requiredContent ?? []).filter((c) => c.item !== 'right-to-escalate');
  return {
    kind: action.kind,
    label: action.label,
    clause: action.clause,
    note: action.note,
    occurredLabel: OCCURRED_LABEL[action.kind],
    letter:
      letter === undefined
        ? undefined
        : {
            title: letter.title,
            to: letter.to.map((r) => roleTitleOf(procedure, r)),
            dueDate: due?.dueDate,
            content: contentItems.map((c) => ({ item: c.item, label: CONTENT_LABELS[c.item], clause: c.clause })),
            states: letter.requiredContent.some((c) => c.item === 'right-to-escalate')
              ? 'The letter states the right to take the challenge further and the date by which: the service works it out from the date sent.'
              : undefined,
            copies: due?.copies ?? letter.copies.map((c) => ({ to: c.to, title: roleTitleOf(procedure, c.to), clause: c.clause })),
            methods: DELIVERY_METHODS.map((m) => ({ value: m, text: DELIVERY_WORDS[m] ?? m })),
          },
    meeting:
      action.meeting === undefined
        ? undefined
        : {
            minutedBy: (action.meeting.minutedBy ?? []).map((r) => ({ value: r, text: roleTitleOf(procedure, r) })),
            chairMustDiffer: action.meeting.chairMustDiffer,
            briefingRequired: action.meeting.briefingRequired,
            supporterAllowed: action.meeting.supporterAllowed,
            purpose: action.meeting.purpose ?? [],
          },
    panel:
      panelRule === undefined || action.kind !== 'panel'
        ? undefined
        : { name: panelRule.name, clause: panelRule.clause, minMembers: panelRule.minMembers.count, chairClause: panelRule.chair.clause },
    decision:
      outcome === undefined
        ? undefined
        : {
            multiple: outcome.multiple,
            options: outcome.options.map((o) => ({ value: o.id, text: o.label, hint: o.clause })),
            findings: outcome.findings,
            votes: panelRule?.decisionBy.rule === 'majority' ? panelRule.decisionBy.clause : undefined,
            furtherPanelDate: outcome.options.some((o) => o.needsFurtherPanelDate === true),
          },
    choice: action.choice?.map((c) => ({ value: c.id, text: c.label, hint: c.clause })),
    candidates,
  };
}

const OCCURRED_LABEL: Readonly<Record<ActionDefinition['kind'], string>> = {
  record: 'When did this happen?',
  meeting: 'When was the meeting held?',
  letter: 'When was the letter sent?',
  request: 'When was the request received?',
  panel: 'When was the panel convened?',
  decision: 'When was the decision made?',
  choice: 'When was this decided?',
};

/** The values a fresh form starts with: now as the time it happened; every copy the letter owes ticked. */
export function initialValues(model: ReturnType<typeof actionFormModel>, now: Date): Record<string, string | string[]> {
  return { ...dateParts('occurredAt', now), copiedTo: model.letter?.copies.map((c) => c.to) ?? [], members: [], options: [] };
}

const note = formText('Note', { max: 5000 });
const longText = (label: string) => formText(label, { max: 20000 });

/**
 * The command's details from the form, or the problems found, each on its field. `now` bounds
 * when it happened; the case view gives the letter's due date, for the delay's reason.
 */
export function readActionForm(
  model: ReturnType<typeof actionFormModel>,
  form: Form,
  now: Date,
): { ok: true; occurredAt: Date; details: ActionDetailsInput } | { ok: false; errors: FormErrors } {
  const errors = new FormErrors();
  const occurredAt = readDateTime(form, 'occurredAt', 'The date it happened', errors);
  if (occurredAt !== undefined && occurredAt.getTime() > now.getTime())
    errors.add('occurredAt', 'The date it happened must be today or in the past', '#occurredAt-day');
  const text = (name: string, schema: ReturnType<typeof formText>): string => {
    const parsed = schema.safeParse(form[name]);
    if (!parsed.success) {
      errors.add(name, parsed.error.issues[0]?.message ?? 'Check this field');
      return '';
    }
    return parsed.data;
  };
  let details: ActionDetailsInput;
  switch (model.kind) {
    case 'record': {
      const value = text('note', note);
      details = value === '' ? { kind: 'record' } : { kind: 'record', note: value };
      break;
    }
    case 'request': {
      const value = text('reasons', formText('Reasons', { max: 5000 }));
      details = value === '' ? { kind: 'request' } : { kind: 'request', reasons: value };
      break;
    }
    case 'choice': {
      const option = field(form, 'option');
      if (!(model.choice ?? []).some((c) => c.value === option)) errors.add('option', 'Select what was decided', '#option');
      const reason = text('reason', formText('Reason', { required: 'Enter the reason for this choice', max: 5000 }));
      details = { kind: 'choice', option, reason };
      break;
    }
    case 'meeting': {
      const meeting = model.meeting;
      let minuteTaker: { personId: string; role: string } | undefined;
      if (meeting !== undefined && meeting.minutedBy.length > 0) {
        const personId = field(form, 'minuteTaker');
        if (!model.candidates.some((c) => c.id === personId)) errors.add('minuteTaker', 'Select who took the minutes');
        const role = meeting.minutedBy.length === 1 ? (meeting.minutedBy[0]?.value ?? '') : field(form, 'minuteTakerRole');
        if (!meeting.minutedBy.some((r) => r.value === role)) errors.add('minuteTakerRole', 'Select the role the minute taker had');
        minuteTaker = { personId, role };
      }
      let chairId: string | undefined;
      if (meeting?.chairMustDiffer !== undefined) {
        chairId = field(form, 'chairId');
        if (!model.candidates.some((c) => c.id === chairId)) errors.add('chairId', 'Select who chaired the meeting');
      }
      details = {
        kind: 'meeting',
        ...(minuteTaker === undefined ? {} : { minuteTaker }),
        ...(chairId === undefined ? {} : { chairId }),
        ...(meeting?.briefingRequired === undefined ? {} : { briefed: field(form, 'briefed') === 'yes' }),
        ...(meeting?.supporterAllowed === true ? { supporterPresent: field(form, 'supporterPresent') === 'yes' } : {}),
      };
      break;
    }
    case 'letter': {
      const letter = model.letter;
      const method = field(form, 'method');
      if (!(DELIVERY_METHODS as readonly string[]).includes(method)) errors.add('method', 'Select how the letter was sent', '#method');
      const content: Partial<Record<LetterContent, string>> = {};
      const late =
        occurredAt !== undefined && letter?.dueDate !== undefined && occurredAt.getTime() >= endOfLondonDay(letter.dueDate).getTime();
      for (const item of letter?.content ?? []) {
        const name = `content-${item.item}`;
        if (item.item === 'delay-explanation' && !late) continue;
        const value = text(
          name,
          formText(item.label, {
            required:
              item.item === 'delay-explanation'
                ? `Explain why the letter is sent after its time limit (${item.clause})`
                : `Enter ${lowerFirst(item.label)} (${item.clause})`,
            max: 20000,
          }),
        );
        if (value !== '') content[item.item] = value;
      }
      const copiedTo = fields(form, 'copiedTo').filter((c) => letter?.copies.some((x) => x.to === c) === true);
      details = { kind: 'letter', method: method as DeliveryMethod, content, copiedTo };
      break;
    }
    case 'panel': {
      const ids = fields(form, 'members');
      const chair = field(form, 'chair');
      if (ids.length === 0) errors.add('members', 'Select the members of the panel', '#members');
      else if (ids.some((id) => !model.candidates.some((c) => c.id === id)))
        errors.add('members', 'Select members from the list', '#members');
      if (chair === '') errors.add('chair', 'Select who chairs the panel');
      else if (!model.candidates.some((c) => c.id === chair)) errors.add('chair', 'Select the chair from the list');
      const members: PanelMemberRequest[] = [...new Set([chair, ...ids])]
        .filter((id) => id !== '')
        .map((personId) => ({ personId, role: personId === chair ? 'chair' : 'member' }));
      details = { kind: 'panel', members };
      break;
    }
    case 'decision': {
      const decision = model.decision;
      const options = fields(form, 'options');
      if (options.length === 0) errors.add('options', 'Select the outcome', '#options');
      const findings: { proceduresFollowed?: boolean; decisionReasonable?: boolean } = {};
      for (const finding of decision?.findings ?? []) {
        const name = finding === 'procedures-followed' ? 'proceduresFollowed' : 'decisionReasonable';
        const value = field(form, name);
        if (value !== 'yes' && value !== 'no')
          errors.add(
            name,
            finding === 'procedures-followed'
              ? 'Select whether the procedures were followed'
              : 'Select whether the decision was reasonable',
          );
        else findings[name] = value === 'yes';
      }
      const reasons = text(
        'reasons',
        longText('Reasons').refine((v) => v !== '', 'Enter the reasons for the decision'),
      );
      let votes: { for: number; against: number } | undefined;
      if (decision?.votes !== undefined) {
        const count = (name: string, label: string) => {
          const raw = field(form, name).trim();
          if (!/^\d{1,2}$/.test(raw)) {
            errors.add(name, `${label} must be a whole number, like 3`);
            return 0;
          }
          return Number(raw);
        };
        votes = { for: count('votesFor', 'Votes for'), against: count('votesAgainst', 'Votes against') };
      }
      let furtherPanelDate: string | undefined;
      if (decision?.furtherPanelDate === true)
        furtherPanelDate = readDate(form, 'furtherPanelDate', 'The date of the further panel', errors, { optional: true });
      details = {
        kind: 'decision',
        options,
        findings,
        reasons,
        ...(votes === undefined ? {} : { votes }),
        ...(furtherPanelDate === undefined ? {} : { furtherPanelDate: furtherPanelDate as never }),
      };
      break;
    }
  }
  if (errors.any || occurredAt === undefined) return { ok: false, errors };
  return { ok: true, occurredAt, details };
}

/** The field a refusal of this kind of action is about, for the error summary's link. */
export function refusalField(kind: ActionDefinition['kind']): { field: string; href: string } {
  switch (kind) {
    case 'panel':
      return { field: 'members', href: '#members' };
    case 'decision':
      return { field: 'options', href: '#options' };
    case 'choice':
      return { field: 'option', href: '#option' };
    case 'letter':
      return { field: 'method', href: '#method' };
    case 'record':
    case 'meeting':
    case 'request':
      return { field: 'occurredAt', href: '#occurredAt-day' };
  }
}
