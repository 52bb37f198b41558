/**
 * Whether a proposed panel may sit: size, agencies, seniority, chair, and independence from the
 * case (no present or previous line management of it, nobody involved at an earlier stage, where
 * the procedure says so). Every failure cites its clause.
 */
import type { PanelRule } from '../procedures/schema.js';
import type { RaisedCase, PanelMember } from './model.js';

export interface PanelProblem {
  readonly message: string;
  readonly clause: string;
  readonly personId?: string;
}

export const AGENCY_NAMES: Record<PanelMember['agency'], string> = {
  'local-authority-childrens-services': "the local authority's children's services",
  police: 'the police',
  health: 'health services',
  education: 'education',
  'other-partner': 'another partner agency',
};

/** Someone the procedure lists as in attendance at the panel, not a member of it (kent 9 ¶3). */
export interface InAttendance {
  readonly personId: string;
  /** The procedure's title for their role: "ICS Child Protection Conference Chair's Manager". */
  readonly title: string;
  readonly clause: string;
}

export function describeAgencies(agencies: readonly PanelMember['agency'][]): string {
  const names = agencies.map((a) => AGENCY_NAMES[a]);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1] ?? ''}`;
}

export function validatePanel(
  rule: PanelRule,
  members: readonly PanelMember[],
  state: RaisedCase,
  options: {
    samePanelAs?: { readonly members: readonly PanelMember[]; readonly clause: string };
    inAttendance?: readonly InAttendance[];
  } = {},
): PanelProblem[] {
  const problems: PanelProblem[] = [];
  for (const member of members) {
    for (const attending of options.inAttendance ?? []) {
      if (attending.personId !== member.personId) continue;
      problems.push({
        message: `${member.name} is the ${attending.title} for this case, whom the procedure lists as in attendance at the ${rule.name}, not as a member`,
        clause: attending.clause,
        personId: member.personId,
      });
    }
  }
  const chairs = members.filter((m) => m.role === 'chair');
  const voting = members.filter((m) => m.role !== 'co-opted-adviser');
  const advisers = members.filter((m) => m.role === 'co-opted-adviser');

  const seen = new Set<string>();
  for (const member of members) {
    if (seen.has(member.personId)) {
      problems.push({ message: `${member.name} is listed more than once`, clause: rule.clause, personId: member.personId });
    }
    seen.add(member.personId);
  }

  if (chairs.length !== 1) {
    problems.push({
      message: chairs.length === 0 ? 'The panel has no chair' : 'The panel has more than one chair',
      clause: rule.chair.clause,
    });
  }
  const counted = rule.minMembers.includesChair ? voting.length : voting.length - chairs.length;
  if (counted < rule.minMembers.count) {
    problems.push({
      message: rule.minMembers.includesChair
        ? `The panel needs at least ${rule.minMembers.count} members; it has ${counted}`
        : `The panel needs a chair and at least ${rule.minMembers.count} other members; it has ${counted}`,
      clause: rule.minMembers.clause,
    });
  }
  for (const requirement of rule.requiredAgencies) {
    const count = voting.filter((m) => requirement.anyOf.includes(m.agency)).length;
    if (count < requirement.atLeast) {
      problems.push({
        message:
          requirement.atLeast === 1
            ? `The panel needs a member from ${describeAgencies(requirement.anyOf)}`
            : `The panel needs at least ${requirement.atLeast} members from ${describeAgencies(requirement.anyOf)}; it has ${count}`,
        clause: requirement.clause,
      });
    }
  }
  if (rule.distinctAgencies !== undefined) {
    const agencies = new Set(voting.map((m) => m.agency)).size;
    if (agencies < rule.distinctAgencies.count) {
      problems.push({
        message: `The panel must be inter-agency: members from at least ${rule.distinctAgencies.count} different agencies; it has ${agencies}`,
        clause: rule.distinctAgencies.clause,
      });
    }
  }
  for (const requirement of rule.membersMustBe) {
    for (const member of voting) {
      if (requirement.requirement === 'partnership-agency' && !member.partnershipAgency) {
        problems.push({
          message: `${member.name} is not from an agency of the partnership`,
          clause: requirement.clause,
          personId: member.personId,
        });
      }
      if (requirement.requirement === 'senior' && !member.senior) {
        problems.push({
          message: `${member.name} is not a senior manager`,
          clause: requirement.clause,
          personId: member.personId,
        });
      }
    }
  }
  const chair = chairs[0];
  if (chair !== undefined) {
    switch (rule.chair.requirement) {
      case 'senior-partnership-manager':
        if (!chair.senior || !chair.partnershipAgency) {
          problems.push({
            message: `The chair, ${chair.name}, must be a senior manager from a partnership agency`,
            clause: rule.chair.clause,
            personId: chair.personId,
          });
        }
        break;
      case 'local-authority':
        if (chair.agency !== 'local-authority-childrens-services') {
          problems.push({
            message: `The chair, ${chair.name}, must come from the local authority`,
            clause: rule.chair.clause,
            personId: chair.personId,
          });
        }
        break;
      case 'least-involved-agency':
      case 'any-member':
        break;
    }
  }
  if (advisers.length > 0 && rule.coOptedAdvisers?.allowed !== true) {
    problems.push({
      message: 'This panel may not co-opt advisers',
      clause: rule.coOptedAdvisers?.clause ?? rule.clause,
    });
  }

  const earlierActors = new Set<string>();
  for (const [stage, actors] of Object.entries(state.actorsByStage)) {
    if (stage !== rule.stage) for (const actor of actors) earlierActors.add(actor);
  }
  for (const exclusion of rule.exclusions) {
    for (const member of members) {
      switch (exclusion.kind) {
        case 'line-management-present-or-previous':
          if (member.declaresLineManagement === true || state.caseLineManagers.includes(member.personId)) {
            problems.push({
              message: `${member.name} has present or previous direct line management responsibility for the case`,
              clause: exclusion.clause,
              personId: member.personId,
            });
          }
          break;
        case 'involved-at-earlier-stage':
          if (earlierActors.has(member.personId)) {
            problems.push({
              message: `${member.name} was involved in the case at an earlier stage`,
              clause: exclusion.clause,
              personId: member.personId,
            });
          }
          break;
        case 'chaired-the-conference':
          if (member.personId === state.conference.chairId) {
            problems.push({
              message: `${member.name} chaired the conference being challenged`,
              clause: exclusion.clause,
              personId: member.personId,
            });
          }
          break;
      }
    }
  }
  if (options.samePanelAs !== undefined) {
    const before = new Set(options.samePanelAs.members.map((m) => m.personId));
    const now = new Set(members.map((m) => m.personId));
    const same = before.size === now.size && [...before].every((p) => now.has(p));
    if (!same) problems.push({ message: 'The same panel as before must sit again', clause: options.samePanelAs.clause });
  }
  return problems;
}
