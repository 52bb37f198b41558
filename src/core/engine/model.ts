/**
 * Commands, events and state of a challenge case. Commands carry the actor and `now`; the engine
 * never reads the clock. Events are facts in the past tense; state is their fold.
 */
import type { DeliveryMethod, IsoDate } from '../calendar/index.js';
import type { AgencyKind, Aspect, CaseFlag, ComplainantKind, ConferenceType, LetterContent, ProductRole } from '../procedures/schema.js';

export interface Actor {
  readonly id: string;
  readonly role: ProductRole;
  readonly name?: string;
}

export interface ConferenceFacts {
  readonly id: string;
  readonly type: ConferenceType;
  readonly heldAt: Date;
  readonly chairId: string;
  /** Decision and category, as recorded at the conference; nothing here ever changes them. */
  readonly decision?: string;
  readonly category?: string;
}

export interface Complainant {
  readonly kind: ComplainantKind;
  /** For a child: judged to have sufficient understanding (kent 3 ¶1). */
  readonly sufficientUnderstanding?: boolean;
  /** Who they are and how to reach them, as the officer who took the challenge recorded it: no rule reads these. */
  readonly name?: string;
  /** Their relationship to the child, in their words ("mother", "school nurse"). */
  readonly relationship?: string;
  readonly contact?: string;
}

export interface Advocate {
  readonly name: string;
  /** When the complainant consented to the advocate's inclusion and information sharing. */
  readonly consentRecordedAt?: Date;
}

export interface PanelMember {
  readonly personId: string;
  readonly name: string;
  readonly agency: AgencyKind;
  /** Employed by an agency of the partnership. */
  readonly partnershipAgency: boolean;
  readonly senior: boolean;
  readonly role: 'chair' | 'member' | 'co-opted-adviser';
  /** Present or previous direct line-management responsibility for the case, as the member declares. */
  readonly declaresLineManagement?: boolean;
}

/** A panel's recommendation to one agency: which agency, and what it recommends. */
export interface Recommendation {
  readonly agency: AgencyKind;
  readonly text: string;
}

export type ActionDetails =
  | { readonly kind: 'record'; readonly note?: string }
  | {
      readonly kind: 'meeting';
      readonly minuteTaker?: { readonly personId: string; readonly role: string };
      readonly chairId?: string;
      readonly briefed?: boolean;
      readonly supporterPresent?: boolean;
    }
  | {
      readonly kind: 'letter';
      readonly method: DeliveryMethod;
      readonly content: Partial<Record<LetterContent, string>>;
      readonly copiedTo: readonly string[];
    }
  | { readonly kind: 'request'; readonly reasons?: string }
  | { readonly kind: 'panel'; readonly members: readonly PanelMember[] }
  | {
      readonly kind: 'decision';
      readonly options: readonly string[];
      readonly findings: { readonly proceduresFollowed?: boolean; readonly decisionReasonable?: boolean };
      readonly reasons: string;
      readonly votes?: { readonly for: number; readonly against: number };
      readonly furtherPanelDate?: IsoDate;
      /** What the panel says practice should learn from the case (ADR 0026). */
      readonly learningPoints?: readonly string[];
      /** Recommendations, each to a named agency of the partnership (ADR 0026). */
      readonly recommendations?: readonly Recommendation[];
    }
  | { readonly kind: 'choice'; readonly option: string; readonly reason: string };

interface CommandBase {
  /** Who takes the step: every rule of the procedure is asked of them. */
  readonly actor: Actor;
  readonly now: Date;
  /** Who records it, when that is someone else keeping the case file for the actor (ADR 0030). */
  readonly recordedBy?: ActorRef;
}

