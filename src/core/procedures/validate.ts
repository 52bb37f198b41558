/**
 * Load-time validation of a procedure: the zod shape first, then the cross-references no schema
 * can express (every anchor exists, every stage is reachable, every letter has a copy list,
 * every citation names a clause of the document).
 */
import { PARTY_ROLES, RECIPIENT_GROUP_TITLES, procedureSchema, type Procedure, type ProcedureInput, type Transition } from './schema.js';

/** Milestones every case has, whatever the procedure. */
export const BUILT_IN_MILESTONES = ['conference.held', 'conference.minutes-sent', 'conference.minutes-received'] as const;

/** Recipients that are groups of people rather than a role. */
export const RECIPIENT_GROUPS: readonly string[] = [...PARTY_ROLES.map((r) => r.id), ...Object.keys(RECIPIENT_GROUP_TITLES)];

export class ProcedureDefinitionError extends Error {
  constructor(
    readonly procedureId: string,
    readonly problems: readonly string[],
  ) {
    super(`Procedure ${procedureId} is not valid:\n- ${problems.join('\n- ')}`);
    this.name = 'ProcedureDefinitionError';
  }
}

/** Milestones an action records when it is performed (a letter also has a received milestone). */
export function milestonesRecordedBy(procedure: Procedure): Set<string> {
  const milestones = new Set<string>(BUILT_IN_MILESTONES);
  for (const track of procedure.tracks) milestones.add(track.raisedMilestone);
  for (const action of procedure.actions) {
    const recorded = action.records ?? action.id;
    milestones.add(recorded);
    if (action.kind === 'letter') milestones.add(`${recorded}.received`);
    for (const option of action.choice ?? []) milestones.add(option.records ?? `${recorded}:${option.id}`);
  }
  for (const outcome of procedure.outcomes) {
    for (const option of outcome.options) milestones.add(`outcome:${option.id}`);
  }
  return milestones;
}

function transitionsOf(procedure: Procedure): { from: string; to: Transition }[] {
  const edges: { from: string; to: Transition }[] = [];
  for (const action of procedure.actions) {
    if (action.then) edges.push({ from: action.stage, to: action.then });
    for (const option of action.choice ?? []) if (option.then) edges.push({ from: action.stage, to: option.then });
    if (action.outcome) {
      const rule = procedure.outcomes.find((o) => o.id === action.outcome);
      for (const option of rule?.options ?? []) if (option.then) edges.push({ from: action.stage, to: option.then });
      if (rule?.default) edges.push({ from: action.stage, to: rule.default });
    }
  }
  return edges;
}

/** What a procedure names by id, kind by kind (a clause by its citation): each id is used once in its kind. */
const IDS = {
  clause: (p: Procedure) => p.clauses.map((c) => c.clause),
  role: (p: Procedure) => p.roles.map((r) => r.id),
  stage: (p: Procedure) => p.stages.map((s) => s.id),
  action: (p: Procedure) => p.actions.map((a) => a.id),
  deadline: (p: Procedure) => p.deadlines.map((d) => d.id),
  letter: (p: Procedure) => p.letters.map((l) => l.id),
  panel: (p: Procedure) => p.panels.map((x) => x.id),
  outcome: (p: Procedure) => p.outcomes.map((o) => o.id),
} as const;

