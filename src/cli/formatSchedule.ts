import type { Schedule } from '../core/engine/schedule.js';
import type { Procedure } from '../core/procedures/schema.js';

const TRACK_NAMES: Record<string, string> = {
  family: 'Challenges by parents, carers and children',
  'professional-dissent': 'Professional dissent',
};

/** The schedule as text a person reads in a terminal: one block per track, in date order. */
export function formatSchedule(procedure: Procedure, schedule: Schedule): string {
  const lines: string[] = [
    procedure.name,
    `Every step taken on the last day allowed, from a conference at ${formatInstant(schedule.conferenceAt)}.`,
  ];
  for (const track of procedure.tracks) {
    const entries = schedule.entries.filter((e) => e.track === track.id);
    if (entries.length === 0) continue;
    lines.push('', TRACK_NAMES[track.id] ?? track.label);
    for (const entry of entries) {
      lines.push(
        `  ${entry.due.padEnd(16)} ${entry.step}`,
        `  ${''.padEnd(16)} who: ${entry.who}; rule: ${entry.rule} (${entry.clause})${entry.projected ? '; holidays projected' : ''}`,
      );
      if (entry.onlyIf !== undefined) lines.push(`  ${''.padEnd(16)} only if ${entry.onlyIf}`);
    }
  }
  if (schedule.assumptions.length > 0) {
    lines.push('', 'Assumed (the procedure does not say when these happen):');
    for (const a of schedule.assumptions) {
      lines.push(`  ${a.date.padEnd(16)} ${a.description}. ${a.why} Set it with --at ${a.milestone}=DATE`);
    }
  }
  if (schedule.given.length > 0) {
    lines.push('', 'Given:');
    for (const g of schedule.given) lines.push(`  ${g.date.padEnd(16)} ${g.milestone}`);
  }
  lines.push('', 'Letters are assumed to go by first-class post (deemed received the second working day after posting).', '');
  return lines.join('\n');
}

function formatInstant(instant: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(instant);
}
