/**
 * The shape of a published procedure as data.
 *
 * A procedure is a graph of stages joined by actions. Actions record milestones; deadline rules run
 * from one milestone to another; letters, panels and outcome rules hang off actions. The engine
 * knows only these shapes, so a sixth partnership is one more file of this type.
 *
 * Every rule carries `clause`, a citation in the style of shared/procedures/README.md, which must
 * name a clause in the procedure's own clause catalogue (checked at load).
 */
import { z } from 'zod';
import { parseIsoDate } from '../calendar/localDate.js';

const id = z.string().regex(/^[a-z0-9][a-z0-9.:-]*$/, 'ids are lower-case words joined by - . or :');
const text = z.string().min(1);
const clause = z.string().min(3);

/** The roles of the product (staff roles, plus the two parties outside the organisation). */
export const PRODUCT_ROLES = [
  'administrator',
  'complaints-manager',
  'conference-chair',
  'conference-service-manager',
  'senior-safeguarding-manager',
  'panel-coordinator',
  'panel-member',
  'minute-taker',
  'auditor',
  'complainant',
  'professional',
] as const;
export const productRole = z.enum(PRODUCT_ROLES);
export type ProductRole = z.infer<typeof productRole>;

/**
 * The parties outside the organisation, which every procedure names as roles (who may escalate,
 * who receives a letter, who owes a deadline) without defining them: the complainant, and a
 * professional dissenting from the decision (under either id the definitions use). Each is filled
 * by the product role of the same party, so the engine resolves them like any defined role.
 */
export interface PartyRole {
  readonly id: string;
  readonly title: string;
  readonly productRole: ProductRole;
}
export const PARTY_ROLES: readonly PartyRole[] = [
  { id: 'complainant', title: 'the complainant', productRole: 'complainant' },
  { id: 'professional', title: 'the dissenting professional', productRole: 'professional' },
  { id: 'dissenting-professional', title: 'the dissenting professional', productRole: 'professional' },
];

export const COMPLAINANT_KINDS = ['parent', 'carer', 'child', 'advocate', 'professional'] as const;
export const complainantKind = z.enum(COMPLAINANT_KINDS);
export type ComplainantKind = z.infer<typeof complainantKind>;

export const ASPECTS = ['process', 'decision', 'category', 'information'] as const;
export const aspect = z.enum(ASPECTS);
export type Aspect = z.infer<typeof aspect>;

export const CONFERENCE_TYPES = ['initial', 'review', 'risk-outside-the-home-review', 'reconvened'] as const;
export const conferenceType = z.enum(CONFERENCE_TYPES);
export type ConferenceType = z.infer<typeof conferenceType>;

export const AGENCY_KINDS = ['local-authority-childrens-services', 'police', 'health', 'education', 'other-partner'] as const;
export const agencyKind = z.enum(AGENCY_KINDS);
export type AgencyKind = z.infer<typeof agencyKind>;

/** Facts about a case that some rules depend on; set when the challenge is raised or later. */
export const CASE_FLAGS = [
  'about-the-chair',
  'legal-proceedings',
  'issues-outside-procedure',
  'separate-complaints',
  'wishes-to-escalate',
  'child-complainant',
] as const;
export const caseFlag = z.enum(CASE_FLAGS);
export type CaseFlag = z.infer<typeof caseFlag>;

export const timeLimit = z.object({
  unit: z.enum(['working-days', 'days', 'months', 'hours']),
  amount: z.number().int().positive(),
});

export const clauseEntry = z.object({
  clause,
  /** Our own short paraphrase of what the clause says (never the document's sentence). */
  summary: text,
  /** Why the clause needs no code, where it needs none (context, contact details, duplicates). */
  noCodeBecause: text.optional(),
});

export const roleDefinition = z.object({
  id,
  title: text,
  productRole,
  clause,
  /** Different title for the same duty in a local area (cambridgeshire-peterborough "Stage Two"). */
  byArea: z.record(z.string(), z.object({ title: text, clause })).optional(),
  /**
   * Extra conditions on who may hold the role for a case:
   * - chaired-the-conference: the person must be the chair of the challenged conference;
   * - not-involved-earlier: nobody who acted on the case at an earlier stage;
   * - chairs-the-panel: the person must be the member convened as chair of the panel that sat last
   *   on the case (the panel-member product role alone would let any panel member of the
   *   partnership act for the panel).
   */
  mustBe: z.array(z.enum(['chaired-the-conference', 'not-involved-earlier', 'chairs-the-panel'])).optional(),
});

