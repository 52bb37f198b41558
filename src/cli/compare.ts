import { formatLimit } from '../core/calendar/index.js';
import type { Procedure } from '../core/procedures/schema.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function row(label: string, procedures: readonly Procedure[], value: (p: Procedure) => string): string {
  return `| ${label} | ${procedures.map((p) => cell(value(p))).join(' | ')} |`;
}

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
        `${panel.name}: at least ${panel.minMembers.count}${panel.minMembers.includesChair ? '' : ' plus the chair'}; decides by ${panel.decisionBy.rule} (${panel.minMembers.clause})`,
    )
    .join('; ');
}

function exclusions(p: Procedure): string {
  const kinds = new Map<string, string>();
  for (const panel of p.panels) for (const e of panel.exclusions) kinds.set(e.kind, e.clause);
  if (kinds.size === 0) return 'none stated';
  const names: Record<string, string> = {
    'line-management-present-or-previous': 'line management of the case',
    'involved-at-earlier-stage': 'involved at an earlier stage',
    'chaired-the-conference': 'chaired the conference',
  };
  return [...kinds].map(([kind, clause]) => `${names[kind] ?? kind} (${clause})`).join('; ');
}

/** The procedures side by side, then each one's time limits in full, as Markdown. */
export function compareProcedures(procedures: readonly Procedure[]): string {
  const out: string[] = ['# The procedures compared', ''];
  out.push(`| | ${procedures.map((p) => p.id).join(' | ')} |`, `|---|${procedures.map(() => '---').join('|')}|`);
  out.push(row('Who may challenge', procedures, (p) => [...new Set(p.tracks.flatMap((t) => t.raisedBy))].join(', ')));
  out.push(row('About', procedures, (p) => [...new Set(p.tracks.flatMap((t) => t.aspects.map((a) => a.aspect)))].join(', ')));
  out.push(row('Time to raise', procedures, raiseLimit));
  out.push(row('Late challenges', procedures, lateRule));
  out.push(row('Stages', procedures, (p) => p.stages.map((s) => s.name).join('; ')));
  out.push(row('Panels', procedures, panelSummary));
  out.push(row('Panel exclusions', procedures, exclusions));
  out.push(
    row(
      'Legal proceedings',
      procedures,
      (p) =>
        p.limitations
          .map((l) => `${l.effect === 'cannot-address' ? 'cannot be addressed' : 'authority decides'} (${l.clause})`)
          .join('; ') || 'not mentioned',
    ),
  );
  out.push(row('Decision stands meanwhile', procedures, (p) => `yes (${p.decisionStands.clause})`));
  out.push(row('Signposting', procedures, (p) => p.signposting.map((s) => `${s.to} (${s.clause})`).join('; ')));
  out.push('');
  for (const p of procedures) {
    out.push(`## ${p.name}`, '', '| Step | Who | Time limit | Binds | Clause |', '|---|---|---|---|---|');
    for (const d of p.deadlines) {
      const role = p.roles.find((r) => r.id === d.owner)?.title ?? d.owner;
      out.push(
        `| ${cell(d.label)} | ${cell(role)} | ${cell(`${formatLimit(d.limit)} after ${d.fromDescription}`)}${d.strength === 'aim' ? ' (aim)' : ''} | ${d.binds} | ${d.clause} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}
