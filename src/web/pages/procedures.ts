/**
 * The procedures as pages: the five listed with their revisions, each one's stages in order with
 * who acts, what each action is, its time limits, letters, panel rules and outcomes, every rule
 * with its clause, and all five side by side. Published information: any member of staff.
 */
import { z } from 'zod';
import { formatLimit } from '../../core/calendar/index.js';
import { roleTitle } from '../../core/engine/deadlines.js';
import { CONTENT_NAMES } from '../../core/engine/letters.js';
import { AGENCY_NAMES } from '../../core/engine/panelComposition.js';
import { milestoneLabel } from '../../core/engine/words.js';
import { comparisonRows, exclusionWords, timeLimitRows } from '../../core/procedures/compare.js';
import { procedureRegistry } from '../../core/procedures/registry.js';
import type { ActionDefinition, Procedure, Transition } from '../../core/procedures/schema.js';
import { definePage, view, type PageDefinition } from './page.js';

const KIND_WORDS: Readonly<Record<ActionDefinition['kind'], string>> = {
  record: 'Record',
  meeting: 'Meeting',
  letter: 'Letter',
  request: 'Request',
  panel: 'Panel',
  decision: 'Decision',
  choice: 'Choice',
};

const BINDS_WORDS = { family: 'The family', professional: 'The professional', authority: 'The partnership' } as const;

const CHAIR_WORDS = {
  'senior-partnership-manager': 'a senior manager from a partnership agency',
  'local-authority': 'someone from the local authority',
  'least-involved-agency': 'someone from the agency least involved with the family',
  'any-member': 'any member of the panel',
} as const;

const MEMBER_WORDS = { 'partnership-agency': 'employed by a partnership agency', senior: 'a senior manager' } as const;

const FINDING_WORDS = {
  'procedures-followed': 'whether the procedures were followed',
  'decision-reasonable': 'whether the decision was reasonable',
};

const OBLIGATION_WORDS = {
  'procedures-not-followed': 'If the procedures were not followed',
  'decision-unreasonable': 'If the decision was unreasonable',
  'followed-and-reasonable': 'If the procedures were followed and the decision was reasonable',
} as const;

const SIGNPOST_WORDS = {
  ombudsman: 'the Local Government and Social Care Ombudsman',
  'judicial-review': 'judicial review',
  'legal-advice': 'legal advice',
};

const REDIRECTION_WORDS = {
  agency: 'A complaint about an agency',
  'chair-conduct': 'A complaint about the chair’s conduct',
  'professional-disagreement': 'A disagreement between professionals',
} as const;

const FLAG_WORDS: Readonly<Record<string, string>> = {
  'about-the-chair': 'the challenge is about the chair',
  'legal-proceedings': 'there are legal proceedings',
  'issues-outside-procedure': 'it raises issues outside this procedure',
  'separate-complaints': 'there are separate complaints',
  'wishes-to-escalate': 'the complainant wishes to take it further',
  'child-complainant': 'the complainant is a child',
};

const procedureParams = z.object({ id: z.string().regex(/^[a-z0-9-]{1,60}$/) });

const who = (p: Procedure, ids: readonly string[]) => ids.map((id) => roleTitle(p, id)).join(', ');

function transitionWords(p: Procedure, transition: Transition | undefined): string | undefined {
  if (transition === undefined) return undefined;
  if ('stage' in transition) return `Moves to ${p.stages.find((s) => s.id === transition.stage)?.name ?? transition.stage}`;
  return `Closes the case: ${transition.summary}`;
}