const transition = z.union([
  z.object({ stage: id }),
  z.object({
    close: z.enum(['resolved', 'redirected', 'not-accepted', 'concluded', 'withdrawn']),
    summary: text,
  }),
]);
export type Transition = z.infer<typeof transition>;

export const deadlineRule = z.object({
  id,
  label: text,
  stage: id,
  /** Who owes it (a procedure role id, or `complainant` / `professional`). */
  owner: id,
  /** Milestone the time runs from, and how a reader would say it ("the conference"). */
  from: id,
  fromDescription: text,
  limit: timeLimit,
  /** Limits on the family or a professional extend past non-working days; duties do not. */
  binds: z.enum(['family', 'professional', 'authority']),
  roll: z.enum(['forward', 'none']).optional(),
  /** Milestone that satisfies it. */
  metBy: id,
  clause,
  /** `aim`: the document sets a target it allows to slip, with the delay explained (camden 4.10). */
  strength: z.enum(['must', 'should', 'aim']).default('should'),
  /** Only applies once this milestone has happened (for example an outcome was chosen). */
  appliesWhen: id.optional(),
  /** Discretion to accept what arrives after the limit, with the reason recorded. */
  lateAcceptance: z.object({ by: z.array(id).min(1), clause }).optional(),
  note: text.optional(),
});
export type DeadlineRule = z.infer<typeof deadlineRule>;

export const LETTER_CONTENT = [
  'meeting-notes',
  'points-of-complaint',
  'agreed-actions',
  'outcome-of-meeting',
  'panel-membership',
  'decision',
  'reasons',
  'right-to-escalate',
  'how-to-take-further',
  'ombudsman-and-judicial-review',
  'original-decision-not-expunged',
  'delay-explanation',
  'further-panel-date',
] as const;
export const letterContent = z.enum(LETTER_CONTENT);
export type LetterContent = z.infer<typeof letterContent>;

/** Recipients that are groups of people rather than a role, with how a letter's reader would name them. */
export const RECIPIENT_GROUP_TITLES: Readonly<Record<string, string>> = {
  'conference-attendees-and-invitees': 'everyone who attended or was invited to the conference',
  'conference-minutes-recipients': 'everyone who was sent the minutes of the conference',
};

export const copyRecipient = z.object({
  /** A procedure role id, or a group: `conference-attendees-and-invitees`, `conference-minutes-recipients`. */
  to: id,
  clause,
  /** Only when this flag is set on the case (kingston-richmond "Stage Two" ¶5). */
  when: caseFlag.optional(),
  /** Named contact where the document names one (kept out of code: configuration may override). */
  note: text.optional(),
});

export const letterDefinition = z.object({
  id,
  title: text,
  stage: id,
  clause,
  /** Who writes it. */
  from: id,
  to: z.array(id).min(1),
  requiredContent: z
    .array(
      z.object({
        item: letterContent,
        clause,
        /**
         * Required only when the decision the letter reports chose one of these outcome options
         * (kent 9 ¶11: "cannot be expunged" only when a review conference is recommended).
         */
        whenOutcome: z.array(id).min(1).optional(),
      }),
    )
    .min(1),
  copies: z.array(copyRecipient),
  /** Why no copy list, where the document names none (explicit so it cannot be forgotten). */
  noCopiesBecause: text.optional(),
  /** For right-to-escalate: the deadline rule whose due date the letter must state. */
  escalationDeadline: id.optional(),
});
export type LetterDefinition = z.infer<typeof letterDefinition>;