export function checkProcedure(procedure: Procedure): string[] {
  const problems: string[] = [];
  const prefix = `${procedure.id} `;
  const catalogue = new Set(IDS.clause(procedure));
  const cited = new Set<string>();

  for (const [kind, idsOf] of Object.entries(IDS)) {
    const seen = new Set<string>();
    for (const value of idsOf(procedure)) {
      if (seen.has(value)) problems.push(`${kind} id "${value}" is used twice`);
      seen.add(value);
    }
  }

  for (const entry of procedure.clauses) {
    if (!entry.clause.startsWith(prefix)) problems.push(`clause "${entry.clause}" must start with "${prefix}"`);
  }

  // Walk every value named `clause` in the definition: each must be in the catalogue.
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, `${path}[${String(index)}]`);
      });
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'clause' && typeof child === 'string' && path !== 'clauses') {
        if (path.startsWith('clauses[')) continue;
        cited.add(child);
        if (!catalogue.has(child)) problems.push(`${path}.clause "${child}" is not in the clause catalogue`);
      } else {
        visit(child, path === '' ? key : `${path}.${key}`);
      }
    }
  };
  visit(procedure, '');
  for (const entry of procedure.clauses) {
    if (!cited.has(entry.clause) && entry.noCodeBecause === undefined) {
      problems.push(`clause "${entry.clause}" is cited by no rule and says no reason why it needs no code`);
    }
  }

  const roles = new Set<string>([...IDS.role(procedure), ...RECIPIENT_GROUPS]);
  const stages = new Set(IDS.stage(procedure));
  const milestones = milestonesRecordedBy(procedure);
  const deadlines = new Set(IDS.deadline(procedure));
  const letters = new Set(IDS.letter(procedure));
  const panels = new Set(IDS.panel(procedure));
  const outcomes = new Set(IDS.outcome(procedure));
  const areas = new Set((procedure.localAreas ?? []).map((a) => a.id));

  const role = (where: string, value: string) => {
    if (!roles.has(value)) problems.push(`${where} names unknown role "${value}"`);
  };
  const stage = (where: string, value: string) => {
    if (!stages.has(value)) problems.push(`${where} names unknown stage "${value}"`);
  };
  const milestone = (where: string, value: string) => {
    if (!milestones.has(value)) problems.push(`${where} runs from or waits for "${value}", which nothing records`);
  };
  const transition = (where: string, value: Transition | undefined) => {
    if (value && 'stage' in value) stage(where, value.stage);
  };

  for (const r of procedure.roles) {
    for (const area of Object.keys(r.byArea ?? {})) {
      if (!areas.has(area)) problems.push(`role ${r.id} names unknown local area "${area}"`);
    }
  }
  for (const track of procedure.tracks) stage(`track ${track.id}`, track.startStage);
  for (const action of procedure.actions) {
    const where = `action ${action.id}`;
    stage(where, action.stage);
    action.by.forEach((r) => {
      role(where, r);
    });
    (action.requires ?? []).forEach((m) => {
      milestone(where, m);
    });
    (action.unless ?? []).forEach((m) => {
      milestone(where, m);
    });
    if (action.occasion !== undefined) milestone(`${where} occasion`, action.occasion.milestone);
    if (action.occasion !== undefined && action.repeatable === true) {
      problems.push(`${where} is repeatable and has an occasion: it is done once for each occasion, so it is not also repeatable`);
    }
    // Sent again at will, the same letter could go twice for one occasion (ADR 0034).
    if (action.kind === 'letter' && action.repeatable === true) {
      problems.push(`${where} is a repeatable letter: say the occasion each sending answers instead`);
    }
    transition(where, action.then);
    for (const option of action.choice ?? []) transition(`${where} choice ${option.id}`, option.then);
    if (action.kind === 'letter' && (action.letter === undefined || !letters.has(action.letter))) {
      problems.push(`${where} is a letter action but names no known letter`);
    }
    if (action.kind === 'panel' && (action.panel === undefined || !panels.has(action.panel))) {
      problems.push(`${where} is a panel action but names no known panel rule`);
    }
    if (action.kind === 'decision' && (action.outcome === undefined || !outcomes.has(action.outcome))) {
      problems.push(`${where} is a decision action but names no known outcome rule`);
    }
    if (action.kind === 'choice' && (action.choice ?? []).length < 2) {
      problems.push(`${where} is a choice action with fewer than two options`);
    }
    for (const r of action.meeting?.minutedBy ?? []) role(`${where} minutes`, r);
  }
  for (const d of procedure.deadlines) {
    const where = `deadline ${d.id}`;
    stage(where, d.stage);
    role(where, d.owner);
    milestone(where, d.from);
    milestone(where, d.metBy);
    if (d.appliesWhen !== undefined) milestone(where, d.appliesWhen);
    (d.lateAcceptance?.by ?? []).forEach((r) => {
      role(`${where} late acceptance`, r);
    });
  }
  for (const l of procedure.letters) {
    const where = `letter ${l.id}`;
    stage(where, l.stage);
    role(where, l.from);
    l.to.forEach((r) => {
      role(where, r);
    });
    l.copies.forEach((c) => {
      role(`${where} copy list`, c.to);
    });
    if (l.copies.length === 0 && l.noCopiesBecause === undefined) {
      problems.push(`${where} has no copy list and does not say why`);
    }
    if (l.escalationDeadline !== undefined && !deadlines.has(l.escalationDeadline)) {
      problems.push(`${where} names unknown escalation deadline "${l.escalationDeadline}"`);
    }
    for (const required of l.requiredContent) {
      for (const option of required.whenOutcome ?? []) {
        if (!procedure.outcomes.some((o) => o.options.some((x) => x.id === option))) {
          problems.push(`${where} makes ${required.item} depend on unknown outcome option "${option}"`);
        }
      }
    }
    const needsEscalation = l.requiredContent.some((c) => c.item === 'right-to-escalate');
    if (needsEscalation && l.escalationDeadline === undefined) {
      problems.push(`${where} must state the right to escalate but names no deadline for it`);
    }
    if (!procedure.actions.some((a) => a.letter === l.id)) problems.push(`${where} is sent by no action`);
  }
  for (const p of procedure.panels) {
    const where = `panel ${p.id}`;
    stage(where, p.stage);
    role(where, p.packPreparedBy);
    (p.inAttendance ?? []).forEach((a) => {
      role(where, a.role);
    });
    if (p.minuteTaker) role(where, p.minuteTaker.role);
    if (p.coOptedAdvisers?.by !== undefined) role(where, p.coOptedAdvisers.by);
  }
  for (const o of procedure.outcomes) {
    const where = `outcome ${o.id}`;
    stage(where, o.stage);
    o.decidedBy.forEach((r) => {
      role(where, r);
    });
    if (o.panel !== undefined && !panels.has(o.panel)) problems.push(`${where} names unknown panel "${o.panel}"`);
    const optionIds = new Set(o.options.map((x) => x.id));
    for (const ob of o.obligations) {
      if (!optionIds.has(ob.mustChoose)) problems.push(`${where} obliges unknown option "${ob.mustChoose}"`);
    }
    for (const option of o.options) transition(`${where} option ${option.id}`, option.then);
    transition(`${where} default`, o.default);
  }
  for (const l of procedure.limitations) {
    l.decidedBy.forEach((r) => {
      role('limitation', r);
    });
  }
  if (procedure.chairComplaintRouting) {
    role('chair complaint routing', procedure.chairComplaintRouting.replaces);
    role('chair complaint routing', procedure.chairComplaintRouting.with);
  }
  for (const a of procedure.scheduleAssumptions) {
    milestone(`schedule assumption ${a.milestone}`, a.from);
    milestone(`schedule assumption ${a.milestone}`, a.milestone);
  }

  // Every deadline's anchor can be dated in a schedule: the conference, another deadline's end
  // (or the receipt of the letter that ends it), or a stated schedule assumption.
  const datable = new Set<string>(['conference.held']);
  for (const d of procedure.deadlines) {
    datable.add(d.metBy);
    datable.add(`${d.metBy}.received`);
  }
  for (const a of procedure.scheduleAssumptions) {
    datable.add(a.milestone);
    datable.add(`${a.milestone}.received`);
  }
  for (const d of procedure.deadlines) {
    if (!datable.has(d.from)) {
      problems.push(`deadline ${d.id} runs from "${d.from}", which no deadline or schedule assumption dates`);
    }
  }

  // Every stage reachable from a track's first stage.
  const reachable = new Set(procedure.tracks.map((t) => t.startStage));
  const edges = transitionsOf(procedure);
  let grew = true;
  while (grew) {
    grew = false;
    for (const edge of edges) {
      if (reachable.has(edge.from) && 'stage' in edge.to && !reachable.has(edge.to.stage)) {
        reachable.add(edge.to.stage);
        grew = true;
      }
    }
  }
  for (const s of procedure.stages) {
    if (!reachable.has(s.id)) problems.push(`stage ${s.id} cannot be reached from any track's first stage`);
  }
  // Every non-terminal stage has a way out.
  for (const s of procedure.stages) {
    if (s.terminal === true) continue;
    if (!edges.some((e) => e.from === s.id)) problems.push(`stage ${s.id} has no action that leads out of it`);
  }
  return problems;
}

