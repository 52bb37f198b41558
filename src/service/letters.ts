/**
 * A case's letters: the ones the procedure makes due now, each drafted from the case, edited in
 * saved versions, previewed and downloaded as PDF or Word on the partnership's letterhead, and
 * recorded as sent through the case's own action, which starts any clock that runs from its
 * receipt. A letter missing required content is refused before the engine is asked; once sent,
 * its text is frozen as it went. Every read is audited against the case.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { londonDateOf, type DeliveryMethod, type IsoDate } from '../core/calendar/index.js';
import type { LetterDue } from '../core/engine/engine.js';
import { CONTENT_NAMES } from '../core/engine/letters.js';
import {
  composeDraft,
  letterDate,
  printable,
  type CopyLine,
  type DraftTemplate,
  type Letterhead,
  type LetterText,
  type SectionKey,
} from '../core/letters/draft.js';
import type { LetterContent } from '../core/procedures/schema.js';
import type { Schema } from '../store/database.js';
import type { AuditLog } from './audit.js';
import type { CaseService } from './cases.js';
import { ServiceError, notFound } from './errors.js';
import type { Letterheads } from './letterheads.js';
import type { Principal } from './principal.js';

/** How a draft's letter will go, until the sender says otherwise. */
const DEFAULT_METHOD: DeliveryMethod = 'first-class-post';

export interface DraftChange {
  /** The draft's version you read (0 for a draft never saved); a stale one is refused with 409. */
  readonly expectedVersion: number;
  readonly addressee?: string;
  readonly subject?: string;
  readonly method?: DeliveryMethod;
  readonly sections?: Readonly<Partial<Record<SectionKey, string>>>;
}

export interface SendInput {
  /** The case's version you read, as for any action on it. */
  readonly expectedVersion: number;
  readonly method: DeliveryMethod;
  /** When it was sent; default now. */
  readonly sentAt?: Date;
  /** The colleague who sent it, when you record it for them (record-for-others, ADR 0030). */
  readonly takenBy?: string;
}

/** Whether the reader may record a draft as sent, and, for one who records for others, who else could have sent it (ADR 0030). */
export interface Sending {
  readonly allowed: boolean;
  readonly clause: string;
  readonly reason?: string;
  readonly recordFor?: readonly {
    readonly id: string;
    readonly name: string;
    readonly role: string;
    readonly allowed: boolean;
    readonly reason?: string;
  }[];
}

interface StoredContent {
  readonly addressee: string;
  readonly subject: string;
  readonly method: DeliveryMethod;
  readonly sections: Readonly<Partial<Record<SectionKey, string>>>;
}

/** A letter exactly as it was sent. */
interface FrozenLetter {
  readonly letterhead: Letterhead;
  readonly date: IsoDate;
  readonly text: LetterText;
  /** The case's reference as printed; absent on letters frozen before the reference was printed, which print without it, as they went. */
  readonly reference?: string;
}

export interface SectionView {
  readonly key: SectionKey;
  readonly label: string;
  readonly heading: string | null;
  readonly hint: string;
  readonly text: string;
  readonly required: boolean;
  readonly clause: string | null;
  readonly stated: string | null;
}

export interface LetterView {
  readonly caseId: string;
  readonly letterId: string;
  readonly actionId: string;
  readonly title: string;
  readonly clause: string;
  readonly status: 'draft' | 'sent';
  /** The draft's saved version: 0 for a draft composed from the case and never saved. */
  readonly version: number;
  /** The case's version the view was composed from: what sending it expects. */
  readonly caseVersion: number;
  readonly from: string;
  readonly to: readonly string[];
  readonly addressee: string;
  readonly subject: string;
  readonly method: DeliveryMethod;
  readonly sections: readonly SectionView[];
  readonly copies: readonly CopyLine[];
  /** Required content still empty: the letter cannot be sent until each is written. */
  readonly missing: readonly { readonly item: string; readonly label: string; readonly clause: string }[];
  /** For a draft, sent today by `method`: the date the letter would state, and whether it would be late. */
  readonly ifSentToday: { readonly escalateBy: IsoDate | null; readonly explanation: string | null; readonly late: boolean } | null;
  readonly dueDate: IsoDate | null;
  readonly versions: readonly { readonly version: number; readonly editedAt: string; readonly editedBy: string }[];
  readonly sent: SentRecord | null;
  /** Why the letter is not due now (a sent letter: until its occasion comes again, ADR 0034), in the engine's words. */
  readonly notDueBecause: { readonly reason: string; readonly clause: string } | null;
  /** For a draft: whether the reader may record it as sent now (absent once sent). */
  readonly sending?: Sending;
}