export const panelRule = z.object({
  id,
  name: text,
  stage: id,
  clause,
  minMembers: z.object({ count: z.number().int().positive(), clause, includesChair: z.boolean() }),
  /** Each entry: at least `atLeast` members from the agencies listed. */
  requiredAgencies: z.array(z.object({ anyOf: z.array(agencyKind).min(1), atLeast: z.number().int().positive(), clause })),
  /** An inter-agency panel: members from at least this many different agencies. */
  distinctAgencies: z.object({ count: z.number().int().min(2), clause }).optional(),
  membersMustBe: z.array(z.object({ requirement: z.enum(['partnership-agency', 'senior']), clause })),
  chair: z.object({
    requirement: z.enum(['senior-partnership-manager', 'local-authority', 'least-involved-agency', 'any-member']),
    clause,
    note: text.optional(),
  }),
  exclusions: z.array(
    z.object({
      kind: z.enum(['line-management-present-or-previous', 'involved-at-earlier-stage', 'chaired-the-conference']),
      clause,
    }),
  ),
  coOptedAdvisers: z.object({ allowed: z.boolean(), by: id.optional(), clause }).optional(),
  inAttendance: z.array(z.object({ role: id, clause })).optional(),
  minuteTaker: z.object({ role: id, clause }).optional(),
  decisionBy: z.object({ rule: z.enum(['consensus', 'majority']), clause }),
  documentPack: z.array(z.object({ item: text, clause })).min(1),
  /** Who assembles the pack. */
  packPreparedBy: id,
});
export type PanelRule = z.infer<typeof panelRule>;

export const outcomeOption = z.object({
  id,
  label: text,
  clause,
  then: transition.optional(),
  /** Needs a date for a further panel and a timescale (kingston-richmond "Stage Three" ¶7). */
  needsFurtherPanelDate: z.boolean().optional(),
  /** A main outcome: at most one may be chosen (any option that moves the case is one too). */
  exclusive: z.boolean().optional(),
  /** For reconvening: whether the chair must differ from the original conference's. */
  chair: z.enum(['different', 'same-or-different']).optional(),
});

export const outcomeRule = z.object({
  id,
  stage: id,
  decidedBy: z.array(id).min(1),
  clause,
  options: z.array(outcomeOption).min(1),
  /** Several options may be chosen together (kingston-richmond "Stage Three" ¶7). */
  multiple: z.boolean(),
  /** The findings the decision must state. */
  findings: z.array(z.enum(['procedures-followed', 'decision-reasonable'])),
  /** What the findings oblige. */
  obligations: z.array(
    z.object({
      when: z.enum(['procedures-not-followed', 'decision-unreasonable', 'followed-and-reasonable']),
      mustChoose: id,
      clause,
    }),
  ),
  /** Options that may not be chosen, with why (kingston-richmond: no reversing the decision). */
  panel: id.optional(),
  default: transition.optional(),
});
export type OutcomeRule = z.infer<typeof outcomeRule>;

export const actionDefinition = z.object({
  id,
  label: text,
  stage: id,
  kind: z.enum(['record', 'meeting', 'letter', 'request', 'panel', 'decision', 'choice']),
  by: z.array(id).min(1),
  clause,
  /** Milestones that must have happened first. */
  requires: z.array(id).optional(),
  /** Milestones after which this is no longer available. */
  unless: z.array(id).optional(),
  /** Only when the case has this flag. */
  when: caseFlag.optional(),
  /** Milestone recorded (defaults to the action id). */
  records: id.optional(),
  then: transition.optional(),
  optional: z.boolean().optional(),
  /** May be done any number of times (keeping someone informed). A letter never is: it has an occasion instead. */
  repeatable: z.boolean().optional(),
  /**
   * Done once for each time this milestone is recorded (a panel's letter once for each decision),
   * citing the clause that says when it is due again (ADR 0034).
   */
  occasion: z.object({ milestone: id, clause }).optional(),
  meeting: z
    .object({
      minutedBy: z.array(id).optional(),
      minutesTo: z.array(id).optional(),
      supporterAllowed: z.boolean(),
      purpose: z.array(text).optional(),
      clause,
      /** The meeting must be chaired by someone other than the challenged conference's chair. */
      chairMustDiffer: clause.optional(),
      /** Those present must have seen, or be briefed on, the panel's decision (camden 5.1). */
      briefingRequired: clause.optional(),
    })
    .optional(),
  /** The same panel as before must sit again (camden 6.3). */
  samePanelAsBefore: z.boolean().optional(),
  letter: id.optional(),
  panel: id.optional(),
  outcome: id.optional(),
  choice: z.array(z.object({ id, label: text, clause, then: transition.optional(), records: id.optional() })).optional(),
  /** Every action must be judged against the original decision still standing. */
  note: text.optional(),
});
export type ActionDefinition = z.infer<typeof actionDefinition>;

