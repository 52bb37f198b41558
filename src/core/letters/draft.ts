/**
 * A letter's draft, composed from the case: who it is to, its subject, and a section for each
 * piece of content the procedure requires, filled from what the case records (the panel's
 * members, the decision and its reasons, the date by which to take the challenge further, the
 * Ombudsman...). What the case does not record (what was said at a meeting, the actions agreed)
 * is left empty for staff to write: a required section left empty stops the letter being sent.
 *
 * The words are ours: the procedures are paraphrased, never quoted. Clause citations stay with
 * the sections for staff and never enter the letter's text.
 */
import { londonDateOf, monthName, parseIsoDate, type IsoDate } from '../calendar/index.js';
import type { LetterDue } from '../engine/engine.js';
import { CONTENT_NAMES } from '../engine/letters.js';
import type { PanelMember, RaisedCase } from '../engine/model.js';
import { CONFERENCE_TYPE_WORDS } from '../engine/words.js';
import { PARTY_ROLES, type AgencyKind, type Aspect, type LetterContent, type Procedure } from '../procedures/schema.js';

/** The sections of a letter: its opening and closing, and one per item of required content. */
export type SectionKey = LetterContent | 'opening' | 'closing';

export interface SectionTemplate {
  readonly key: SectionKey;
  /** The heading the section has in the letter (none for the opening and closing). */
  readonly heading?: string;
  /** What staff see beside the text box. */
  readonly label: string;
  readonly hint: string;
  /** The text composed from the case; empty where the case does not record it. */
  readonly text: string;
  /** Required content: the letter cannot be sent while this section is empty. */
  readonly required: boolean;
  /** The clause requiring it (for staff; never printed). */
  readonly clause?: string;
  /** A sentence the service states itself after the section and staff cannot edit (the date by which). */
  readonly stated?: string;
}

export interface CopyLine {
  readonly to: string;
  /** How the copy list names the recipient in the letter. */
  readonly title: string;
  /** The people a group stands for, where the record knows them (everyone invited to the conference). */
  readonly names: readonly string[];
  readonly clause: string;
}

export interface DraftTemplate {
  readonly letterId: string;
  readonly actionId: string;
  readonly title: string;
  readonly clause: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly addressee: string;
  readonly subject: string;
  readonly sections: readonly SectionTemplate[];
  readonly copies: readonly CopyLine[];
}

/** What the engine says a letter sent now would state and need. */
export interface IfSentNow {
  readonly late: boolean;
  readonly escalation?: { readonly dueDate: IsoDate; readonly explanation: string };
}

export interface ComposeInput {
  readonly procedure: Procedure;
  readonly state: RaisedCase;
  readonly due: LetterDue;
  readonly ifSent: IfSentNow;
  readonly stageName: (id: string) => string;
  /** The people a copy group stands for, by group id. */
  readonly groupMembers: Readonly<Record<string, readonly string[]>>;
  /** The conference's reference in the social care system, where recorded. */
  readonly conferenceReference?: string;
}

/** `15 December 2026` */
export function letterDate(date: IsoDate): string {
  const parsed = parseIsoDate(date);
  if (parsed === undefined) return date;
  const [year, month, day] = parsed.split('-').map(Number);
  return `${String(day)} ${monthName(month ?? 1)} ${String(year)}`;
}

const ASPECT_WORDS: Readonly<Record<Aspect, string>> = {
  process: 'the way the conference was run',
  decision: "the conference's decision",
  category: 'the category of harm recorded',
  information: 'information given to or by the conference',
};

const AGENCY_WORDS: Readonly<Record<AgencyKind, string>> = {
  'local-authority-childrens-services': "Children's services",
  police: 'Police',
  health: 'Health',
  education: 'Education',
  'other-partner': 'Partner agency',
};

const PANEL_ROLE_WORDS: Readonly<Record<PanelMember['role'], string>> = {
  chair: 'chair',
  member: 'member',
  'co-opted-adviser': 'adviser',
};