export type Command =
  | (CommandBase & {
      readonly type: 'RaiseChallenge';
      readonly caseId: string;
      readonly track: 'family' | 'professional-dissent';
      readonly conference: ConferenceFacts;
      readonly complainant: Complainant;
      readonly aspects: readonly Aspect[];
      readonly receivedAt: Date;
      /** What it is about: the conference, or an agency's own service (which goes elsewhere). */
      readonly subject: 'conference' | 'agency';
      readonly flags?: readonly CaseFlag[];
      readonly localArea?: string;
      readonly advocate?: Advocate;
      /** People with present or previous direct line management of the case (for panel independence). */
      readonly caseLineManagers?: readonly string[];
      /** The case's social worker, team manager and so on, as the directory names them. */
      readonly caseWorkerIds?: readonly string[];
      readonly summary?: string;
      /** How the challenge reached the partnership; in person or by phone, the officer records it in writing (ADR 0016). */
      readonly receivedBy?: DeliveryMethod;
    })
  | (CommandBase & {
      readonly type: 'PerformAction';
      readonly action: string;
      /** When it happened, if earlier than it is being recorded; never after `now`. */
      readonly occurredAt?: Date;
      readonly details: ActionDetails;
      /**
       * Set when replay decides a fact already stored: an occasion already answered does not refuse
       * it, as sends recorded before occasions were counted stand as they went (ADR 0034).
       */
      readonly replaying?: boolean;
    })
  | (CommandBase & {
      readonly type: 'RecordConferenceMinutesSent';
      readonly sentAt: Date;
      readonly method: DeliveryMethod;
    })
  | (CommandBase & { readonly type: 'RecordReceipt'; readonly milestone: string; readonly receivedOn: IsoDate })
  | (CommandBase & {
      readonly type: 'DecideLateArrival';
      /** When it was decided, if earlier than it is being recorded; never after `now`. */
      readonly occurredAt?: Date;
      readonly deadline: string;
      readonly accept: boolean;
      readonly reason: string;
    })
  | (CommandBase & {
      readonly type: 'DecideLimitation';
      /** When it was decided, if earlier than it is being recorded; never after `now`. */
      readonly occurredAt?: Date;
      readonly flag: CaseFlag;
      readonly proceed: boolean;
      readonly reason: string;
    })
  | (CommandBase & {
      readonly type: 'WithdrawChallenge';
      /** When the complainant withdrew, if earlier than it is being recorded; never after `now`. */
      readonly occurredAt?: Date;
      readonly reason: string;
    })
  | (CommandBase & {
      readonly type: 'BookAction';
      readonly action: string;
      /** When the meeting or panel is to be held: after `now` (one already held is recorded as held). */
      readonly bookedFor: Date;
      /** Why the date moved; required when the action is already booked. */
      readonly reason?: string;
      /** Set when replay decides a booking already stored: who may book it is not asked again of a rule added since (ADR 0039). */
      readonly replaying?: boolean;
    })
  | (CommandBase & {
      readonly type: 'DeclareIndependence';
      /** The panel member the declaration is by: the member themselves, or recorded for them by whoever convenes the panel. */
      readonly personId: string;
      /** True: no involvement in and no line management of the case. False: declined, with the reason. */
      readonly independent: boolean;
      readonly reason?: string;
      /** When it was declared, if earlier than it is being recorded; never after `now`. */
      readonly occurredAt?: Date;
    })
  | (CommandBase & {
      readonly type: 'ChangeCaseFacts';
      readonly reason: string;
      /** The case workers as they now stand: the whole list, replacing the one before. */
      readonly caseWorkerIds?: readonly string[];
      /** The flags as they now stand: the whole list, replacing the one before. */
      readonly flags?: readonly CaseFlag[];
    });

export interface ActorRef {
  readonly id: string;
  readonly role: ProductRole;
}

interface EventBase {
  /** When the event was recorded (the server's clock). */
  readonly at: Date;
  readonly by: ActorRef;
  /** Who recorded it, when not the person who took the step (ADR 0030); absent on events before it. */
  readonly recordedBy?: ActorRef;
}

/**
 * What a consequence adds to its base: when it happened, which is when the fact that caused it
 * happened. Optional because consequences stored before ADR 0015 lack it (they are ignored on
 * replay, and fall back to `at` in a plain fold).
 */
interface ConsequenceBase extends EventBase {
  readonly occurredAt?: Date;
}

/** What a correction may change in a fact: when it happened, and details of the same kind. */
export interface FactChange {
  readonly occurredAt?: Date;
  readonly receivedOn?: IsoDate;
  readonly method?: DeliveryMethod;
  readonly details?: ActionDetails;
}