/** Parses and checks a procedure definition; throws ProcedureDefinitionError listing every problem. */
export function loadProcedure(input: ProcedureInput): Procedure {
  const parsed = procedureSchema.safeParse(input);
  const procedureId = typeof input.id === 'string' ? input.id : '(no id)';
  if (!parsed.success) {
    throw new ProcedureDefinitionError(
      procedureId,
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const problems = checkProcedure(parsed.data);
  if (problems.length > 0) throw new ProcedureDefinitionError(procedureId, problems);
  return parsed.data;
}

/**
 * The revisions of one procedure side by side: each version number once, and each later version
 * taking effect strictly after the one before, so that exactly one revision is in effect on any
 * date from the first (ADR 0009).
 */
export function checkVersions(revisions: readonly Procedure[]): string[] {
  const problems: string[] = [];
  const byVersion = [...revisions].sort((a, b) => a.version - b.version);
  byVersion.forEach((revision, index) => {
    const before = byVersion[index - 1];
    if (before === undefined) return;
    if (before.version === revision.version) {
      problems.push(`version ${String(revision.version)} is defined twice`);
    } else if (revision.effectiveFrom <= before.effectiveFrom) {
      problems.push(
        `version ${String(revision.version)} takes effect on ${revision.effectiveFrom}, not after version ${String(before.version)} (${before.effectiveFrom})`,
      );
    }
  });
  return problems;
}