/**
 * A sent letter as the case records it now, corrections applied (ADR 0034): when and how it went,
 * when it counts as received, who sent it and who recorded it, and the record to correct. The
 * frozen wording is not part of it and never changes.
 */
export interface SentRecord {
  readonly at: string;
  readonly method: DeliveryMethod;
  /** Who sent it: the person the procedure's rules were asked of. */
  readonly by: string;
  /** Who recorded it, when someone else kept the case file for them (ADR 0030); otherwise the sender. */
  readonly recordedBy: string;
  readonly escalateBy: IsoDate | null;
  /** The day it counts as received: a recorded receipt, or deemed from the method (ADR 0013). */
  readonly receivedOn: IsoDate | null;
  readonly receiptDeemed: boolean;
  /** The record (seq) of the send on the case's timeline, which a correction names. */
  readonly record: number | null;
  readonly corrected: boolean;
  /** When and how it was recorded as sent when the letter was frozen, before any correction. */
  readonly firstRecorded: { readonly at: string; readonly method: DeliveryMethod };
}

export interface LetterList {
  readonly due: readonly {
    readonly letterId: string;
    readonly actionId: string;
    readonly title: string;
    readonly clause: string;
    readonly from: string;
    readonly to: readonly string[];
    readonly dueDate: IsoDate | null;
    readonly draftVersion: number;
  }[];
  readonly sent: readonly {
    readonly letterId: string;
    readonly title: string;
    readonly sentAt: string;
    readonly method: DeliveryMethod;
  }[];
}

type Loaded = Awaited<ReturnType<CaseService['forLetters']>>;

/** What a letter's reader would call each piece of content, for refusals and error summaries. */
const contentName = (item: string): string => CONTENT_NAMES[item as LetterContent];

