/**
 * Letters: what a letter must say and to whom it must be copied before it can be recorded as sent,
 * and which letters are due now, with their copy lists and deadlines.
 */
import type { ActionDefinition, LetterContent, LetterDefinition } from '../procedures/schema.js';
import { isAvailable } from './availability.js';
import { lookUp, milestoneOf, type EngineContext } from './context.js';
import { anchorInstant, roleTitle, type DeadlineView } from './deadlines.js';
import type { ActionDetails, RaisedCase } from './model.js';

export interface LetterDue {
  readonly letter: LetterDefinition;
  readonly action: ActionDefinition;
  readonly from: string;
  readonly to: readonly string[];
  readonly copies: readonly { readonly to: string; readonly title: string; readonly clause: string }[];
  /** What the letter must say in this case (some content only follows a particular outcome). */
  readonly requiredContent: LetterDefinition['requiredContent'];
  readonly deadline?: DeadlineView;
}

export const CONTENT_NAMES: Record<LetterContent, string> = {
  'meeting-notes': 'the notes of the meeting',
  'points-of-complaint': 'the points of complaint',
  'agreed-actions': 'the actions agreed',
  'outcome-of-meeting': 'the outcome of the meeting',
  'panel-membership': 'the membership of the panel',
  decision: 'the decision reached',
  reasons: 'how the decision was reached',
  'right-to-escalate': 'the right to take the challenge further and the date by which',
  'how-to-take-further': 'how to take the concerns further',
  'ombudsman-and-judicial-review': 'the Ombudsman and judicial review',
  'original-decision-not-expunged': 'that the original decision cannot be expunged',
  'delay-explanation': 'an explanation of the delay',
  'further-panel-date': 'the date of the further panel',
};

/** Copies the letter owes in this case (some only when the case has a flag). */
function copiesOwed(letter: LetterDefinition, state: RaisedCase): LetterDefinition['copies'] {
  return letter.copies.filter((c) => c.when === undefined || state.flags.includes(c.when));
}

/** Content the letter owes in this case: items tied to an outcome only when the latest decision chose it. */
function contentOwed(letter: LetterDefinition, state: RaisedCase): LetterDefinition['requiredContent'] {
  const latest = state.decisions[state.decisions.length - 1];
  return letter.requiredContent.filter(
    (c) => c.whenOutcome === undefined || (latest?.options.some((o) => c.whenOutcome?.includes(o)) ?? false),
  );
}

export function letterProblems(
  ctx: EngineContext,
  state: RaisedCase,
  action: ActionDefinition,
  letter: LetterDefinition,
  details: Extract<ActionDetails, { kind: 'letter' }>,
  occurredAt: Date,
): { message: string; clause: string }[] {
  const problems: { message: string; clause: string }[] = [];
  const late = ctx.procedure.deadlines.some((rule) => {
    if (rule.metBy !== milestoneOf(action)) return false;
    const anchor = state.milestones[rule.from];
    return anchor !== undefined && occurredAt.getTime() >= ctx.dueOf(rule, anchorInstant(anchor)).dueInstant.getTime();
  });
  for (const required of contentOwed(letter, state)) {
    if (required.item === 'right-to-escalate') continue; // stated by the engine from the deadline
    if (required.item === 'delay-explanation' && !late) continue;
    const value = details.content[required.item];
    if (value === undefined || value.trim() === '') {
      problems.push({ message: `The letter must include ${CONTENT_NAMES[required.item]}`, clause: required.clause });
    }
  }
  for (const copy of copiesOwed(letter, state)) {
    if (!details.copiedTo.includes(copy.to)) {
      problems.push({
        message: `The letter must be copied to ${roleTitle(ctx.procedure, copy.to, state.localArea)}`,
        clause: copy.clause,
      });
    }
  }
  return problems;
}

/** The letters available to send now, each with its writer, recipients, copies and deadline. */
export function lettersDue(ctx: EngineContext, state: RaisedCase, views: readonly DeadlineView[]): LetterDue[] {
  const due: LetterDue[] = [];
  for (const action of ctx.actionsByStage.get(state.stage) ?? []) {
    if (action.kind !== 'letter' || !isAvailable(state, action)) continue;
    const letter = lookUp(ctx.lettersById, action.letter);
    if (letter === undefined) continue;
    const deadline = views.find((v) => v.rule.metBy === milestoneOf(action));
    due.push({
      letter,
      action,
      from: roleTitle(ctx.procedure, letter.from, state.localArea),
      to: letter.to.map((r) => roleTitle(ctx.procedure, r, state.localArea)),
      copies: copiesOwed(letter, state).map((c) => ({
        to: c.to,
        title: roleTitle(ctx.procedure, c.to, state.localArea),
        clause: c.clause,
      })),
      requiredContent: contentOwed(letter, state),
      ...(deadline === undefined ? {} : { deadline }),
    });
  }
  return due;
}