/** Headings the letter's reader sees, and what staff are asked to write where the case is silent. */
const SECTION_WORDS: Readonly<Record<LetterContent, { readonly heading: string; readonly hint: string }>> = {
  'meeting-notes': { heading: 'Our meeting', hint: 'When you met and what was discussed; say that the notes are enclosed.' },
  'points-of-complaint': { heading: 'What you told us', hint: 'The points of the challenge, in the complainant’s terms.' },
  'agreed-actions': { heading: 'What we agreed', hint: 'The actions agreed, who will take each and by when.' },
  'outcome-of-meeting': { heading: 'The outcome', hint: 'What was decided at the meeting and what happens next.' },
  'panel-membership': { heading: 'The panel', hint: 'Who sat on the panel, with their roles and agencies.' },
  decision: { heading: 'The decision', hint: 'What was decided.' },
  reasons: { heading: 'How the decision was reached', hint: 'How the decision was reached and why.' },
  'right-to-escalate': { heading: 'Taking your challenge further', hint: 'The right to go on to the next stage.' },
  'how-to-take-further': { heading: 'How to take your concerns further', hint: 'Who to write to and what to include.' },
  'ombudsman-and-judicial-review': { heading: 'If you remain unhappy', hint: 'The Ombudsman, and legal advice or judicial review.' },
  'original-decision-not-expunged': {
    heading: 'The original decision',
    hint: 'That the original conference decision stays on record and cannot be removed.',
  },
  'delay-explanation': { heading: 'Why this letter is late', hint: 'Why this letter is later than the time limit, with an apology.' },
  'further-panel-date': { heading: 'When the panel meets again', hint: 'The date of the further panel and the timescale.' },
};

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

const londonDay = (instant: Date): IsoDate => londonDateOf(instant);

/** The latest meeting of the letter's stage that the case records as held. */
function meetingHeld(procedure: Procedure, state: RaisedCase, stage: string): Date | undefined {
  const held = procedure.actions
    .filter((a) => a.stage === stage && a.kind === 'meeting')
    .map((a) => state.milestones[a.records ?? a.id]?.at)
    .filter((at): at is Date => at !== undefined)
    .sort((a, b) => a.getTime() - b.getTime());
  return held[held.length - 1];
}

/** The step that takes the challenge further from this letter: its next stage, and who receives the request. */
function escalationStep(procedure: Procedure, due: LetterDue, stageName: (id: string) => string) {
  const rule = procedure.deadlines.find((d) => d.id === due.letter.escalationDeadline);
  if (rule === undefined) return undefined;
  const action = procedure.actions.find((a) => (a.records ?? a.id) === rule.metBy);
  if (action === undefined) return undefined;
  const then = action.then;
  const nextStage = then !== undefined && 'stage' in then ? stageName(then.stage) : undefined;
  const receivers = action.by
    .filter((role) => !PARTY_ROLES.some((party) => party.id === role))
    .map((role) => procedure.roles.find((r) => r.id === role)?.title)
    .filter((title): title is string => title !== undefined);
  return { nextStage, receivers };
}

function panelText(state: RaisedCase, procedure: Procedure, stage: string): string {
  const stageActions = new Set(procedure.actions.filter((a) => a.stage === stage).map((a) => a.id));
  const panel = [...state.panels].reverse().find((p) => stageActions.has(p.action)) ?? state.panels[state.panels.length - 1];
  if (panel === undefined) return '';
  const lines = panel.members.map((m) => `${m.name}, ${PANEL_ROLE_WORDS[m.role]} (${AGENCY_WORDS[m.agency]})`);
  return `The panel that considered your challenge was made up of:\n${lines.join('\n')}`;
}

function decisionOf(state: RaisedCase, procedure: Procedure) {
  const decision = state.decisions[state.decisions.length - 1];
  if (decision === undefined) return undefined;
  const action = procedure.actions.find((a) => a.id === decision.action);
  const rule = procedure.outcomes.find((o) => o.id === action?.outcome);
  const panel = procedure.panels.find((p) => p.id === rule?.panel);
  const labels = decision.options.map((id) => rule?.options.find((o) => o.id === id)?.label ?? id);
  return { decision, labels, decidedBy: panel?.decisionBy.rule };
}

