/**
 * The words staff know for what the definitions name by id: milestones, tracks and conference
 * types. Refusals and explanations use these, never the ids (issue 10: "refusals speak in the
 * procedure's words").
 */
import type { ConferenceType, Procedure } from '../procedures/schema.js';

const BUILT_IN: Readonly<Record<string, string>> = {
  'conference.held': 'the conference',
  'conference.minutes-sent': 'the minutes were sent',
  'conference.minutes-received': 'the minutes were received',
};

export const TRACK_WORDS: Readonly<Record<'family' | 'professional-dissent', string>> = {
  family: "children's and families' challenges",
  'professional-dissent': "professionals' dissent",
};

export const CONFERENCE_TYPE_WORDS: Readonly<Record<ConferenceType, string>> = {
  initial: 'initial child protection',
  review: 'review child protection',
  'risk-outside-the-home-review': 'risk outside the home review',
  reconvened: 'reconvened',
};

/**
 * How a reader would name a milestone: the step that records it, the outcome or choice it stands
 * for, a letter's receipt, or the event a deadline runs from, in the procedure's own words.
 */
export function milestoneLabel(procedure: Procedure, milestone: string): string {
  const builtIn = BUILT_IN[milestone];
  if (builtIn !== undefined) return builtIn;
  const action = procedure.actions.find((a) => (a.records ?? a.id) === milestone);
  if (action !== undefined) return action.label;
  if (milestone.startsWith('outcome:')) {
    const optionId = milestone.slice('outcome:'.length);
    for (const rule of procedure.outcomes) {
      const option = rule.options.find((o) => o.id === optionId);
      if (option !== undefined) return `the outcome: ${option.label}`;
    }
  }
  for (const a of procedure.actions) {
    const recorded = a.records ?? a.id;
    const choice = (a.choice ?? []).find((c) => (c.records ?? `${recorded}:${c.id}`) === milestone);
    if (choice !== undefined) return `${a.label}: ${choice.label}`;
  }
  const from = procedure.deadlines.find((d) => d.from === milestone);
  if (from !== undefined) return from.fromDescription;
  if (milestone.endsWith('.received')) return `${milestoneLabel(procedure, milestone.slice(0, -'.received'.length))} (received)`;
  const assumed = procedure.scheduleAssumptions.find((s) => s.milestone === milestone);
  return assumed?.description ?? milestone;
}