export const trackDefinition = z.object({
  id: z.enum(['family', 'professional-dissent']),
  label: text,
  clause,
  startStage: id,
  raisedBy: z.array(complainantKind).min(1),
  /** Child complainants must be judged to have sufficient understanding (kent 3 ¶1). */
  childNeedsSufficientUnderstanding: z.object({ clause }).optional(),
  aspects: z.array(z.object({ aspect, clause })).min(1),
  conferenceTypes: z.array(conferenceType).min(1),
  /** Milestone that marks the challenge as received. */
  raisedMilestone: id,
});

export const stageDefinition = z.object({
  id,
  name: text,
  clause,
  /** Where the case is on entry to the process (the first stage of a track). */
  terminal: z.boolean().optional(),
});

export const scheduleAssumption = z.object({
  milestone: id,
  description: text,
  from: id,
  limit: z.object({ unit: z.enum(['working-days', 'days', 'months', 'hours']), amount: z.number().int().min(0) }),
  why: text,
});

export const procedureSchema = z.object({
  id,
  /**
   * Which revision of the partnership's document this is: 1, 2, ... A revision is a new
   * definition beside the old one, never an edit of it; a case is decided under the revision it
   * was raised under for its whole life (ADR 0009).
   */
  version: z.number().int().positive(),
  /** The London date from which this revision governs newly received challenges (YYYY-MM-DD). */
  effectiveFrom: z.string().refine((value) => parseIsoDate(value) !== undefined, 'must be a real date, YYYY-MM-DD'),
  name: text,
  partnership: text,
  source: z.object({ title: text, file: text, reviewed: text.optional() }),
  citationStyle: z.enum(['numbered', 'section-paragraph', 'heading-paragraph']),
  clauses: z.array(clauseEntry).min(1),
  localAreas: z.array(z.object({ id, name: text, clause })).optional(),
  roles: z.array(roleDefinition).min(1),
  tracks: z.array(trackDefinition).min(1),
  stages: z.array(stageDefinition).min(1),
  actions: z.array(actionDefinition).min(1),
  deadlines: z.array(deadlineRule),
  letters: z.array(letterDefinition),
  panels: z.array(panelRule),
  outcomes: z.array(outcomeRule),
  /** Complaints the procedure sends elsewhere. */
  redirections: z.array(z.object({ subject: z.enum(['agency', 'chair-conduct', 'professional-disagreement']), to: text, clause })),
  limitations: z.array(
    z.object({
      flag: caseFlag,
      effect: z.enum(['cannot-address', 'authority-discretion']),
      decidedBy: z.array(id).min(1),
      clause,
    }),
  ),
  /** Complaints about the chair go to someone else at these stages. */
  chairComplaintRouting: z.object({ replaces: id, with: id, clause, choice: text.optional() }).optional(),
  advocates: z.object({ allowedAtAllStages: z.boolean(), consentRequired: z.boolean(), clause }).optional(),
  decisionStands: z.object({ clause }),
  endResults: z.array(z.object({ result: text, clause })),
  signposting: z.array(z.object({ to: z.enum(['ombudsman', 'judicial-review', 'legal-advice']), clause })),
  scheduleAssumptions: z.array(scheduleAssumption),
  /** Where the document is silent or ambiguous: what we chose and why. */
  choices: z.array(z.object({ topic: text, choice: text, why: text, clause, configurable: z.boolean() })),
});

export type ProcedureInput = z.input<typeof procedureSchema>;
export type Procedure = z.output<typeof procedureSchema>;
export type RoleDefinition = z.infer<typeof roleDefinition>;
export type StageDefinition = z.infer<typeof stageDefinition>;
export type TrackDefinition = z.infer<typeof trackDefinition>;
export type OutcomeOption = z.infer<typeof outcomeOption>;
export type ScheduleAssumption = z.infer<typeof scheduleAssumption>;
