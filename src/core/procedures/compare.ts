/**
 * The procedures side by side, and each one's time limits, as rows of plain words with their
 * clauses: what the CLI's `compare` prints as Markdown and the Procedures pages show as tables.
 */
import { formatLimit } from '../calendar/deadline.js';
import { roleTitle } from '../engine/deadlines.js';
import type { Procedure } from './schema.js';

/** One row of the comparison: what is compared, and each procedure's answer, in the order given. */
export interface ComparisonRow {
  readonly label: string;
  readonly cells: readonly string[];
}

/** One time limit: the step it is for, who owes it, how long from what, whom it binds and its clause. */
export interface TimeLimitRow {
  readonly stage: string;
  readonly step: string;
  readonly who: string;
  /** "20 working days after the conference" */
  readonly limit: string;
  readonly aim: boolean;
  readonly binds: 'family' | 'professional' | 'authority';
  readonly clause: string;
  /** The clause allowing what arrives late to be accepted, with the reason recorded. */
  readonly lateAcceptanceClause?: string;
}

const EXCLUSION_WORDS: Readonly<Record<string, string>> = {
  'line-management-present-or-previous': 'line management of the case',
  'involved-at-earlier-stage': 'involved at an earlier stage',
  'chaired-the-conference': 'chaired the conference',
};

function raiseLimit(p: Procedure): string {
  return p.tracks
    .map((track) => {
      const rule = p.deadlines.find((d) => d.metBy === track.raisedMilestone);
      const label = track.id === 'family' ? 'family' : 'dissent';
      return rule ? `${label}: ${formatLimit(rule.limit)} after ${rule.fromDescription} (${rule.clause})` : `${label}: no limit set`;
    })
    .join('; ');
}

function lateRule(p: Procedure): string {
  const late = p.deadlines.filter((d) => d.lateAcceptance !== undefined);
  return late.length === 0
    ? 'no discretion stated'
    : late.map((d) => `${d.label}: discretion (${d.lateAcceptance?.clause ?? ''})`).join('; ');
}

function panelSummary(p: Procedure): string {
  if (p.panels.length === 0) return 'no panel';
  return p.panels
    .map(
      (panel) =>
        `${panel.name}: at least ${String(panel.minMembers.count)}${panel.minMembers.includesChair ? '' : ' plus the chair'}; decides by ${panel.decisionBy.rule} (${panel.minMembers.clause})`,
    )
    .join('; ');
}

function exclusions(p: Procedure): string {
  const kinds = new Map<string, string>();
  for (const panel of p.panels) for (const e of panel.exclusions) kinds.set(e.kind, e.clause);
  if (kinds.size === 0) return 'none stated';
  return [...kinds].map(([kind, clause]) => `${EXCLUSION_WORDS[kind] ?? kind} (${clause})`).join('; ');
}

/** How a panel exclusion reads. */
export function exclusionWords(kind: string): string {
  return EXCLUSION_WORDS[kind] ?? kind;
}

/** The procedures compared, row by row, each cell citing its clauses. */
export function comparisonRows(procedures: readonly Procedure[]): ComparisonRow[] {
  const row = (label: string, value: (p: Procedure) => string): ComparisonRow => ({ label, cells: procedures.map(value) });
  return [
    row('Who may challenge', (p) => [...new Set(p.tracks.flatMap((t) => t.raisedBy))].join(', ')),
    row('About', (p) => [...new Set(p.tracks.flatMap((t) => t.aspects.map((a) => a.aspect)))].join(', ')),
    row('Time to raise', raiseLimit),
    row('Late challenges', lateRule),
    row('Stages', (p) => p.stages.map((s) => s.name).join('; ')),
    row('Panels', panelSummary),
    row('Panel exclusions', exclusions),
    row(
      'Legal proceedings',
      (p) =>
        p.limitations
          .map((l) => `${l.effect === 'cannot-address' ? 'cannot be addressed' : 'authority decides'} (${l.clause})`)
          .join('; ') || 'not mentioned',
    ),
    row('Decision stands meanwhile', (p) => `yes (${p.decisionStands.clause})`),
    row('Signposting', (p) => p.signposting.map((s) => `${s.to} (${s.clause})`).join('; ')),
  ];
}

/** Every time limit of a procedure, in the definition's order, in the procedure's words. */
export function timeLimitRows(p: Procedure): TimeLimitRow[] {
  return p.deadlines.map((d) => ({
    stage: d.stage,
    step: d.label,
    who: roleTitle(p, d.owner),
    limit: `${formatLimit(d.limit)} after ${d.fromDescription}`,
    aim: d.strength === 'aim',
    binds: d.binds,
    clause: d.clause,
    ...(d.lateAcceptance === undefined ? {} : { lateAcceptanceClause: d.lateAcceptance.clause }),
  }));
}