export class LetterService {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly cases: CaseService,
    private readonly letterheads: Letterheads,
    private readonly audit: AuditLog,
  ) {}

  private async audited(principal: Principal, caseId: string, action: string, now: Date): Promise<void> {
    await this.audit.record({ at: now, principal, action, subjectType: 'case', subjectId: caseId, outcome: 'ok' });
  }

  async list(principal: Principal, caseId: string, now: Date): Promise<LetterList> {
    const loaded = await this.cases.forLetters(principal, caseId, now, 'letter.list');
    const due = loaded.engine.lettersDue(loaded.state, now);
    const rows = await this.db
      .selectFrom('letter_drafts')
      .select(['letter_id', 'status', 'version', 'sent_at', 'sent_method'])
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .execute();
    await this.audited(principal, caseId, 'letter.list', now);
    return {
      due: due.map((d) => ({
        letterId: d.letter.id,
        actionId: d.action.id,
        title: d.letter.title,
        clause: d.letter.clause,
        from: d.from,
        to: d.to,
        dueDate: d.deadline?.due.dueDate ?? null,
        draftVersion: rows.find((r) => r.letter_id === d.letter.id && r.status === 'draft')?.version ?? 0,
      })),
      sent: rows.flatMap((r) => {
        const title = loaded.engine.procedure.letters.find((l) => l.id === r.letter_id)?.title ?? r.letter_id;
        return r.status === 'sent' && r.sent_at !== null && r.sent_method !== null
          ? [{ letterId: r.letter_id, title, sentAt: r.sent_at, method: r.sent_method }]
          : [];
      }),
    };
  }

  async read(principal: Principal, caseId: string, letterId: string, now: Date): Promise<LetterView> {
    const view = await this.resolve(principal, caseId, letterId, now, 'letter.read');
    await this.audited(principal, caseId, 'letter.read', now);
    return view;
  }

  /** Saves a new version of the draft: the sections given replace their text, the rest stay as they were. */
  async save(principal: Principal, caseId: string, letterId: string, change: DraftChange, now: Date): Promise<LetterView> {
    const loaded = await this.cases.forLetters(principal, caseId, now, 'letter.edit');
    const due = this.dueLetter(loaded, letterId, now, principal);
    const row = await this.openDraft(caseId, letterId);
    const current = row?.version ?? 0;
    if (change.expectedVersion !== current) {
      throw new ServiceError(
        'stale',
        `This draft has changed since you read it: it is at version ${String(current)}, not ${String(change.expectedVersion)}. Read it again and make your changes afresh.`,
        { currentVersion: current },
      );
    }
    const template = await this.template(loaded, due, now, row?.content?.method ?? change.method ?? DEFAULT_METHOD, principal);
    const known = new Set<string>(template.sections.map((s) => s.key));
    const unknown = Object.keys(change.sections ?? {}).filter((key) => !known.has(key));
    if (unknown.length > 0) {
      throw new ServiceError('invalid', 'The draft has no such section', {
        issues: unknown.map((key) => ({ name: `body.sections.${key}`, reason: 'this letter has no such section in this case' })),
      });
    }
    const before = contentOf(template, row?.content);
    const content: StoredContent = {
      addressee: change.addressee ?? before.addressee,
      subject: change.subject ?? before.subject,
      method: change.method ?? before.method,
      sections: { ...before.sections, ...change.sections },
    };
    const version = current + 1;
    const at = now.toISOString();
    await this.db.transaction().execute(async (trx) => {
      let draftId = row?.id;
      if (draftId === undefined) {
        draftId = randomUUID();
        await trx
          .insertInto('letter_drafts')
          .values({
            id: draftId,
            partnership_id: loaded.partnershipId,
            case_id: caseId,
            letter_id: letterId,
            action_id: due.action.id,
            status: 'draft',
            version,
            created_at: at,
            created_by: principal.id,
            sent_at: null,
            sent_method: null,
            sent_by: null,
            final_text: null,
          })
          .execute();
      } else {
        const updated = await trx
          .updateTable('letter_drafts')
          .set({ version })
          .where('id', '=', draftId)
          .where('version', '=', current)
          .where('status', '=', 'draft')
          .executeTakeFirst();
        if (updated.numUpdatedRows !== 1n) {
          throw new ServiceError('stale', 'Someone else saved this draft at the same moment. Read it again and make your changes afresh.');
        }
      }
      await trx
        .insertInto('letter_draft_versions')
        .values({ draft_id: draftId, version, content: JSON.stringify(content), edited_at: at, edited_by: principal.id })
        .execute();
    });
    await this.audited(principal, caseId, 'letter.edit', now);
    return this.resolve(principal, caseId, letterId, now, 'letter.edit');
  }

  /** The letter as PDF or Word: a draft dated today, a sent letter exactly as it went. */
  async download(
    principal: Principal,
    caseId: string,
    letterId: string,
    format: 'pdf' | 'docx',
    now: Date,
  ): Promise<{ readonly content: Buffer; readonly filename: string; readonly mediaType: string }> {
    const letter = await this.printable(principal, caseId, letterId, now, 'letter.download');
    // The renderers (pdfkit, docx) are loaded on first use: starting the service does not pay for them (ADR 0012).
    const content =
      format === 'pdf'
        ? await (await import('../letters/pdf.js')).letterPdf(letter.printable)
        : await (await import('../letters/docx.js')).letterDocx(letter.printable);
    await this.audited(principal, caseId, 'letter.download', now);
    return {
      content,
      filename: `${letterId}-${letter.status}.${format}`,
      mediaType: format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    };
  }

  /** The letter on its letterhead as it would print (a draft dated today), for a preview page; audited as a read. */
  async preview(principal: Principal, caseId: string, letterId: string, now: Date) {
    const letter = await this.printable(principal, caseId, letterId, now, 'letter.read');
    await this.audited(principal, caseId, 'letter.read', now);
    return letter;
  }

  /** The letter on its letterhead, for a preview or a download; audited as `action` by the caller. */
  async printable(principal: Principal, caseId: string, letterId: string, now: Date, action: string) {
    const sent = await this.latestSent(caseId, letterId);
    const loaded = await this.cases.forLetters(principal, caseId, now, action);
    const due = loaded.engine.lettersDue(loaded.state, now).find((l) => l.letter.id === letterId);
    if (due === undefined) {
      if (sent?.final_text == null) throw notFound('letter');
      const frozen = JSON.parse(sent.final_text) as FrozenLetter;
      return { status: 'sent' as const, printable: printable(frozen.letterhead, frozen.date, frozen.text, frozen.reference) };
    }
    const row = await this.openDraft(caseId, letterId);
    const method = row?.content?.method ?? DEFAULT_METHOD;
    const template = await this.template(loaded, due, now, method, principal);
    const text = letterText(template, contentOf(template, row?.content));
    const letterhead = await this.letterheads.get(loaded.partnershipId);
    return { status: 'draft' as const, printable: printable(letterhead, londonDateOf(now), text, loaded.reference ?? undefined) };
  }

  /**
   * Records the letter as sent through the case's own action (so the engine checks it and starts
   * any clock from its receipt), after refusing it, naming each item, if required content is
   * missing. The text that went is frozen with the letterhead it went on.
   */
  async send(principal: Principal, caseId: string, letterId: string, input: SendInput, now: Date): Promise<LetterView> {
    const loaded = await this.cases.forLetters(principal, caseId, now, 'case.act');
    const due = this.dueLetter(loaded, letterId, now, principal);
    const sentAt = input.sentAt ?? now;
    const row = await this.openDraft(caseId, letterId);
    const template = await this.template(loaded, due, sentAt, input.method, principal);
    const content: StoredContent = { ...contentOf(template, row?.content), method: input.method };
    const problems = missingOf(template, content).map((m) => ({ message: `The letter must include ${m.label}`, clause: m.clause }));
    if (content.addressee.trim() === '') problems.unshift({ message: 'The letter must say who it is to', clause: due.letter.clause });
    if (problems.length > 0) {
      const [first] = problems;
      throw new ServiceError('refused', first?.message ?? 'The letter is not complete', {
        ...(first === undefined ? {} : { clause: first.clause }),
        problems,
      });
    }
    const text = letterText(template, content);
    const owed = new Set<string>(due.requiredContent.map((c) => c.item));
    const said: Partial<Record<LetterContent, string>> = {};
    for (const section of text.sections) {
      if (!owed.has(section.key)) continue;
      said[section.key as LetterContent] = [section.text, section.stated].filter((t) => t !== undefined && t.trim() !== '').join('\n\n');
    }
    const letterhead = await this.letterheads.get(loaded.partnershipId);
    const at = now.toISOString();
    // The action and the letter's frozen copy commit in one transaction, or neither does (ADR 0032).
    await this.cases.act(
      principal,
      caseId,
      {
        type: 'perform',
        expectedVersion: input.expectedVersion,
        action: due.action.id,
        ...(input.sentAt === undefined ? {} : { occurredAt: input.sentAt }),
        ...(input.takenBy === undefined ? {} : { takenBy: input.takenBy }),
        details: { kind: 'letter', method: input.method, content: said, copiedTo: due.copies.map((c) => c.to) },
      },
      now,
      {
        within: async (trx, stateAfter) => {
          // The date the letter states is the one the engine records with it.
          const recorded =
            stateAfter.status === 'not-raised' ? undefined : [...stateAfter.letters].reverse().find((l) => l.action === due.action.id);
          const frozen: FrozenLetter = {
            letterhead,
            date: londonDateOf(sentAt),
            text: withEscalateBy(text, recorded?.escalateBy),
            ...(loaded.reference === null ? {} : { reference: loaded.reference }),
          };
          await this.freeze(trx, {
            draft: row,
            partnershipId: loaded.partnershipId,
            caseId,
            letterId,
            actionId: due.action.id,
            content,
            frozen,
            sentAt,
            method: input.method,
            by: principal.id,
            at,
          });
        },
      },
    );
    await this.audited(principal, caseId, 'letter.sent', now);
    return this.resolve(principal, caseId, letterId, now, 'case.act');
  }

  /** Writes the letter as sent: the draft's last version and its frozen copy, inside the action's transaction. */
  private async freeze(
    trx: Transaction<Schema>,
    f: {
      readonly draft: { readonly id: string; readonly version: number } | undefined;
      readonly partnershipId: string;
      readonly caseId: string;
      readonly letterId: string;
      readonly actionId: string;
      readonly content: StoredContent;
      readonly frozen: FrozenLetter;
      readonly sentAt: Date;
      readonly method: DeliveryMethod;
      readonly by: string;
      readonly at: string;
    },
  ): Promise<void> {
    let draftId = f.draft?.id;
    const version = (f.draft?.version ?? 0) + 1;
    if (draftId === undefined) {
      draftId = randomUUID();
      await trx
        .insertInto('letter_drafts')
        .values({
          id: draftId,
          partnership_id: f.partnershipId,
          case_id: f.caseId,
          letter_id: f.letterId,
          action_id: f.actionId,
          status: 'draft',
          version,
          created_at: f.at,
          created_by: f.by,
          sent_at: null,
          sent_method: null,
          sent_by: null,
          final_text: null,
        })
        .execute();
    }
    await trx
      .insertInto('letter_draft_versions')
      .values({ draft_id: draftId, version, content: JSON.stringify(f.content), edited_at: f.at, edited_by: f.by })
      .execute();
    const updated = await trx
      .updateTable('letter_drafts')
      .set({
        status: 'sent',
        version,
        sent_at: f.sentAt.toISOString(),
        sent_method: f.method,
        sent_by: f.by,
        final_text: JSON.stringify(f.frozen),
      })
      .where('id', '=', draftId)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) throw new ServiceError('stale', 'This letter has already been recorded as sent.');
  }

  // ---- composing ----

  /** The letter due now, or a refusal saying why not in the engine's words (sent already for this occasion, say: ADR 0034). */
  private dueLetter(loaded: Loaded, letterId: string, now: Date, principal: Principal): LetterDue {
    const due = loaded.engine.lettersDue(loaded.state, now).find((l) => l.letter.id === letterId);
    if (due !== undefined) return due;
    const known = loaded.engine.procedure.letters.find((l) => l.id === letterId);
    if (known === undefined) throw notFound('letter');
    const why = notDueBecause(loaded, letterId, principal);
    if (why !== null)
      throw new ServiceError('refused', `${known.title} is not due on this case now. ${why.reason}`, { clause: why.clause });
    throw new ServiceError('refused', `${known.title} is not due on this case now`, { clause: known.clause });
  }

  private async template(loaded: Loaded, due: LetterDue, sentAt: Date, method: DeliveryMethod, principal: Principal) {
    const { engine, state } = loaded;
    const ifSent = engine.letterIfSent(state, due.action.id, sentAt, method, { id: principal.id, role: principal.role }) ?? { late: false };
    const conference = await this.db
      .selectFrom('conferences')
      .select('external_ref')
      .where('id', '=', loaded.conferenceId)
      .executeTakeFirst();
    return composeDraft({
      procedure: engine.procedure,
      state,
      due,
      ifSent,
      stageName: (id) => engine.stageName(id),
      groupMembers: { 'conference-attendees-and-invitees': await this.conferenceInvitees(loaded.conferenceId) },
      ...(conference?.external_ref == null ? {} : { conferenceReference: conference.external_ref }),
    });
  }

  private async conferenceInvitees(conferenceId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('conference_participants')
      .innerJoin('people', 'people.id', 'conference_participants.person_id')
      .select('people.name')
      .where('conference_participants.conference_id', '=', conferenceId)
      .where((eb) => eb.or([eb('conference_participants.invited', '=', 1), eb('conference_participants.attended', '=', 1)]))
      .orderBy('people.name')
      .execute();
    return rows.map((r) => r.name);
  }

  private async openDraft(caseId: string, letterId: string) {
    const row = await this.db
      .selectFrom('letter_drafts')
      .select(['id', 'version'])
      .where('case_id', '=', caseId)
      .where('letter_id', '=', letterId)
      .where('status', '=', 'draft')
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const version = await this.db
      .selectFrom('letter_draft_versions')
      .select('content')
      .where('draft_id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    return {
      id: row.id,
      version: row.version,
      content: version === undefined ? undefined : (JSON.parse(version.content) as StoredContent),
    };
  }

  private latestSent(caseId: string, letterId: string) {
    return this.db
      .selectFrom('letter_drafts')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('letter_id', '=', letterId)
      .where('status', '=', 'sent')
      .orderBy('sent_at', 'desc')
      .executeTakeFirst();
  }

  private async versions(draftId: string) {
    const rows = await this.db
      .selectFrom('letter_draft_versions')
      .select(['version', 'edited_at', 'edited_by'])
      .where('draft_id', '=', draftId)
      .orderBy('version')
      .execute();
    return rows.map((r) => ({ version: r.version, editedAt: r.edited_at, editedBy: r.edited_by }));
  }

  /** The open draft of a letter due now, or else the letter as last sent. */
  private async resolve(principal: Principal, caseId: string, letterId: string, now: Date, action: string): Promise<LetterView> {
    const loaded = await this.cases.forLetters(principal, caseId, now, action);
    const due = loaded.engine.lettersDue(loaded.state, now).find((l) => l.letter.id === letterId);
    if (due !== undefined) return this.draftView(caseId, loaded, due, now, principal);
    const sent = await this.latestSent(caseId, letterId);
    if (sent?.final_text == null || sent.sent_at === null || sent.sent_method === null) throw notFound('letter');
    const frozen = JSON.parse(sent.final_text) as FrozenLetter;
    const definition = loaded.engine.procedure.letters.find((l) => l.id === letterId);
    const record = sentRecord(loaded, sent.action_id, { at: sent.sent_at, method: sent.sent_method, by: sent.sent_by ?? '' });
    return {
      caseId,
      letterId,
      actionId: sent.action_id,
      title: definition?.title ?? letterId,
      clause: definition?.clause ?? '',
      status: 'sent',
      version: sent.version,
      caseVersion: loaded.state.version,
      from: definition === undefined ? '' : (loaded.engine.procedure.roles.find((r) => r.id === definition.from)?.title ?? definition.from),
      to: [],
      addressee: frozen.text.addressee,
      subject: frozen.text.subject,
      method: sent.sent_method,
      sections: frozen.text.sections.map((s) => ({
        key: s.key,
        label: s.key === 'opening' || s.key === 'closing' ? s.key : contentName(s.key),
        heading: s.heading ?? null,
        hint: '',
        text: s.text,
        required: false,
        clause: null,
        stated: s.stated ?? null,
      })),
      copies: frozen.text.copies,
      missing: [],
      ifSentToday: null,
      dueDate: null,
      versions: await this.versions(sent.id),
      sent: record,
      notDueBecause: notDueBecause(loaded, letterId, principal),
    };
  }

  private async draftView(caseId: string, loaded: Loaded, due: LetterDue, now: Date, principal: Principal): Promise<LetterView> {
    const row = await this.openDraft(caseId, due.letter.id);
    const method = row?.content?.method ?? DEFAULT_METHOD;
    const template = await this.template(loaded, due, now, method, principal);
    const content = contentOf(template, row?.content);
    const ifSent = loaded.engine.letterIfSent(loaded.state, due.action.id, now, method, { id: principal.id, role: principal.role });
    const step = (await this.cases.colleaguesFor(principal, loaded)).find(({ a }) => a.action.id === due.action.id);
    return {
      caseId,
      letterId: due.letter.id,
      actionId: due.action.id,
      title: template.title,
      clause: template.clause,
      status: 'draft',
      version: row?.version ?? 0,
      caseVersion: loaded.state.version,
      from: template.from,
      to: template.to,
      addressee: content.addressee,
      subject: content.subject,
      method: content.method,
      sections: template.sections.map((s) => ({
        key: s.key,
        label: s.label,
        heading: s.heading ?? null,
        hint: s.hint,
        text: content.sections[s.key] ?? s.text,
        required: s.required,
        clause: s.clause ?? null,
        stated: s.stated ?? null,
      })),
      copies: template.copies,
      missing: missingOf(template, content),
      ifSentToday:
        ifSent === undefined
          ? null
          : { escalateBy: ifSent.escalation?.dueDate ?? null, explanation: ifSent.escalation?.explanation ?? null, late: ifSent.late },
      dueDate: due.deadline?.due.dueDate ?? null,
      versions: row === undefined ? [] : await this.versions(row.id),
      sent: null,
      ...(step === undefined ? {} : { sending: sendingOf(step.a, step.takers) }),
      notDueBecause: null,
    };
  }
}