/** One procedure, stage by stage, in words, every rule with its clause. */
export function describeProcedure(p: Procedure) {
  const limits = timeLimitRows(p);
  const action = (a: ActionDefinition) => ({
    label: a.label,
    kind: KIND_WORDS[a.kind],
    by: who(p, a.by),
    clause: a.clause,
    optional: a.optional === true,
    repeatable: a.repeatable === true,
    occasion: a.occasion === undefined ? undefined : { label: milestoneLabel(p, a.occasion.milestone), clause: a.occasion.clause },
    requires: (a.requires ?? []).map((m) => milestoneLabel(p, m)),
    unless: (a.unless ?? []).map((m) => milestoneLabel(p, m)),
    when: a.when === undefined ? undefined : FLAG_WORDS[a.when],
    then: transitionWords(p, a.then),
    choices: (a.choice ?? []).map((c) => ({ label: c.label, clause: c.clause, then: transitionWords(p, c.then) })),
    meeting:
      a.meeting === undefined
        ? undefined
        : {
            clause: a.meeting.clause,
            minutedBy: who(p, a.meeting.minutedBy ?? []),
            minutesTo: who(p, a.meeting.minutesTo ?? []),
            supporterAllowed: a.meeting.supporterAllowed,
            purpose: a.meeting.purpose ?? [],
            chairMustDiffer: a.meeting.chairMustDiffer,
            briefingRequired: a.meeting.briefingRequired,
          },
  });
  const stages = p.stages.map((stage) => ({
    id: stage.id,
    name: stage.name,
    clause: stage.clause,
    actions: p.actions.filter((a) => a.stage === stage.id).map(action),
    limits: limits.filter((l) => l.stage === stage.id).map((l) => ({ ...l, binds: BINDS_WORDS[l.binds] })),
    letters: p.letters
      .filter((l) => l.stage === stage.id)
      .map((l) => ({
        title: l.title,
        clause: l.clause,
        from: roleTitle(p, l.from),
        to: who(p, l.to),
        content: l.requiredContent.map((c) => ({
          text: CONTENT_NAMES[c.item],
          clause: c.clause,
          onlyWhen: (c.whenOutcome ?? []).map((o) => milestoneLabel(p, `outcome:${o}`)),
        })),
        copies: l.copies.map((c) => ({
          to: roleTitle(p, c.to),
          clause: c.clause,
          when: c.when === undefined ? undefined : FLAG_WORDS[c.when],
        })),
        noCopiesBecause: l.noCopiesBecause,
      })),
    panels: p.panels
      .filter((panel) => panel.stage === stage.id)
      .map((panel) => ({
        name: panel.name,
        clause: panel.clause,
        size: {
          text: `At least ${String(panel.minMembers.count)} members${panel.minMembers.includesChair ? ', the chair included' : ', besides the chair'}`,
          clause: panel.minMembers.clause,
        },
        agencies: [
          ...panel.requiredAgencies.map((r) => ({
            text: `At least ${String(r.atLeast)} from ${r.anyOf.map((a) => AGENCY_NAMES[a]).join(' or ')}`,
            clause: r.clause,
          })),
          ...(panel.distinctAgencies === undefined
            ? []
            : [
                {
                  text: `Members from at least ${String(panel.distinctAgencies.count)} different agencies`,
                  clause: panel.distinctAgencies.clause,
                },
              ]),
        ],
        members: panel.membersMustBe.map((m) => ({ text: `Every member ${MEMBER_WORDS[m.requirement]}`, clause: m.clause })),
        chair: { text: `Chaired by ${CHAIR_WORDS[panel.chair.requirement]}`, clause: panel.chair.clause, note: panel.chair.note },
        independence: panel.exclusions.map((e) => ({ text: `Nobody who ${exclusionText(e.kind)}`, clause: e.clause })),
        advisers:
          panel.coOptedAdvisers === undefined
            ? undefined
            : {
                text: panel.coOptedAdvisers.allowed
                  ? `Advisers may be co-opted${panel.coOptedAdvisers.by === undefined ? '' : ` by ${roleTitle(p, panel.coOptedAdvisers.by)}`}`
                  : 'No advisers may be co-opted',
                clause: panel.coOptedAdvisers.clause,
              },
        inAttendance: (panel.inAttendance ?? []).map((a) => ({ text: roleTitle(p, a.role), clause: a.clause })),
        minuteTaker:
          panel.minuteTaker === undefined ? undefined : { text: roleTitle(p, panel.minuteTaker.role), clause: panel.minuteTaker.clause },
        decision: {
          text: panel.decisionBy.rule === 'majority' ? 'By a majority of the members' : 'By consensus',
          clause: panel.decisionBy.clause,
        },
        pack: panel.documentPack,
        packPreparedBy: roleTitle(p, panel.packPreparedBy),
      })),
    outcomes: p.outcomes
      .filter((o) => o.stage === stage.id)
      .map((o) => ({
        clause: o.clause,
        decidedBy: who(p, o.decidedBy),
        multiple: o.multiple,
        findings: o.findings.map((f) => FINDING_WORDS[f]),
        obligations: o.obligations.map((ob) => ({
          text: `${OBLIGATION_WORDS[ob.when]}: ${o.options.find((opt) => opt.id === ob.mustChoose)?.label ?? ob.mustChoose}`,
          clause: ob.clause,
        })),
        options: o.options.map((opt) => ({
          label: opt.label,
          clause: opt.clause,
          then: transitionWords(p, opt.then),
          chair: opt.chair === 'different' ? 'Under a different chair' : undefined,
          furtherPanelDate: opt.needsFurtherPanelDate === true,
        })),
      })),
  }));
  return {
    id: p.id,
    name: p.name,
    partnership: p.partnership,
    version: p.version,
    effectiveFrom: p.effectiveFrom,
    source: p.source,
    tracks: p.tracks.map((t) => {
      const raise = p.deadlines.find((d) => d.metBy === t.raisedMilestone);
      return {
        label: t.label,
        clause: t.clause,
        raisedBy: t.raisedBy.join(', '),
        aspects: t.aspects.map((a) => ({ text: a.aspect, clause: a.clause })),
        startStage: p.stages.find((s) => s.id === t.startStage)?.name ?? t.startStage,
        raise:
          raise === undefined ? undefined : { text: `${formatLimit(raise.limit)} after ${raise.fromDescription}`, clause: raise.clause },
        childUnderstanding: t.childNeedsSufficientUnderstanding?.clause,
      };
    }),
    roles: p.roles.map((r) => ({
      title: r.title,
      clause: r.clause,
      byArea: Object.entries(r.byArea ?? {}).map(([area, local]) => ({
        area: p.localAreas?.find((a) => a.id === area)?.name ?? area,
        title: local.title,
        clause: local.clause,
      })),
    })),
    stages,
    redirections: p.redirections.map((r) => ({ text: `${REDIRECTION_WORDS[r.subject]} goes to ${r.to}`, clause: r.clause })),
    limitations: p.limitations.map((l) => ({
      text: `When ${FLAG_WORDS[l.flag] ?? l.flag}: ${l.effect === 'cannot-address' ? 'the procedure cannot address it' : `${who(p, l.decidedBy)} decides whether to go on`}`,
      clause: l.clause,
    })),
    decisionStands: p.decisionStands.clause,
    signposting: p.signposting.map((s) => ({ text: SIGNPOST_WORDS[s.to], clause: s.clause })),
    endResults: p.endResults,
  };
}

