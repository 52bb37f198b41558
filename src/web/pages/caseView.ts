/**
 * What the case page shows, worked out from the case view the service answers (services.cases.read)
 * and the procedure the case runs under: the summary, the timeline in words, deadlines and
 * bookings, and the actions the reader may take now. Nothing here decides anything: the engine
 * has already said what is allowed and why not.
 */
import { formatLondonLong } from '../../core/calendar/index.js';
import type { ActionDefinition, CaseFlag, Procedure } from '../../core/procedures/schema.js';
import { may } from '../../service/permissions.js';
import type { Principal } from '../../service/principal.js';
import type { Services } from '../../service/services.js';
import type { StaffPageContext } from './page.js';

export type CaseView = Awaited<ReturnType<Services['cases']['read']>>;
export type TimelineItem = CaseView['timeline'][number];

/** How staff name the things a fact may record, where the procedure does not give a label. */
const FACT_WORDS: Readonly<Record<string, string>> = {
  ChallengeRaised: 'Challenge received',
  ConferenceMinutesSent: 'Conference minutes sent',
  ReceiptRecorded: 'Receipt recorded',
  LateArrivalDecided: 'Decision on something that arrived after its time limit',
  LimitationDecided: 'Decision on a limitation of the procedure',
  ActionBooked: 'Booked',
  CaseFactsChanged: 'Case facts changed',
  ChallengeClosed: 'Challenge withdrawn',
};

export const DEADLINE_STATUS: Readonly<Record<string, { text: string; colour: string }>> = {
  open: { text: 'Open', colour: 'govuk-tag--blue' },
  met: { text: 'Met', colour: 'govuk-tag--green' },
  'met-late': { text: 'Met late', colour: 'govuk-tag--orange' },
  missed: { text: 'Missed', colour: 'govuk-tag--red' },
  lapsed: { text: 'Lapsed', colour: 'govuk-tag--grey' },
  'not-needed': { text: 'Not needed', colour: 'govuk-tag--grey' },
};

export const COMPLAINANT_WORDS: Readonly<Record<string, string>> = {
  parent: 'Parent',
  carer: 'Carer',
  child: 'Child',
  advocate: 'Advocate',
  professional: 'Professional',
};

export const DELIVERY_WORDS: Readonly<Record<string, string>> = {
  email: 'Email',
  'secure-portal': 'Secure portal',
  hand: 'By hand',
  'first-class-post': 'First class post',
  'second-class-post': 'Second class post',
  'signed-for': 'Signed-for post',
  'in-person': 'In person',
  phone: 'Phone',
};

/** A fact's name on the timeline: the procedure's own label for its actions. */
export function factLabel(procedure: Procedure, entry: TimelineItem): string {
  const fact = entry as unknown as { readonly type: string; readonly action?: string; readonly bookedFor?: string | Date };
  if (fact.type === 'ActionPerformed' && fact.action !== undefined) {
    return procedure.actions.find((a) => a.id === fact.action)?.label ?? fact.action;
  }
  if (fact.type === 'ActionBooked' && fact.action !== undefined) {
    const label = procedure.actions.find((a) => a.id === fact.action)?.label ?? fact.action;
    const when = fact.bookedFor === undefined ? '' : ` for ${formatLondonLong(new Date(fact.bookedFor))}`;
    return `Booked: ${label}${when}`;
  }
  if (fact.type === 'IndependenceDeclared') {
    const { independent } = entry as unknown as { readonly independent?: boolean };
    return independent === true
      ? 'A panel member declared their independence from the case'
      : 'A panel member declined to declare independence';
  }
  return FACT_WORDS[fact.type] ?? fact.type;
}