/** What is known of a challenge when it is raised; the stage is where it starts. */
export interface ChallengeFacts {
  readonly caseId: string;
  readonly procedureId: string;
  /** The revision of the procedure the case was raised under, and is decided under for good (ADR 0009). */
  readonly procedureVersion: number;
  readonly track: 'family' | 'professional-dissent';
  readonly stage: string;
  readonly conference: ConferenceFacts;
  readonly complainant: Complainant;
  readonly aspects: readonly Aspect[];
  readonly receivedAt: Date;
  readonly flags: readonly CaseFlag[];
  readonly localArea?: string;
  readonly advocate?: Advocate;
  readonly caseLineManagers: readonly string[];
  /** The case workers; absent on cases raised before they were kept, which have only `caseLineManagers`. */
  readonly caseWorkerIds?: readonly string[];
}

export type CloseKind = 'resolved' | 'redirected' | 'not-accepted' | 'concluded' | 'withdrawn';

export type CaseEvent =
  | (EventBase &
      ChallengeFacts & {
        readonly type: 'ChallengeRaised';
        readonly raisedMilestone: string;
        readonly summary?: string;
        readonly receivedBy?: DeliveryMethod;
      })
  | (ConsequenceBase & {
      readonly type: 'ArrivedAfterTimeLimit';
      readonly deadline: string;
      readonly due: IsoDate;
      readonly clause: string;
    })
  | (ConsequenceBase & { readonly type: 'LimitationApplies'; readonly flag: CaseFlag; readonly clause: string })
  | (EventBase & {
      readonly type: 'ConferenceMinutesSent';
      readonly sentAt: Date;
      readonly method: DeliveryMethod;
      readonly deemedReceivedOn: IsoDate;
    })
  | (EventBase & { readonly type: 'ReceiptRecorded'; readonly milestone: string; readonly receivedOn: IsoDate })
  | (EventBase & {
      readonly type: 'ActionPerformed';
      readonly action: string;
      readonly stage: string;
      readonly occurredAt: Date;
      readonly milestones: readonly string[];
      readonly details: ActionDetails;
      /** For letters: the date by which the recipient may escalate, as the letter states it. */
      readonly escalateBy?: IsoDate;
      readonly deemedReceivedOn?: IsoDate;
    })
  | (EventBase & {
      readonly type: 'LateArrivalDecided';
      readonly occurredAt?: Date;
      readonly deadline: string;
      readonly accepted: boolean;
      readonly reason: string;
      readonly clause: string;
    })
  | (EventBase & {
      readonly type: 'LimitationDecided';
      readonly occurredAt?: Date;
      readonly flag: CaseFlag;
      readonly proceed: boolean;
      readonly reason: string;
      readonly clause: string;
    })
  | (ConsequenceBase & { readonly type: 'StageEntered'; readonly stage: string })
  | (EventBase & {
      readonly type: 'ActionBooked';
      /** When the booking was made (the same as `at`: a booking is recorded as it is made). */
      readonly occurredAt: Date;
      readonly action: string;
      readonly bookedFor: Date;
      readonly reason?: string;
    })
  | (EventBase & {
      readonly type: 'IndependenceDeclared';
      readonly occurredAt: Date;
      /** Which convening of a panel it is about: 1 for the first panel convened on the case, and so on. */
      readonly panel: number;
      readonly personId: string;
      readonly independent: boolean;
      readonly reason?: string;
    })
  | (EventBase & {
      readonly type: 'CaseFactsChanged';
      /** When the facts changed (the same as `at`: the change is recorded as it is made). */
      readonly occurredAt: Date;
      readonly reason: string;
      readonly caseWorkerIds?: readonly string[];
      readonly flags?: readonly CaseFlag[];
    })
  | (ConsequenceBase & {
      readonly type: 'ChallengeClosed';
      readonly outcome: CloseKind;
      readonly summary: string;
      readonly clause?: string;
      /** Set when the complainant withdrew (a fact), as against a close the procedure brought about (a consequence). */
      readonly withdrawn?: true;
    })
  | (EventBase & {
      readonly type: 'FactCorrected';
      /** The seq of the fact corrected; the latest correction of a fact wins. */
      readonly target: number;
      readonly reason: string;
      readonly change: FactChange;
    })
  | (EventBase & { readonly type: 'FactVoided'; readonly target: number; readonly reason: string });