/** What a procedure is called in a table's heading: its name before the colon ("Camden"). */
const shortName = (p: Procedure) => p.name.split(':')[0]?.trim() ?? p.name;

function exclusionText(kind: string): string {
  switch (kind) {
    case 'line-management-present-or-previous':
      return 'line-manages, or line-managed, anyone involved in the case';
    case 'involved-at-earlier-stage':
      return 'was involved at an earlier stage';
    case 'chaired-the-conference':
      return 'chaired the conference';
    default:
      return exclusionWords(kind);
  }
}

export const PROCEDURE_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: '/procedures',
    title: 'Procedures',
    access: 'signed-in',
    run: async (_input, { services, principal }) => {
      const registry = procedureRegistry();
      const own = (await services.partnerships.get(principal.partnershipId)).procedureId;
      const rows = [...registry.latest.values()].map((p) => ({
        id: p.id,
        name: p.name,
        partnership: p.partnership,
        own: p.id === own,
        stages: p.stages.length,
        revisions: registry.versions(p.id).map((r) => ({ version: r.version, effectiveFrom: r.effectiveFrom })),
      }));
      return view('procedures/list', { title: 'Procedures', rows });
    },
  }),
  definePage({
    method: 'GET',
    url: '/procedures/compare',
    title: 'The procedures compared',
    access: 'signed-in',
    run: () => {
      const all = [...procedureRegistry().latest.values()];
      return view('procedures/compare', {
        title: 'The procedures compared',
        procedures: all.map((p) => ({ id: p.id, shortName: shortName(p), partnership: p.partnership })),
        rows: comparisonRows(all),
      });
    },
  }),
  definePage({
    method: 'GET',
    url: '/procedures/:id',
    title: 'Procedure',
    access: 'signed-in',
    params: procedureParams,
    run: ({ params }) => {
      const { id } = params as z.infer<typeof procedureParams>;
      const registry = procedureRegistry();
      const p = registry.latest.get(id);
      if (p === undefined) return view('error', { title: 'Page not found', text: 'There is no procedure at this address.' }, 404);
      return view('procedures/procedure', {
        title: p.name,
        procedure: describeProcedure(p),
        revisions: registry.versions(p.id).map((r) => ({ version: r.version, effectiveFrom: r.effectiveFrom })),
      });
    },
  }),
];
