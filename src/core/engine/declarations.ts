/**
 * Declarations of independence (ADR 0026): each member of the panel as convened declares that
 * they have had no involvement in the case and no present or previous line management of it, or
 * declines with the reason. No procedure makes the declarations a condition of the hearing, so
 * an undeclared member is shown as outstanding, never a refusal; a member who declines is a
 * problem under the procedure's own independence clause, which says they may not sit.
 */
import type { PanelRule } from '../procedures/schema.js';
import { lookUp, type EngineContext } from './context.js';
import type { DeclarationRecord, PanelMember, RaisedCase } from './model.js';
import type { PanelProblem } from './panelComposition.js';

export interface MemberDeclaration {
  readonly member: PanelMember;
  readonly status: 'declared' | 'declined' | 'outstanding';
  readonly declaration?: DeclarationRecord;
}

export interface ConvenedPanel {
  /** 1 for the first panel convened on the case, and so on. */
  readonly number: number;
  readonly action: string;
  readonly rule: PanelRule;
  readonly at: Date;
  readonly members: readonly MemberDeclaration[];
  /** Members who declined, each under the clause that keeps them off the panel. */
  readonly problems: readonly PanelProblem[];
}

/** The clause a member who declines falls under: the rule's line-management or earlier-involvement exclusion, else the panel's own. */
function independenceClause(rule: PanelRule): string {
  const exclusion = rule.exclusions.find((e) => e.kind === 'line-management-present-or-previous' || e.kind === 'involved-at-earlier-stage');
  return exclusion?.clause ?? rule.clause;
}

/** The panel last convened on the case, with where each member's declaration stands; undefined before any panel. */
export function convenedPanel(ctx: EngineContext, state: RaisedCase): ConvenedPanel | undefined {
  const number = state.panels.length;
  const panel = state.panels[number - 1];
  if (panel === undefined) return undefined;
  const rule = lookUp(ctx.panelsById, ctx.actionsById.get(panel.action)?.panel);
  if (rule === undefined) return undefined;
  const clause = independenceClause(rule);
  const members = panel.members.map((member): MemberDeclaration => {
    const declaration = state.declarations.find((d) => d.panel === number && d.personId === member.personId);
    if (declaration === undefined) return { member, status: 'outstanding' };
    return { member, status: declaration.independent ? 'declared' : 'declined', declaration };
  });
  const problems = members.flatMap((m): PanelProblem[] =>
    m.status === 'declined'
      ? [
          {
            message: `${m.member.name} has declined to declare independence from the case${m.declaration?.reason === undefined ? '' : ` (${m.declaration.reason})`}: they may not sit on the ${rule.name}`,
            clause,
            personId: m.member.personId,
          },
        ]
      : [],
  );
  return { number, action: panel.action, rule, at: panel.at, members, problems };
}