export interface MilestoneRecord {
  readonly at: Date;
  readonly by: ActorRef;
  /** For receipts: the London date it was received (recorded or deemed). */
  readonly date?: IsoDate;
  readonly deemed?: boolean;
}

export interface LetterRecord {
  readonly letter: string;
  readonly action: string;
  readonly sentAt: Date;
  readonly method: DeliveryMethod;
  readonly copiedTo: readonly string[];
  readonly content: Partial<Record<LetterContent, string>>;
  readonly escalateBy?: IsoDate;
}

/** A meeting or panel booked for a date: the date it stands at, and every date it was booked for before. */
export interface BookingRecord {
  readonly action: string;
  readonly bookedFor: Date;
  readonly bookedAt: Date;
  readonly by: ActorRef;
  /** Earlier bookings, oldest first, each with the reason it was moved from. */
  readonly previous: readonly { readonly bookedFor: Date; readonly bookedAt: Date; readonly by: ActorRef; readonly movedBecause: string }[];
}

export interface DecisionRecord {
  readonly action: string;
  readonly options: readonly string[];
  readonly findings: { readonly proceduresFollowed?: boolean; readonly decisionReasonable?: boolean };
  readonly reasons: string;
  readonly at: Date;
  readonly furtherPanelDate?: IsoDate;
  readonly votes?: { readonly for: number; readonly against: number };
  readonly learningPoints: readonly string[];
  readonly recommendations: readonly Recommendation[];
}

/** A panel member's declaration of independence from the case, for one convening of a panel. */
export interface DeclarationRecord {
  /** 1 for the first panel convened on the case, and so on (an index into `panels`, plus one). */
  readonly panel: number;
  readonly personId: string;
  readonly independent: boolean;
  readonly reason?: string;
  readonly at: Date;
  readonly by: ActorRef;
}

/** A case once raised, open or closed (`status` says which). */
export interface RaisedCase extends ChallengeFacts {
  readonly status: 'open' | 'closed';
  readonly milestones: Readonly<Record<string, MilestoneRecord>>;
  readonly actionCounts: Readonly<Record<string, number>>;
  /** How many times each milestone was recorded by an action: the occasions an action done once for each answers (ADR 0034). */
  readonly milestoneCounts: Readonly<Record<string, number>>;
  /** Who acted at each stage: nobody involved earlier may sit on a later panel. */
  readonly actorsByStage: Readonly<Record<string, readonly string[]>>;
  readonly stageHistory: readonly { readonly stage: string; readonly enteredAt: Date }[];
  /** Things that arrived after a time limit with discretion to accept; `decision` once decided. */
  readonly lateArrivals: readonly {
    readonly deadline: string;
    readonly clause: string;
    readonly decision?: { readonly accepted: boolean; readonly reason: string };
  }[];
  readonly pendingLimitations: readonly { readonly flag: CaseFlag; readonly clause: string }[];
  readonly panels: readonly { readonly action: string; readonly members: readonly PanelMember[]; readonly at: Date }[];
  /** Declarations of independence, in the order they happened; a later one by the same member for the same panel replaces it. */
  readonly declarations: readonly DeclarationRecord[];
  readonly decisions: readonly DecisionRecord[];
  readonly letters: readonly LetterRecord[];
  /** Bookings by action id. */
  readonly bookings: Readonly<Record<string, BookingRecord>>;
  readonly closed?: { readonly outcome: CloseKind; readonly summary: string; readonly at: Date };
  readonly version: number;
}

export type CaseState = { readonly status: 'not-raised'; readonly version: 0 } | RaisedCase;

export const INITIAL_STATE: CaseState = { status: 'not-raised', version: 0 };

export interface Refusal {
  readonly code:
    | 'not-raised'
    | 'already-raised'
    | 'closed'
    | 'not-eligible'
    | 'redirected'
    | 'not-permitted'
    | 'not-available'
    | 'invalid'
    | 'panel-invalid'
    | 'awaiting-decision';
  readonly message: string;
  readonly clause?: string;
  readonly problems?: readonly { readonly message: string; readonly clause?: string }[];
}

/** What `decide` answers: the events a command produces, or why it is refused. */
export type DecideResult = { readonly ok: true; readonly events: readonly CaseEvent[] } | { readonly ok: false; readonly refusal: Refusal };