function decisionText(state: RaisedCase, procedure: Procedure): string {
  const found = decisionOf(state, procedure);
  if (found === undefined) return '';
  const { decision, labels } = found;
  const sentences = [`The panel decided to ${listWords(labels.map(lowerFirst))}.`];
  const { proceduresFollowed, decisionReasonable } = decision.findings;
  if (proceduresFollowed !== undefined)
    sentences.push(proceduresFollowed ? 'It found that the procedures were followed.' : 'It found that the procedures were not followed.');
  if (decisionReasonable !== undefined)
    sentences.push(
      decisionReasonable
        ? "It found that the conference's decision was reasonable on the information it had."
        : "It found that the conference's decision was not reasonable on the information it had.",
    );
  return sentences.join(' ');
}

function reasonsText(state: RaisedCase, procedure: Procedure): string {
  const found = decisionOf(state, procedure);
  if (found === undefined || found.decision.reasons.trim() === '') return '';
  const { decision, decidedBy } = found;
  const how =
    decidedBy === 'consensus'
      ? 'The panel reached its decision together, by agreement.'
      : decidedBy === 'majority'
        ? 'The panel reached its decision by a majority.'
        : '';
  return [how, `Its reasons were:\n${decision.reasons.trim()}`].filter((t) => t !== '').join('\n\n');
}

function signpostingText(procedure: Procedure): string {
  const to = new Set(procedure.signposting.map((s) => s.to));
  const paragraphs: string[] = [];
  if (to.has('ombudsman'))
    paragraphs.push(
      'If you are still unhappy once this procedure is finished, you can ask the Local Government and Social Care Ombudsman to look into how your challenge was handled. The Ombudsman is independent and free to use: see www.lgo.org.uk or call 0300 061 0614.',
    );
  if (to.has('judicial-review'))
    paragraphs.push(
      'You may also wish to take independent legal advice about asking the High Court to review the decision (judicial review). Strict time limits apply, so please seek advice promptly.',
    );
  else if (to.has('legal-advice')) paragraphs.push('You may also wish to take independent legal advice.');
  return paragraphs.join('\n\n');
}

function itemText(item: LetterContent, input: ComposeInput): { text: string; stated?: string } {
  const { procedure, state, due, ifSent, stageName } = input;
  switch (item) {
    case 'meeting-notes': {
      const held = meetingHeld(procedure, state, due.letter.stage);
      return {
        text:
          held === undefined
            ? ''
            : `We met on ${letterDate(londonDay(held))} to talk about your concerns. A copy of the notes of that meeting is enclosed.`,
      };
    }
    case 'points-of-complaint':
      return { text: `You told us that you were unhappy with ${listWords(state.aspects.map((a) => ASPECT_WORDS[a]))}.` };
    case 'agreed-actions':
    case 'outcome-of-meeting':
    case 'delay-explanation':
      return { text: '' };
    case 'panel-membership':
      return { text: panelText(state, procedure, due.letter.stage) };
    case 'decision':
      return { text: decisionText(state, procedure) };
    case 'reasons':
      return { text: reasonsText(state, procedure) };
    case 'right-to-escalate': {
      const step = escalationStep(procedure, due, stageName);
      const next = step?.nextStage ?? 'the next stage of the procedure';
      return {
        text: `If you are not satisfied with this response, you have the right to ask for your challenge to go on to ${next}.`,
        ...(ifSent.escalation === undefined ? {} : { stated: `Your request must reach us by ${letterDate(ifSent.escalation.dueDate)}.` }),
      };
    }
    case 'how-to-take-further': {
      const step = escalationStep(procedure, due, stageName);
      const who = step === undefined || step.receivers.length === 0 ? 'us' : `the ${listWords(step.receivers)}`;
      return {
        text: `To take your concerns further, please write to ${who}, saying which of your concerns remain and why. Someone such as a friend or an advocate may help you, and may come with you to any meeting.`,
      };
    }
    case 'ombudsman-and-judicial-review':
      return { text: signpostingText(procedure) };
    case 'original-decision-not-expunged':
      return {
        text: "Although the panel has recommended a review conference, the original conference's decision stays on the child's record: it cannot be removed from it.",
      };
    case 'further-panel-date': {
      const date = state.decisions[state.decisions.length - 1]?.furtherPanelDate;
      return { text: date === undefined ? '' : `The panel will meet again on ${letterDate(date)}.` };
    }
  }
}

