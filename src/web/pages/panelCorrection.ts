/**
 * Correcting a recorded panel's members (ADR 0015: a fact is corrected with a reason, never
 * rewritten). The members proposed are re-checked against the procedure first, each failure shown
 * with its clause, exactly as when the panel was convened; the correction itself is replayed by the
 * engine, so a history that could not have happened is refused too. Who may: whoever recorded the
 * panel, or anyone with correct-any-record (the service decides). Nothing is saved in part.
 */
import { z } from 'zod';
import { ServiceError } from '../../service/errors.js';
import { may } from '../../service/permissions.js';
import type { Principal } from '../../service/principal.js';
import { idParams } from '../schemas.js';
import { formText, FormErrors, type Form } from './forms.js';
import { definePage, view, type PageDefinition, type PageResult, type StaffPageContext } from './page.js';
import { makeChange } from './panelChange.js';
import { AGENCY_LABELS, readProposedPanel, versionOf } from './panelForms.js';
import { checkMembers, memberChoices } from './panelMembers.js';

type Params = z.output<typeof idParams>;

const reasonRule = formText('Reason for the correction', { required: 'Enter why the panel’s members are being corrected', max: 5000 });

/** The fact that recorded the panel now convened: its sequence number on the case, and who recorded it. */
export async function panelFact(ctx: StaffPageContext, caseId: string, action: string) {
  const caseView = await ctx.services.cases.read(ctx.principal, caseId, ctx.now);
  const facts = caseView.timeline.filter(
    (e) => e.type === 'ActionPerformed' && 'action' in e && e.action === action && e.status !== 'voided',
  );
  return facts.at(-1);
}

const mayCorrect = (principal: Principal, recordedBy: string) => recordedBy === principal.id || may(principal, 'correct-any-record');

async function correctionPage(caseId: string, ctx: StaffPageContext, posted?: { form: Form }): Promise<PageResult> {
  const { services, principal, now } = ctx;
  const panel = await services.cases.panel(principal, caseId, now);
  const convened = panel.convened;
  const fact = convened === null ? undefined : await panelFact(ctx, caseId, convened.action);
  if (convened === null || fact === undefined || !mayCorrect(principal, fact.by.id) || !may(principal, 'read-people'))
    throw new ServiceError('not-found', 'There is no recorded panel on this case that you may correct');
  const candidates = await services.people.panelCandidates(principal.partnershipId);
  const chairNow = convened.members.find((m) => m.role === 'chair')?.personId ?? '';
  const values: Form = posted?.form ?? {
    chair: chairNow,
    members: convened.members.filter((m) => m.role !== 'chair').map((m) => m.personId),
  };
  const render = (extra: { errors?: FormErrors; checked?: { valid: boolean } }, status = 200) =>
    view(
      'panel-correct',
      {
        title: 'Correct the panel’s members',
        caseId,
        version: posted === undefined ? panel.version : (versionOf(values) ?? panel.version),
        ruleName: panel.rule?.name ?? 'Panel',
        convened: {
          at: convened.at,
          members: convened.members.map((m) => ({ name: m.name, role: m.role, agency: AGENCY_LABELS[m.agency] })),
        },
        ...(extra.errors ?? new FormErrors()).toView(),
        checked: extra.checked,
        values,
        ...memberChoices(candidates, values),
      },
      status,
    );
  if (posted === undefined) return render({});
  const errors = new FormErrors();
  const proposed = readProposedPanel(values);
  if (!proposed.ok) for (const e of proposed.errors.toView().errorList) errors.add(e.href.slice(1), e.text, e.href);
  const reason = reasonRule.safeParse(values['reason']);
  if (!reason.success) errors.add('reason', reason.error.issues[0]?.message ?? 'Check the reason');
  const version = versionOf(values);
  if (version === undefined) errors.add('form', 'The form was not complete: open the page again and try again', '#main-content');
  if (errors.any || !proposed.ok || !reason.success || version === undefined) return render({ errors }, 400);
  // Re-checked against the procedure as the panel was when convened: each failure with its clause.
  const check = await checkMembers(() =>
    services.cases.checkPanel(
      principal,
      caseId,
      { action: convened.action, members: proposed.value.members, sitsAt: new Date(fact.occurredAt) },
      now,
    ),
  );
  if (!check.ok) return render(check.shown, check.refused ? 400 : 422);
  if (proposed.value.intent === 'check') return render({ checked: { valid: true } });
  return makeChange(
    ctx,
    {
      change: () =>
        services.cases.act(
          principal,
          caseId,
          {
            type: 'correct',
            expectedVersion: version,
            target: fact.seq,
            reason: reason.data,
            details: { kind: 'panel', members: proposed.value.members },
          },
          now,
        ),
      fieldOf: () => 'members',
      flash: {
        title: 'Panel corrected',
        text: 'The correction and its reason are on the case’s timeline. Members new to the panel declare their independence.',
      },
      back: `/cases/${caseId}/panel`,
    },
    (errors, status) => render({ errors }, status),
  );
}

export const PANEL_CORRECTION_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: '/cases/:id/panel/correct',
    title: 'Correct the panel’s members',
    access: 'act-on-case',
    audit: ['case.read-panel', 'case.read'],
    params: idParams,
    run: ({ params }, ctx) => correctionPage((params as Params).id, ctx),
  }),
  definePage({
    method: 'POST',
    url: '/cases/:id/panel/correct',
    title: 'Correct the panel’s members',
    access: 'act-on-case',
    audit: ['case.read-panel', 'case.read', 'case.panel-check', 'case.correct'],
    params: idParams,
    run: ({ params, form }, ctx) => correctionPage((params as Params).id, ctx, { form }),
  }),
];