/** An available action as the letter's sending: allowed or why not, and who else could have sent it. */
function sendingOf(
  a: { readonly allowed: boolean; readonly clause: string; readonly reason?: string | undefined },
  takers: Sending['recordFor'],
): Sending {
  return {
    allowed: a.allowed,
    clause: a.clause,
    ...(a.reason === undefined ? {} : { reason: a.reason }),
    ...(takers === undefined ? {} : { recordFor: takers }),
  };
}

/** Why the engine does not offer the letter now, if its action is in the case's stage. */
function notDueBecause(loaded: Loaded, letterId: string, principal: Principal): LetterView['notDueBecause'] {
  const why = loaded.engine
    .availableActions(loaded.state, { id: principal.id, role: principal.role })
    .find((a) => a.action.kind === 'letter' && a.action.letter === letterId && !a.allowed);
  return why?.reason === undefined ? null : { reason: why.reason, clause: why.clause };
}

/** The latest send of a letter's action as the case's history now has it, corrections applied; else as frozen. */
function sentRecord(
  loaded: Loaded,
  actionId: string,
  frozen: { readonly at: string; readonly method: DeliveryMethod; readonly by: string },
): SentRecord {
  const entry = [...loaded.history]
    .reverse()
    .find((e) => e.status !== 'voided' && e.fact.type === 'ActionPerformed' && e.fact.action === actionId);
  const fact = entry?.fact.type === 'ActionPerformed' ? entry.fact : undefined;
  const letter = [...loaded.state.letters].reverse().find((l) => l.action === actionId);
  const milestone = loaded.engine.procedure.actions.find((a) => a.id === actionId)?.records ?? actionId;
  const receipt = loaded.state.milestones[`${milestone}.received`];
  const firstRecorded = { at: frozen.at, method: frozen.method };
  if (entry === undefined || fact?.details.kind !== 'letter') {
    return {
      ...firstRecorded,
      by: frozen.by,
      recordedBy: frozen.by,
      escalateBy: null,
      receivedOn: null,
      receiptDeemed: true,
      record: null,
      corrected: false,
      firstRecorded,
    };
  }
  return {
    at: fact.occurredAt.toISOString(),
    method: fact.details.method,
    by: fact.by.id,
    recordedBy: (fact.recordedBy ?? fact.by).id,
    escalateBy: letter?.escalateBy ?? null,
    receivedOn: receipt?.date ?? null,
    receiptDeemed: receipt?.deemed !== false,
    record: entry.seq,
    corrected: entry.status === 'corrected',
    firstRecorded,
  };
}

