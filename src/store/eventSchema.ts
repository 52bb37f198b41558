/**
 * The shape of a case event as this code reads it (the current schema version): every stored
 * event is upcast to this and checked against it before the engine sees it, so a row that does
 * not fit fails loudly instead of reaching a fold as something it is not. The parsed type is
 * checked against the engine's `CaseEvent` where `decodeCaseEvent` returns it: the two cannot
 * drift apart unnoticed.
 */
import { z } from 'zod';
import { DELIVERY_METHODS, parseIsoDate, type IsoDate } from '../core/calendar/index.js';
import type { CaseEvent } from '../core/engine/model.js';
import { agencyKind, aspect, caseFlag, complainantKind, conferenceType, letterContent, productRole } from '../core/procedures/schema.js';

const isoDate = z.string().transform((text, context): IsoDate => {
  const date = parseIsoDate(text);
  if (date === undefined) {
    context.addIssue({ code: 'custom', message: 'must be a date, YYYY-MM-DD' });
    return z.NEVER;
  }
  return date;
});
const deliveryMethod = z.enum(DELIVERY_METHODS);
const track = z.enum(['family', 'professional-dissent']);
const actorRef = z.strictObject({ id: z.string(), role: productRole });
/** recordedBy was added without a schema version (ADR 0030): older events simply lack it. */
const base = { at: z.date(), by: actorRef, recordedBy: actorRef.exactOptional() };
/** A consequence's time: its cause's (schema version 3, ADR 0015). */
const consequence = { ...base, occurredAt: z.date().exactOptional() };

const conference = z.strictObject({
  id: z.string(),
  type: conferenceType,
  heldAt: z.date(),
  chairId: z.string(),
  decision: z.string().exactOptional(),
  category: z.string().exactOptional(),
});

// name, relationship and contact were added without a schema version: older events simply lack them.
const complainant = z.strictObject({
  kind: complainantKind,
  sufficientUnderstanding: z.boolean().exactOptional(),
  name: z.string().exactOptional(),
  relationship: z.string().exactOptional(),
  contact: z.string().exactOptional(),
});

const advocate = z.strictObject({ name: z.string(), consentRecordedAt: z.date().exactOptional() });

const panelMember = z.strictObject({
  personId: z.string(),
  name: z.string(),
  agency: agencyKind,
  partnershipAgency: z.boolean(),
  senior: z.boolean(),
  role: z.enum(['chair', 'member', 'co-opted-adviser']),
  declaresLineManagement: z.boolean().exactOptional(),
});

const actionDetails = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('record'), note: z.string().exactOptional() }),
  z.strictObject({
    kind: z.literal('meeting'),
    minuteTaker: z.strictObject({ personId: z.string(), role: z.string() }).exactOptional(),
    chairId: z.string().exactOptional(),
    briefed: z.boolean().exactOptional(),
    supporterPresent: z.boolean().exactOptional(),
  }),
  z.strictObject({
    kind: z.literal('letter'),
    method: deliveryMethod,
    content: z.partialRecord(letterContent, z.string()),
    copiedTo: z.array(z.string()),
  }),
  z.strictObject({ kind: z.literal('request'), reasons: z.string().exactOptional() }),
  z.strictObject({ kind: z.literal('panel'), members: z.array(panelMember) }),
  z.strictObject({
    kind: z.literal('decision'),
    options: z.array(z.string()),
    findings: z.strictObject({ proceduresFollowed: z.boolean().exactOptional(), decisionReasonable: z.boolean().exactOptional() }),
    reasons: z.string(),
    votes: z.strictObject({ for: z.number(), against: z.number() }).exactOptional(),
    furtherPanelDate: isoDate.exactOptional(),
    learningPoints: z.array(z.string()).exactOptional(),
    recommendations: z.array(z.strictObject({ agency: agencyKind, text: z.string() })).exactOptional(),
  }),
  z.strictObject({ kind: z.literal('choice'), option: z.string(), reason: z.string() }),
]);

