import { comparisonRows, timeLimitRows } from '../core/procedures/compare.js';
import type { Procedure } from '../core/procedures/schema.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The procedures side by side, then each one's time limits in full, as Markdown (the rows: core/procedures/compare.ts). */
export function compareProcedures(procedures: readonly Procedure[]): string {
  const out: string[] = ['# The procedures compared', ''];
  out.push(`| | ${procedures.map((p) => p.id).join(' | ')} |`, `|---|${procedures.map(() => '---').join('|')}|`);
  for (const row of comparisonRows(procedures)) out.push(`| ${row.label} | ${row.cells.map(cell).join(' | ')} |`);
  out.push('');
  for (const p of procedures) {
    out.push(`## ${p.name}`, '', '| Step | Who | Time limit | Binds | Clause |', '|---|---|---|---|---|');
    for (const d of timeLimitRows(p)) {
      out.push(`| ${cell(d.step)} | ${cell(d.who)} | ${cell(d.limit)}${d.aim ? ' (aim)' : ''} | ${d.binds} | ${d.clause} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