/** The draft's content: what was saved, over what the case composes (a section never saved keeps the composed text). */
function contentOf(template: DraftTemplate, stored: StoredContent | undefined): StoredContent {
  const sections: Partial<Record<SectionKey, string>> = {};
  for (const section of template.sections) sections[section.key] = stored?.sections[section.key] ?? section.text;
  return {
    addressee: stored?.addressee ?? template.addressee,
    subject: stored?.subject ?? template.subject,
    method: stored?.method ?? DEFAULT_METHOD,
    sections,
  };
}

function missingOf(template: DraftTemplate, content: StoredContent) {
  return template.sections
    .filter((s) => s.required && (content.sections[s.key] ?? '').trim() === '')
    .map((s) => ({ item: s.key, label: contentName(s.key), clause: s.clause ?? template.clause }));
}

/** The letter with the date by which the family must ask to go further, as the engine recorded it with the letter. */
function withEscalateBy(text: LetterText, escalateBy: IsoDate | undefined): LetterText {
  if (escalateBy === undefined) return text;
  return {
    ...text,
    sections: text.sections.map((s) =>
      s.key === 'right-to-escalate' ? { ...s, stated: `Your request must reach us by ${letterDate(escalateBy)}.` } : s,
    ),
  };
}

function letterText(template: DraftTemplate, content: StoredContent): LetterText {
  return {
    addressee: content.addressee,
    subject: content.subject,
    sections: template.sections.map((s) => ({
      key: s.key,
      ...(s.heading === undefined ? {} : { heading: s.heading }),
      text: content.sections[s.key] ?? s.text,
      ...(s.stated === undefined ? {} : { stated: s.stated }),
    })),
    copies: template.copies,
  };
}