export const caseEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...base,
    type: z.literal('ChallengeRaised'),
    caseId: z.string(),
    procedureId: z.string(),
    procedureVersion: z.number().int().positive(),
    track,
    stage: z.string(),
    conference,
    complainant,
    aspects: z.array(aspect),
    receivedAt: z.date(),
    flags: z.array(caseFlag),
    localArea: z.string().exactOptional(),
    advocate: advocate.exactOptional(),
    caseLineManagers: z.array(z.string()),
    caseWorkerIds: z.array(z.string()).exactOptional(),
    raisedMilestone: z.string(),
    summary: z.string().exactOptional(),
    receivedBy: deliveryMethod.exactOptional(),
  }),
  z.strictObject({ ...consequence, type: z.literal('ArrivedAfterTimeLimit'), deadline: z.string(), due: isoDate, clause: z.string() }),
  z.strictObject({ ...consequence, type: z.literal('LimitationApplies'), flag: caseFlag, clause: z.string() }),
  z.strictObject({
    ...base,
    type: z.literal('ConferenceMinutesSent'),
    sentAt: z.date(),
    method: deliveryMethod,
    deemedReceivedOn: isoDate,
  }),
  z.strictObject({ ...base, type: z.literal('ReceiptRecorded'), milestone: z.string(), receivedOn: isoDate }),
  z.strictObject({
    ...base,
    type: z.literal('ActionPerformed'),
    action: z.string(),
    stage: z.string(),
    occurredAt: z.date(),
    milestones: z.array(z.string()),
    details: actionDetails,
    escalateBy: isoDate.exactOptional(),
    deemedReceivedOn: isoDate.exactOptional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal('LateArrivalDecided'),
    occurredAt: z.date().exactOptional(),
    deadline: z.string(),
    accepted: z.boolean(),
    reason: z.string(),
    clause: z.string(),
  }),
  z.strictObject({
    ...base,
    type: z.literal('LimitationDecided'),
    occurredAt: z.date().exactOptional(),
    flag: caseFlag,
    proceed: z.boolean(),
    reason: z.string(),
    clause: z.string(),
  }),
  z.strictObject({ ...consequence, type: z.literal('StageEntered'), stage: z.string() }),
  z.strictObject({
    ...base,
    type: z.literal('ActionBooked'),
    occurredAt: z.date(),
    action: z.string(),
    bookedFor: z.date(),
    reason: z.string().exactOptional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal('IndependenceDeclared'),
    occurredAt: z.date(),
    panel: z.number().int().positive(),
    personId: z.string(),
    independent: z.boolean(),
    reason: z.string().exactOptional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal('CaseFactsChanged'),
    occurredAt: z.date(),
    reason: z.string(),
    caseWorkerIds: z.array(z.string()).exactOptional(),
    flags: z.array(caseFlag).exactOptional(),
  }),
  z.strictObject({
    ...consequence,
    type: z.literal('ChallengeClosed'),
    outcome: z.enum(['resolved', 'redirected', 'not-accepted', 'concluded', 'withdrawn']),
    summary: z.string(),
    clause: z.string().exactOptional(),
    withdrawn: z.literal(true).exactOptional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal('FactCorrected'),
    target: z.number().int().positive(),
    reason: z.string(),
    change: z.strictObject({
      occurredAt: z.date().exactOptional(),
      receivedOn: isoDate.exactOptional(),
      method: deliveryMethod.exactOptional(),
      details: actionDetails.exactOptional(),
    }),
  }),
  z.strictObject({ ...base, type: z.literal('FactVoided'), target: z.number().int().positive(), reason: z.string() }),
]);

/** Checks an upcast event; the problems name each field that does not fit. */
export function parseCaseEvent(value: unknown): { ok: true; event: CaseEvent } | { ok: false; problems: string } {
  const parsed = caseEventSchema.safeParse(value);
  if (parsed.success) return { ok: true, event: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`).join('; ') };
}