/** A fact's details in a line of words, for the timeline: what was chosen, decided, sent. */
export function factDetails(procedure: Procedure, entry: TimelineItem, names: ReadonlyMap<string, string> = new Map()): string[] {
  const fact = entry as unknown as Record<string, unknown> & { details?: Record<string, unknown> };
  const lines: string[] = [];
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  if (fact['type'] === 'IndependenceDeclared') {
    const who = names.get(text(fact['personId'])) ?? text(fact['personId']);
    lines.push(fact['independent'] === true ? `${who} declares independence` : `${who} declines to declare independence`);
  }
  if (typeof fact['reason'] === 'string') lines.push(`Reason: ${fact['reason']}`);
  if (typeof fact['summary'] === 'string') lines.push(fact['summary']);
  const details = fact.details;
  if (details === undefined) return lines;
  const action = procedure.actions.find((a) => a.id === fact['action']);
  switch (details['kind']) {
    case 'record':
      if (text(details['note']) !== '') lines.push(text(details['note']));
      break;
    case 'request':
      if (text(details['reasons']) !== '') lines.push(`Reasons: ${text(details['reasons'])}`);
      break;
    case 'choice': {
      const option = action?.choice?.find((c) => c.id === details['option']);
      lines.push(`Chosen: ${option?.label ?? text(details['option'])}`);
      if (text(details['reason']) !== '') lines.push(`Reason: ${text(details['reason'])}`);
      break;
    }
    case 'decision': {
      const rule = procedure.outcomes.find((o) => o.id === action?.outcome);
      const options = Array.isArray(details['options']) ? (details['options'] as string[]) : [];
      lines.push(`Decided: ${options.map((o) => rule?.options.find((x) => x.id === o)?.label ?? o).join('; ')}`);
      if (text(details['reasons']) !== '') lines.push(`Reasons: ${text(details['reasons'])}`);
      break;
    }
    case 'letter':
      lines.push(`Sent by ${(DELIVERY_WORDS[text(details['method'])] ?? text(details['method'])).toLowerCase()}`);
      break;
    case 'panel': {
      const members = Array.isArray(details['members']) ? (details['members'] as { name: string; role: string }[]) : [];
      lines.push(`Members: ${members.map((m) => (m.role === 'chair' ? `${m.name} (chair)` : m.name)).join(', ')}`);
      break;
    }
    default:
      break;
  }
  return lines;
}

/** The title a procedure gives one of its roles. */
export function roleTitleOf(procedure: Procedure, roleId: string): string {
  return procedure.roles.find((r) => r.id === roleId)?.title ?? roleId;
}

/** The procedure's action, by id, at the stage the case is in. */
export function actionOf(procedure: Procedure, actionId: string): ActionDefinition | undefined {
  return procedure.actions.find((a) => a.id === actionId);
}

/** The soonest deadline still open, if any. */
export function nextDeadline(view: CaseView): CaseView['deadlines'][number] | undefined {
  return [...view.deadlines].filter((d) => d.status === 'open').sort((a, b) => a.dueInstant.localeCompare(b.dueInstant))[0];
}

/**
 * What changed since a form was drawn: every fact recorded after that version, and every fact
 * corrected or voided since, in words. Shown when a stale form is sent.
 */
export function changesSince(procedure: Procedure, view: CaseView, version: number): string[] {
  const changes: string[] = [];
  for (const entry of view.timeline) {
    if (entry.seq > version) changes.push(`${factLabel(procedure, entry)}: ${entry.when}`);
    for (const correction of entry.corrections)
      if (correction.seq > version) changes.push(`${factLabel(procedure, entry)} was corrected: ${correction.reason}`);
    if (entry.voided !== undefined && entry.voided.seq > version)
      changes.push(`${factLabel(procedure, entry)} was voided: ${entry.voided.reason}`);
  }
  if (changes.length === 0) changes.push('The case was changed by someone else');
  return changes;
}

/** How staff read each flag: a checkbox label, and the words on the case summary. */
export const CASE_FLAG_WORDS: Readonly<Record<CaseFlag, string>> = {
  'about-the-chair': 'The challenge is about the conference chair',
  'legal-proceedings': 'There are legal proceedings about the child',
  'issues-outside-procedure': 'It raises issues outside this procedure',
  'separate-complaints': 'There are separate complaints',
  'wishes-to-escalate': 'The complainant wishes to take it further',
  'child-complainant': 'The complainant is the child',
};

/** May this person change the facts of this case? Only while it is open, with `act-on-case` (ADR 0017: no procedure names who). */
export const mayChangeFacts = (principal: Principal, caseView: CaseView): boolean =>
  caseView.status === 'open' && may(principal, 'act-on-case');

/** A case is named by its human reference (ADR 0022); one raised before references were given, by the start of its id. */
const caseNamed = (id: string, reference: string | null) => `Case ${reference ?? id.slice(0, 8)}`;

export const caseTitle = (v: CaseView) => caseNamed(v.id, v.reference);

/** The caption of a page about the case (its letters, panel, outcomes, documents), after that page's own read of it. */
export async function caseCaption(
  { services, principal }: Pick<StaffPageContext, 'services' | 'principal'>,
  caseId: string,
): Promise<string> {
  return caseNamed(caseId, await services.cases.referenceFor(principal, caseId));
}
