/**
 * Whether a recorded decision is one the procedure allows: chosen outcomes, the findings it must
 * state and what they oblige, a further panel's date, the reasons, and a majority where the panel
 * decides by one.
 */
import { londonDateOf, toDayNumber } from '../calendar/index.js';
import type { OutcomeRule } from '../procedures/schema.js';
import { lookUp, type EngineContext } from './context.js';
import type { ActionDetails, RaisedCase } from './model.js';

type Option = OutcomeRule['options'][number];

/** A main outcome: one that moves the case, or that the procedure marks as excluding the others. */
const isPrimary = (o: Option | undefined): boolean => o !== undefined && (o.then !== undefined || o.exclusive === true);

export function decisionProblems(
  ctx: EngineContext,
  rule: OutcomeRule,
  details: Extract<ActionDetails, { kind: 'decision' }>,
  state: RaisedCase,
  occurredAt: Date,
): { message: string; clause: string }[] {
  const problems: { message: string; clause: string }[] = [];
  const chosen = details.options.map((o) => rule.options.find((x) => x.id === o));
  if (details.options.length === 0) problems.push({ message: 'Choose an outcome', clause: rule.clause });
  chosen.forEach((option, index) => {
    if (option === undefined)
      problems.push({
        message: `Outcome ${String(index + 1)} is not one this procedure allows; choose from: ${rule.options.map((o) => o.label).join('; ')}`,
        clause: rule.clause,
      });
  });
  if (!rule.multiple && details.options.length > 1) problems.push({ message: 'Choose only one outcome', clause: rule.clause });
  if (new Set(details.options).size !== details.options.length)
    problems.push({ message: 'An outcome is chosen twice', clause: rule.clause });
  if (chosen.filter(isPrimary).length > 1) {
    problems.push({
      message: `Choose only one of: ${rule.options
        .filter(isPrimary)
        .map((o) => o.label)
        .join('; ')}`,
      clause: rule.clause,
    });
  }
  const { proceduresFollowed, decisionReasonable } = details.findings;
  if (rule.findings.includes('procedures-followed') && proceduresFollowed === undefined) {
    problems.push({ message: 'State whether the procedures were followed', clause: rule.clause });
  }
  if (rule.findings.includes('decision-reasonable') && decisionReasonable === undefined) {
    problems.push({ message: 'State whether the decision was reasonable', clause: rule.clause });
  }
  for (const obligation of rule.obligations) {
    const applies =
      (obligation.when === 'procedures-not-followed' && proceduresFollowed === false) ||
      (obligation.when === 'decision-unreasonable' && decisionReasonable === false) ||
      (obligation.when === 'followed-and-reasonable' && proceduresFollowed === true && decisionReasonable === true);
    if (applies && !details.options.includes(obligation.mustChoose)) {
      const label = rule.options.find((o) => o.id === obligation.mustChoose)?.label ?? obligation.mustChoose;
      problems.push({ message: `Given these findings the outcome must include: ${label}`, clause: obligation.clause });
    }
  }
  for (const option of chosen) {
    if (option?.needsFurtherPanelDate !== true) continue;
    if (details.furtherPanelDate === undefined) {
      problems.push({ message: 'Set the date of the further panel and the timescale for completing the task', clause: option.clause });
    } else if (toDayNumber(details.furtherPanelDate) <= toDayNumber(londonDateOf(occurredAt))) {
      problems.push({ message: 'The further panel must be on a later date', clause: option.clause });
    }
  }
  if (details.reasons.trim() === '') problems.push({ message: 'Give the reasons for the decision', clause: rule.clause });
  (details.learningPoints ?? []).forEach((point, index) => {
    if (point.trim() === '') problems.push({ message: `Learning point ${String(index + 1)} is empty`, clause: rule.clause });
  });
  (details.recommendations ?? []).forEach((recommendation, index) => {
    if (recommendation.text.trim() === '')
      problems.push({
        message: `Recommendation ${String(index + 1)} says nothing: write what the agency is asked to do`,
        clause: rule.clause,
      });
  });
  const panel = lookUp(ctx.panelsById, rule.panel);
  if (panel?.decisionBy.rule === 'majority') {
    const votes = details.votes;
    const sitting = state.panels[state.panels.length - 1]?.members.filter((m) => m.role !== 'co-opted-adviser').length ?? 0;
    if (votes === undefined) {
      problems.push({ message: 'Record the votes: the panel decides by majority', clause: panel.decisionBy.clause });
    } else if (votes.for <= votes.against) {
      problems.push({ message: 'A majority of the panel must support the decision', clause: panel.decisionBy.clause });
    } else if (sitting > 0 && votes.for + votes.against > sitting) {
      problems.push({ message: `More votes than the ${sitting} members sitting`, clause: panel.decisionBy.clause });
    }
  }
  return problems;
}
