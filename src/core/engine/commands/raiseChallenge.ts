/** RaiseChallenge: a challenge received against a conference, if this procedure covers it. */
import type { EngineContext } from '../context.js';
import { withLateChecks } from '../lateArrivals.js';
import type { CaseEvent, CaseState, Command, DecideResult } from '../model.js';
import { refuse, refuseAll, type Problem } from '../refusals.js';
import { actorRef } from './actorRef.js';
import { CONFERENCE_TYPE_WORDS, TRACK_WORDS } from '../words.js';

export function raiseChallenge(ctx: EngineContext, state: CaseState, command: Extract<Command, { type: 'RaiseChallenge' }>): DecideResult {
  const { procedure } = ctx;
  if (state.status !== 'not-raised') return refuse({ code: 'already-raised', message: 'This challenge has already been raised' });
  if (command.subject === 'agency') {
    const redirect = procedure.redirections.find((r) => r.subject === 'agency');
    return refuse({
      code: 'redirected',
      message: `A complaint about an agency's own service goes to ${redirect?.to ?? "that agency's complaints process"}`,
      ...(redirect ? { clause: redirect.clause } : {}),
    });
  }
  const track = procedure.tracks.find((t) => t.id === command.track);
  if (track === undefined) {
    return refuse({ code: 'not-eligible', message: `This procedure has no process for ${TRACK_WORDS[command.track]}` });
  }
  const problems: Problem[] = [];
  if (!track.raisedBy.includes(command.complainant.kind)) {
    problems.push({ message: `A ${command.complainant.kind} may not raise a challenge under this process`, clause: track.clause });
  }
  if (
    command.complainant.kind === 'child' &&
    track.childNeedsSufficientUnderstanding !== undefined &&
    command.complainant.sufficientUnderstanding !== true
  ) {
    problems.push({
      message: 'A child may challenge only where judged to have sufficient understanding',
      clause: track.childNeedsSufficientUnderstanding.clause,
    });
  }
  if (command.aspects.length === 0) problems.push({ message: 'Say what the challenge is about', clause: track.clause });
  for (const aspect of command.aspects) {
    if (!track.aspects.some((a) => a.aspect === aspect)) {
      problems.push({ message: `This process does not cover challenges about the ${aspect}`, clause: track.clause });
    }
  }
  if (!track.conferenceTypes.includes(command.conference.type)) {
    problems.push({
      message: `This process does not cover ${CONFERENCE_TYPE_WORDS[command.conference.type]} conferences`,
      clause: track.clause,
    });
  }
  const areas = procedure.localAreas ?? [];
  if (areas.length > 0 && !areas.some((a) => a.id === command.localArea)) {
    problems.push({
      message: `Say which local area the case is in: ${areas.map((a) => a.name).join(' or ')}`,
      clause: areas[0]?.clause ?? track.clause,
    });
  }
  if (command.advocate !== undefined && procedure.advocates?.consentRequired === true && command.advocate.consentRecordedAt === undefined) {
    problems.push({
      message: "Record the complainant's consent to the advocate's inclusion and information sharing",
      clause: procedure.advocates.clause,
    });
  }
  if (command.receivedAt.getTime() > command.now.getTime()) problems.push({ message: 'The date received cannot be in the future' });
  if (command.receivedAt.getTime() < command.conference.heldAt.getTime()) {
    problems.push({ message: 'The challenge cannot be received before the conference was held' });
  }
  if (problems.length > 0) return refuseAll(problems, 'not-eligible');
  const by = actorRef(command.actor);
  const flags = [...new Set(command.flags ?? [])];
  if (command.complainant.kind === 'child' && !flags.includes('child-complainant')) flags.push('child-complainant');
  const events: CaseEvent[] = [
    {
      type: 'ChallengeRaised',
      at: command.now,
      by,
      caseId: command.caseId,
      procedureId: procedure.id,
      procedureVersion: procedure.version,
      track: track.id,
      stage: track.startStage,
      conference: command.conference,
      complainant: command.complainant,
      aspects: command.aspects,
      receivedAt: command.receivedAt,
      flags,
      ...(command.localArea === undefined ? {} : { localArea: command.localArea }),
      ...(command.advocate === undefined ? {} : { advocate: command.advocate }),
      caseLineManagers: command.caseLineManagers ?? [],
      ...(command.caseWorkerIds === undefined ? {} : { caseWorkerIds: [...new Set(command.caseWorkerIds)] }),
      raisedMilestone: track.raisedMilestone,
      ...(command.summary === undefined ? {} : { summary: command.summary }),
      ...(command.receivedBy === undefined ? {} : { receivedBy: command.receivedBy }),
    },
  ];
  for (const limitation of procedure.limitations) {
    if (flags.includes(limitation.flag)) {
      events.push({
        type: 'LimitationApplies',
        at: command.now,
        occurredAt: command.receivedAt,
        by,
        flag: limitation.flag,
        clause: limitation.clause,
      });
    }
  }
  return withLateChecks(ctx, state, events, command.now, by, command.receivedAt);
}