/** Composes the letter's draft from the case, as the engine says it is due now. */
export function composeDraft(input: ComposeInput): DraftTemplate {
  const { state, due, ifSent } = input;
  const held = letterDate(londonDay(state.conference.heldAt));
  const reference = input.conferenceReference === undefined ? '' : ` (reference ${input.conferenceReference})`;
  const continues = due.requiredContent.some((c) => c.item === 'right-to-escalate');
  const opening = [
    `I am writing about your challenge to the ${CONFERENCE_TYPE_WORDS[state.conference.type]} conference held on ${held}${reference}.`,
    ...(continues ? ["The conference's decision stands while your challenge is being considered."] : []),
  ].join(' ');
  const sections: SectionTemplate[] = [
    { key: 'opening', label: 'Opening', hint: 'Why you are writing.', text: opening, required: false },
    ...due.requiredContent.map((content): SectionTemplate => {
      const words = SECTION_WORDS[content.item];
      const filled = itemText(content.item, input);
      return {
        key: content.item,
        heading: words.heading,
        label: capitalise(CONTENT_NAMES[content.item]),
        hint: words.hint,
        text: filled.text,
        // An explanation of delay is owed only by a letter sent after its time limit.
        required: content.item !== 'delay-explanation' || ifSent.late,
        clause: content.clause,
        ...(filled.stated === undefined ? {} : { stated: filled.stated }),
      };
    }),
    {
      key: 'closing',
      label: 'Closing',
      hint: 'The sign-off, with your name and role.',
      text: `Yours sincerely\n\n\n${due.from}`,
      required: false,
    },
  ];
  return {
    letterId: due.letter.id,
    actionId: due.action.id,
    title: due.letter.title,
    clause: due.letter.clause,
    from: due.from,
    to: due.to,
    addressee: due.to.map(capitalise).join('\n'),
    subject: `Your challenge to the conference held on ${held}`,
    sections,
    copies: due.copies.map((c) => ({ to: c.to, title: capitalise(c.title), names: input.groupMembers[c.to] ?? [], clause: c.clause })),
  };
}

/** A section's text as paragraphs: blank lines separate paragraphs; single line breaks are kept within one. */
export function paragraphsOf(text: string): string[][] {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((line) => line.trimEnd()))
    .filter((lines) => lines.some((line) => line.trim() !== ''));
}

/** A letter ready to print: everything in it is text, never markup. */
export interface PrintableLetter {
  readonly letterhead: Letterhead;
  readonly date: string;
  /** The case's reference (e.g. CAMDEN-2026-0006), printed as "Our reference"; absent on letters sent before it was printed. */
  readonly reference?: string;
  readonly addressee: readonly string[];
  readonly subject: string;
  readonly blocks: readonly { readonly heading?: string; readonly paragraphs: readonly (readonly string[])[] }[];
  readonly copies: readonly string[];
}

export interface Letterhead {
  readonly name: string;
  readonly addressLines: readonly string[];
  readonly postcode: string;
  readonly phone: string;
  readonly email: string;
  readonly website: string;
}

/** What a letter says, section by section, as staff left it. */
export interface LetterText {
  readonly addressee: string;
  readonly subject: string;
  readonly sections: readonly { readonly key: SectionKey; readonly heading?: string; readonly text: string; readonly stated?: string }[];
  readonly copies: readonly CopyLine[];
}

/** The letter on its letterhead, dated: empty optional sections are left out, copies listed without their clauses. */
export function printable(letterhead: Letterhead, date: IsoDate, text: LetterText, reference?: string): PrintableLetter {
  return {
    letterhead,
    date: letterDate(date),
    ...(reference === undefined ? {} : { reference }),
    addressee: text.addressee.split(/\r?\n/).filter((line) => line.trim() !== ''),
    subject: text.subject,
    blocks: text.sections
      .map((s) => {
        const paragraphs = [...paragraphsOf(s.text), ...(s.stated === undefined ? [] : [[s.stated]])];
        return { ...(s.heading === undefined ? {} : { heading: s.heading }), paragraphs };
      })
      .filter((b) => b.paragraphs.length > 0),
    copies: text.copies.map((c) => (c.names.length === 0 ? c.title : `${c.title}: ${c.names.join(', ')}`)),
  };
}
