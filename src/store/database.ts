/**
 * The database: an embedded SQLite file by default. Schema changes are migrations in code, run on
 * open, written for both SQLite and PostgreSQL through Kysely.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  sql,
  type Generated,
  type Migration,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely';
import type pg from 'pg';
import { keepBounded } from '../core/bounded.js';
import type { DeliveryMethod } from '../core/calendar/index.js';
import type { AgencyKind, ConferenceType, ProductRole } from '../core/procedures/schema.js';
import { chainExisting } from './auditChain.js';
import { childrenAndCaseReferences } from './migrations/0010-children-and-case-references.js';
import { letterheadsAndLetterDrafts } from './migrations/0011-letterheads-and-letter-drafts.js';
import { emailUniquePerPartnership } from './migrations/0012-email-unique-per-partnership.js';
import { documentPackLinks } from './migrations/0013-document-pack-links.js';
import { workItems } from './migrations/0014-work-items.js';
import { agencyContacts } from './migrations/0015-agency-contacts.js';
import { workItemsInDueOrder } from './migrations/0017-work-items-in-due-order.js';
import { workVersion } from './migrations/0019-work-version.js';
import { directoryVersion } from './migrations/0020-directory-version.js';
import { closedCasesHaveNoNextDeadline } from './migrations/0021-closed-cases-have-no-next-deadline.js';
import { DatabaseAvailability, DatabaseUnreachableError, FaultAwareDialect, faultReason } from './faults.js';
import { preparedStatementName } from './prepared.js';

/**
 * Column types as narrow as the values written to them, so that reads need no casts. The database
 * does not enforce these (no CHECK constraints): every write goes through this typed schema.
 */
/** The staff roles: the product roles but the two parties outside the organisation (service/principal.ts). */
export type StaffRoleColumn = Exclude<ProductRole, 'complainant' | 'professional'>;
export type ConferenceDecisionColumn = 'child-protection-plan' | 'no-child-protection-plan' | 'plan-continues' | 'plan-ends';
export type ConferenceCategoryColumn = 'neglect' | 'physical-abuse' | 'emotional-abuse' | 'sexual-abuse';
export type DocumentTypeColumn = 'conference-minutes' | 'report' | 'letter' | 'correspondence';
export type AuditOutcomeColumn = 'ok' | 'denied' | 'not-found' | 'failed';

export interface CaseEventsTable {
  case_id: string;
  seq: number;
  type: string;
  payload: string;
  recorded_at: string;
  actor_id: string;
  actor_role: string;
  prev_hash: string;
  hash: string;
}

export interface CaseSummaryTable {
  case_id: string;
  partnership_id: string | null;
  conference_id: string | null;
  track: 'family' | 'professional-dissent' | null;
  procedure_id: string;
  stage: string;
  status: 'open' | 'closed';
  version: number;
  raised_at: string;
  updated_at: string;
  /** The soonest due instant of the case's open (or missed) deadlines: the list sorts and filters overdue by it (migration 0010). */
  next_deadline_at: string | null;
  /** The stage's position in its procedure, so that the list sorts by stage in the procedure's order. */
  stage_order: Generated<number>;
  /** When the case's conference was held: the list filters by it. */
  conference_held_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  partnership_id: string | null;
  at: string;
  actor_id: string;
  actor_role: string;
  action: string;
  subject_type: string;
  subject_id: string;
  outcome: AuditOutcomeColumn;
  /** Position in the one audit chain (1, 2, ...): unique, so two writers can never fork it. */
  chain_seq: number;
  prev_hash: string;
  /** SHA-256 over this entry and prev_hash (auditChain.ts). */
  hash: string;
}

/** One row (id 1): the audit chain's last position and hash, locked by each writer in turn. */
export interface AuditChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface PartnershipsTable {
  id: string;
  name: string;
  procedure_id: string;
  created_at: string;
  /** Raised whenever the partnership's closure days change, so that every instance knows to rebuild its calendar. */
  calendar_version: Generated<number>;
  /** What the partnership's case references start with (KENT in KENT-2026-0042): derived from it once, then kept (ADR 0022). */
  case_reference_prefix: string | null;
  /** Raised by the database whenever one of the partnership's people or staff accounts changes (ADR 0049), so that every instance knows its copy of the directory is out of date. */
  directory_version: Generated<number>;
}

/** Raised whenever any of a partnership's cases has its work items rewritten, so that every instance knows its counts of that work are out of date (ADR 0042); no row is version 0. */
export interface WorkVersionsTable {
  partnership_id: string;
  version: number;
}

/** A partnership's own rule for when one way of sending counts as received (ADR 0016); absent methods use the product's default. */
export interface ReceiptRulesTable {
  partnership_id: string;
  method: string;
  working_days: number;
  source: string;
}

export interface LocalAreasTable {
  partnership_id: string;
  id: string;
  name: string;
}

export interface ClosureDaysTable {
  partnership_id: string;
  date: string;
  reason: string;
}

export interface UsersTable {
  id: string;
  partnership_id: string;
  email: string;
  name: string;
  role: StaffRoleColumn;
  password_hash: string;
  /** Who line-manages this person: panel independence depends on it. */
  line_manager_id: string | null;
  agency: AgencyKind;
  created_at: string;
  disabled: number;
  /** 1 if a senior manager: panels' seniority rules are checked against it, never against a request. */
  senior: Generated<number>;
  /** 1 if employed by an agency of the partnership. */
  partnership_agency: Generated<number>;
}

/**
 * Who line-managed whom, and from when to when (to_at null: still). Written whenever a line
 * manager is set or changed, so that previous line management counts (kent 9 ¶3).
 */
export interface LineManagementHistoryTable {
  id: Generated<number>;
  partnership_id: string;
  user_id: string;
  line_manager_id: string;
  from_at: string;
  to_at: string | null;
}

export interface PeopleTable {
  id: string;
  partnership_id: string;
  name: string;
  agency: AgencyKind;
  job_title: string | null;
  created_at: string;
  /** Who added the record: null for records added before creators were kept (migration 0008). */
  created_by: string | null;
  senior: Generated<number>;
  partnership_agency: Generated<number>;
}

export interface ConferencesTable {
  id: string;
  partnership_id: string;
  /** The reference in the children's social care system, unique per partnership: imports are idempotent on it. */
  external_ref: string | null;
  type: ConferenceType;
  held_at: string;
  chair_id: string;
  local_area: string | null;
  decision: ConferenceDecisionColumn | null;
  category: ConferenceCategoryColumn | null;
  minutes_sent_at: string | null;
  minutes_method: DeliveryMethod | null;
  created_at: string;
  created_by: string;
}

export interface ConferenceParticipantsTable {
  conference_id: string;
  person_id: string;
  invited: number;
  attended: number;
}

export interface DocumentsTable {
  id: string;
  partnership_id: string;
  case_id: string | null;
  conference_id: string | null;
  type: DocumentTypeColumn;
  filename: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  uploaded_at: string;
  uploaded_by: string;
}

/** A case document put in a panel's document pack, against one item of the procedure's list (ADR 0026). */
export interface DocumentPackLinksTable {
  case_id: string;
  panel_id: string;
  /** The item's index in the panel rule's `documentPack` (fixed for the revision the case was raised under). */
  item: number;
  document_id: string;
  linked_by: string;
  linked_at: string;
}

/** Attempts counted per key in a fixed window, shared by every instance (sign-in limits). */
export interface RateLimitsTable {
  /** HMAC of what is counted (an address, an account's email): never the address or email itself. */
  key: string;
  count: number;
  /** When the window that began with the first attempt ends: ISO 8601, UTC. */
  window_ends_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the session id: the cookie alone opens a session, a copy of the table does not. */
  id_hash: string;
  data: string;
  expires_at: string;
  /** Whose session it is, so that the session and its user are read in one query. */
  user_id: string | null;
}

export interface ApiTokensTable {
  id: string;
  partnership_id: string;
  name: string;
  role: StaffRoleColumn;
  secret_hash: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  /** After this instant the token opens nothing (ADR 0019). */
  expires_at: string;
}

export interface OpenDeadlinesTable {
  case_id: string;
  deadline_id: string;
  partnership_id: string;
  label: string;
  due_instant: string;
  status: string;
  owner: string;
  clause: string;
}

export interface TasksTable {
  case_id: string;
  action_id: string;
  role: string;
  partnership_id: string;
  label: string;
  clause: string;
  due_instant: string | null;
}

/**
 * The work each open case gives staff (migration 0014, ADR 0024), one row per product role it
 * falls to: the deadlines owed, and the required steps whose deadline (if any) someone else owes.
 * My work reads it. `person_id` is set where only one person may do it (the chair of the
 * challenged conference). The parties' own deadlines are kept under their roles, which no staff
 * account holds, so that every open deadline has at least one row.
 */
export interface WorkItemsTable {
  case_id: string;
  kind: 'deadline' | 'step';
  /** The deadline rule's id, or the action's. */
  item_id: string;
  role: string;
  partnership_id: string;
  person_id: string | null;
  /** The procedure's name for who owes it, as the case view shows it. */
  owner_title: string;
  label: string;
  stage: string;
  /** The deadline it is due by; null for a step no time limit applies to. */
  deadline_id: string | null;
  due_instant: string | null;
  /** The last London date on which it is in time. */
  due_date: string | null;
  /** `YYYY-MM-DD`, or the London `YYYY-MM-DDTHH:MM` for a limit in hours. */
  due_display: string | null;
  /** The engine's plain-English explanation of the due date. */
  explanation: string | null;
  clause: string;
}

export interface CasesTable {
  case_id: string;
  partnership_id: string;
  conference_id: string;
  created_at: string;
  /** The human reference, PREFIX-YEAR-SEQ, assigned with the raise and never reused (ADR 0022); null only mid-migration. */
  reference: string | null;
  /** The London year the case was raised in, and its place in that year's sequence: the list sorts by them. */
  reference_year: number | null;
  reference_seq: number | null;
}

/** The last sequence number given out per partnership per year: only ever raised, so a number is never given twice. */
export interface CaseReferenceCountersTable {
  partnership_id: string;
  year: number;
  last_seq: number;
}

/** A child a conference concerns, known by the children's social care system's id, unique per partnership. */
export interface ChildrenTable {
  id: string;
  partnership_id: string;
  social_care_id: string;
  name: string;
  /** YYYY-MM-DD; null for a child not yet born (a pre-birth conference). */
  date_of_birth: string | null;
  created_at: string;
  created_by: string;
}

export interface ConferenceChildrenTable {
  conference_id: string;
  child_id: string;
}

export interface CaseAccessTable {
  case_id: string;
  user_id: string;
  reason: string;
}

/** A partnership's letterhead, printed on every letter (set by an administrator). */
export interface LetterheadsTable {
  partnership_id: string;
  name: string;
  /** JSON array of address lines. */
  address_lines: string;
  postcode: string;
  phone: string;
  email: string;
  website: string;
  updated_at: string;
  updated_by: string;
}

/**
 * Where complaints about an agency's own service go (migration 0015, ADR 0033): one row for each
 * kind of agency a partnership records, each way of contacting it optional but at least one set.
 */
export interface AgencyContactsTable {
  partnership_id: string;
  agency: AgencyKind;
  /** How the agency is known locally, e.g. "Kent Police". */
  name: string;
  /** Postal address, lines separated by newlines. */
  address: string | null;
  email: string | null;
  phone: string | null;
  /** An https address. */
  website: string | null;
  /** 1 when added, one more at each change: a change form sent against an older one is stale. */
  version: number;
  updated_at: string;
  updated_by: string;
}

/** A letter of a case: drafted, edited in versions, then sent, when its final text is frozen here. */
export interface LetterDraftsTable {
  id: string;
  partnership_id: string;
  case_id: string;
  letter_id: string;
  action_id: string;
  status: 'draft' | 'sent';
  /** The latest version in letter_draft_versions. */
  version: number;
  created_at: string;
  created_by: string;
  sent_at: string | null;
  sent_method: DeliveryMethod | null;
  sent_by: string | null;
  /** JSON: the letter exactly as sent (letterhead, date, text, copies); null until sent. */
  final_text: string | null;
}

/** Every saved version of a draft: who edited it, when, and what it then said (JSON). */
export interface LetterDraftVersionsTable {
  draft_id: string;
  version: number;
  content: string;
  edited_at: string;
  edited_by: string;
}

export interface Schema {
  case_events: CaseEventsTable;
  case_summary: CaseSummaryTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  partnerships: PartnershipsTable;
  local_areas: LocalAreasTable;
  closure_days: ClosureDaysTable;
  receipt_rules: ReceiptRulesTable;
  users: UsersTable;
  line_management_history: LineManagementHistoryTable;
  people: PeopleTable;
  conferences: ConferencesTable;
  conference_participants: ConferenceParticipantsTable;
  documents: DocumentsTable;
  document_pack_links: DocumentPackLinksTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  api_tokens: ApiTokensTable;
  open_deadlines: OpenDeadlinesTable;
  tasks: TasksTable;
  work_items: WorkItemsTable;
  work_versions: WorkVersionsTable;
  case_access: CaseAccessTable;
  cases: CasesTable;
  case_reference_counters: CaseReferenceCountersTable;
  children: ChildrenTable;
  conference_children: ConferenceChildrenTable;
  letterheads: LetterheadsTable;
  agency_contacts: AgencyContactsTable;
  letter_drafts: LetterDraftsTable;
  letter_draft_versions: LetterDraftVersionsTable;
}

export type Dialect = 'sqlite' | 'postgres';

function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001-case-events': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('case_events')
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('recorded_at', 'text', (c) => c.notNull())
          .addColumn('actor_id', 'text', (c) => c.notNull())
          .addColumn('actor_role', 'text', (c) => c.notNull())
          .addColumn('prev_hash', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          // The key is what makes a stale append fail even between app instances.
          .addPrimaryKeyConstraint('case_events_pk', ['case_id', 'seq'])
          .execute();
        await db.schema
          .createTable('case_summary')
          .addColumn('case_id', 'text', (c) => c.primaryKey())
          .addColumn('procedure_id', 'text', (c) => c.notNull())
          .addColumn('stage', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('raised_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('audit_log')
          .addColumn('id', 'integer', (c) =>
            dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity(),
          )
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor_id', 'text', (c) => c.notNull())
          .addColumn('actor_role', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('subject_type', 'text', (c) => c.notNull())
          .addColumn('subject_id', 'text', (c) => c.notNull())
          .addColumn('outcome', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0002-partnerships-people-conferences-documents-access': {
      async up(db: Kysely<unknown>) {
        const blob = dialect === 'sqlite' ? 'blob' : 'bytea';
        await db.schema
          .createTable('partnerships')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('procedure_id', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('local_areas')
          .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('local_areas_pk', ['partnership_id', 'id'])
          .execute();
        await db.schema
          .createTable('closure_days')
          .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
          .addColumn('date', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('closure_days_pk', ['partnership_id', 'date'])
          .execute();
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('line_manager_id', 'text', (c) => c.references('users.id'))
          .addColumn('agency', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('people')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('agency', 'text', (c) => c.notNull())
          .addColumn('job_title', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('conferences')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
          .addColumn('external_ref', 'text')
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('held_at', 'text', (c) => c.notNull())
          .addColumn('chair_id', 'text', (c) => c.notNull())
          .addColumn('local_area', 'text')
          .addColumn('decision', 'text')
          .addColumn('category', 'text')
          .addColumn('minutes_sent_at', 'text')
          .addColumn('minutes_method', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addUniqueConstraint('conferences_external_ref', ['partnership_id', 'external_ref'])
          .execute();
        await db.schema
          .createTable('conference_participants')
          .addColumn('conference_id', 'text', (c) => c.notNull().references('conferences.id'))
          .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
          .addColumn('invited', 'integer', (c) => c.notNull())
          .addColumn('attended', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('conference_participants_pk', ['conference_id', 'person_id'])
          .execute();
        await db.schema
          .createTable('documents')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
          .addColumn('case_id', 'text')
          .addColumn('conference_id', 'text', (c) => c.references('conferences.id'))
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('filename', 'text', (c) => c.notNull())
          .addColumn('media_type', 'text', (c) => c.notNull())
          .addColumn('size_bytes', 'integer', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('content', blob, (c) => c.notNull())
          .addColumn('uploaded_at', 'text', (c) => c.notNull())
          .addColumn('uploaded_by', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('documents_case').on('documents').column('case_id').execute();
        await db.schema
          .createTable('sessions')
          .addColumn('id_hash', 'text', (c) => c.primaryKey())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('api_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('secret_hash', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .execute();
        // Which partnership a case belongs to: written once, with its first event, and never changed.
        await db.schema
          .createTable('cases')
          .addColumn('case_id', 'text', (c) => c.primaryKey())
          .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
          .addColumn('conference_id', 'text', (c) => c.notNull().references('conferences.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.alterTable('case_summary').addColumn('partnership_id', 'text').execute();
        await db.schema.alterTable('case_summary').addColumn('conference_id', 'text').execute();
        await db.schema.alterTable('case_summary').addColumn('track', 'text').execute();
        await db.schema.createIndex('case_summary_partnership').on('case_summary').columns(['partnership_id', 'updated_at']).execute();
        await db.schema.alterTable('audit_log').addColumn('partnership_id', 'text').execute();
        await db.schema.createIndex('audit_log_partnership').on('audit_log').columns(['partnership_id', 'id']).execute();
        await db.schema
          .createTable('open_deadlines')
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('deadline_id', 'text', (c) => c.notNull())
          .addColumn('partnership_id', 'text', (c) => c.notNull())
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('due_instant', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('clause', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('open_deadlines_pk', ['case_id', 'deadline_id'])
          .execute();
        await db.schema.createIndex('open_deadlines_due').on('open_deadlines').columns(['partnership_id', 'due_instant']).execute();
        await db.schema
          .createTable('tasks')
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('action_id', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('partnership_id', 'text', (c) => c.notNull())
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('clause', 'text', (c) => c.notNull())
          .addColumn('due_instant', 'text')
          .addPrimaryKeyConstraint('tasks_pk', ['case_id', 'action_id', 'role'])
          .execute();
        await db.schema.createIndex('tasks_role').on('tasks').columns(['partnership_id', 'role']).execute();
        await db.schema
          .createTable('case_access')
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('case_access_pk', ['case_id', 'user_id'])
          .execute();
        await db.schema.createIndex('case_access_user').on('case_access').column('user_id').execute();
      },
    },
    '0003-partnership-calendar-version': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('partnerships')
          .addColumn('calendar_version', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    '0004-session-user': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('sessions').addColumn('user_id', 'text').execute();
      },
    },
    '0005-rate-limits': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('rate_limits')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('count', 'integer', (c) => c.notNull())
          .addColumn('window_ends_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('rate_limits_window_ends_at').on('rate_limits').column('window_ends_at').execute();
      },
    },
    '0006-audit-chain': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('audit_log')
          .addColumn('chain_seq', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .alterTable('audit_log')
          .addColumn('prev_hash', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .alterTable('audit_log')
          .addColumn('hash', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .createTable('audit_chain_head')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .execute();
        // Entries written before the chain existed join it in the order they were written.
        const typed = db as unknown as Kysely<Schema>;
        const head = await chainExisting(typed);
        await typed.insertInto('audit_chain_head').values({ id: 1, seq: head.seq, hash: head.hash }).execute();
        await db.schema.createIndex('audit_log_chain_seq').unique().on('audit_log').column('chain_seq').execute();
      },
    },
    '0007-directory-facts-and-line-management-history': {
      async up(db: Kysely<unknown>) {
        // Unknown seniority is not seniority: an existing person is not senior until recorded so.
        for (const table of ['users', 'people']) {
          await db.schema
            .alterTable(table)
            .addColumn('senior', 'integer', (c) => c.notNull().defaultTo(0))
            .execute();
          await db.schema
            .alterTable(table)
            .addColumn('partnership_agency', 'integer', (c) => c.notNull().defaultTo(1))
            .execute();
        }
        await db.schema
          .createTable('line_management_history')
          .addColumn('id', 'integer', (c) =>
            dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity(),
          )
          .addColumn('partnership_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('line_manager_id', 'text', (c) => c.notNull())
          .addColumn('from_at', 'text', (c) => c.notNull())
          .addColumn('to_at', 'text')
          .execute();
        await db.schema
          .createIndex('line_management_history_partnership')
          .on('line_management_history')
          .columns(['partnership_id', 'user_id'])
          .execute();
        // Today's line managers, from when each account was created: the earliest the record knows.
        const typed = db as unknown as Kysely<Schema>;
        const current = await typed
          .selectFrom('users')
          .select(['id', 'partnership_id', 'line_manager_id', 'created_at'])
          .where('line_manager_id', 'is not', null)
          .execute();
        for (const row of current) {
          if (row.line_manager_id !== null) {
            await typed
              .insertInto('line_management_history')
              .values({
                partnership_id: row.partnership_id,
                user_id: row.id,
                line_manager_id: row.line_manager_id,
                from_at: row.created_at,
                to_at: null,
              })
              .execute();
          }
        }
      },
    },
    '0008-partnership-receipt-rules': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('receipt_rules')
          .addColumn('partnership_id', 'text', (c) => c.notNull())
          .addColumn('method', 'text', (c) => c.notNull())
          .addColumn('working_days', 'integer', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('receipt_rules_pk', ['partnership_id', 'method'])
          .execute();
      },
    },
    '0009-token-expiry-and-people-creators': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('api_tokens')
          .addColumn('expires_at', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        // Tokens made before expiry existed last the default 90 days from when they were made (ADR 0019).
        const typed = db as unknown as Kysely<Schema>;
        const tokens = await typed.selectFrom('api_tokens').select(['id', 'created_at']).execute();
        for (const token of tokens) {
          const expires = new Date(new Date(token.created_at).getTime() + 90 * 24 * 60 * 60 * 1000).toISOString();
          await typed.updateTable('api_tokens').set({ expires_at: expires }).where('id', '=', token.id).execute();
        }
        await db.schema.alterTable('people').addColumn('created_by', 'text').execute();
      },
    },
    '0010-children-and-case-references': {
      up: (db: Kysely<unknown>) => childrenAndCaseReferences(db),
    },
    '0012-email-unique-per-partnership': {
      up: (db: Kysely<unknown>) => emailUniquePerPartnership(db, dialect),
    },
    '0011-letterheads-and-letter-drafts': {
      up: (db: Kysely<unknown>) => letterheadsAndLetterDrafts(db),
    },
    '0014-work-items': {
      up: (db: Kysely<unknown>) => workItems(db),
    },
    '0013-document-pack-links': {
      up: (db: Kysely<unknown>) => documentPackLinks(db),
    },
    '0015-agency-contacts': {
      up: (db: Kysely<unknown>) => agencyContacts(db),
    },
    '0017-work-items-in-due-order': {
      up: (db: Kysely<unknown>) => workItemsInDueOrder(db),
    },
    '0019-work-version': {
      up: (db: Kysely<unknown>) => workVersion(db),
    },
    '0020-directory-version': {
      up: (db: Kysely<unknown>) => directoryVersion(db, dialect),
    },
    '0021-closed-cases-have-no-next-deadline': {
      up: (db: Kysely<unknown>) => closedCasesHaveNoNextDeadline(db),
    },
  };
}

export interface Database {
  readonly db: Kysely<Schema>;
  readonly dialect: Dialect;
  /** Whether the database currently answers (ADR 0020). */
  readonly availability: DatabaseAvailability;
  close(): Promise<void>;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh; preparing costs more than running a point query. The same
 * SQL text is the same statement, so statements are kept (least recently used first out) and
 * reused. Safe because better-sqlite3 runs a statement to completion synchronously: nothing here
 * streams rows, so one statement is never busy with two queries at once.
 */
class PreparedStatementCache implements SqliteDatabase {
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(private readonly connection: BetterSqlite3.Database) {}

  prepare(text: string): SqliteStatement {
    let statement = this.statements.get(text);
    statement ??= this.connection.prepare(text);
    keepBounded(this.statements, text, statement, STATEMENT_CACHE_SIZE);
    return statement;
  }

  close(): void {
    this.statements.clear();
    this.connection.close();
  }
}

/** Opens (creating if need be) the SQLite file and brings its schema up to date. */
export interface OpenOptions {
  /** PostgreSQL's pool size. */
  readonly maxConnections?: number;
  /** Migrate only as far as this migration (by name), for tests of a later migration; default: all. */
  readonly migrateTo?: string;
  /** PostgreSQL: how long to wait for a connection (new, or free in the pool); default: no limit. */
  readonly connectTimeoutMs?: number;
  /**
   * PostgreSQL: how long one statement may run. The server cancels it (statement_timeout), and
   * the client gives up a second later in case the server is not answering at all (frozen).
   * Default: no limit (the command line's long verifications).
   */
  readonly statementTimeoutMs?: number;
}

export async function openSqlite(file: string, options: OpenOptions = {}): Promise<Database> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const connection = new BetterSqlite3(file);
  // Durability first: an acknowledged append survives a crash or power loss.
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  const availability = new DatabaseAvailability();
  const db = new Kysely<Schema>({
    dialect: new FaultAwareDialect(new SqliteDialect({ database: new PreparedStatementCache(connection) }), availability),
  });
  return migrated(db, 'sqlite', availability, options.migrateTo);
}

type QueryMethod = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/**
 * Each new connection runs prepareQuery's SQL (the hot path's) as named prepared statements,
 * parsed and planned once per connection; pg keeps track of which it has already parsed. Every
 * other query runs as before. Kysely has no way to name a statement, hence the wrapped method.
 */
function namingPreparedStatements(pool: pg.Pool): pg.Pool {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as QueryMethod;
    const named: QueryMethod = (config, values, callback) => {
      const name = typeof config === 'string' && Array.isArray(values) ? preparedStatementName(config) : undefined;
      const result = name === undefined ? query(config, values, callback) : query({ name, text: config, values }, callback);
      if (result instanceof Promise)
        result.catch((error: unknown) => {
          endAfterReadTimeout(client, error);
        });
      return result;
    };
    Object.assign(client, { query: named });
  });
  return pool;
}

/**
 * After pg's client-side timeout the statement may still be running (or the server frozen): the
 * connection is not fit to reuse. Ending it marks it so, and the pool drops it when released.
 * The end's own failure is of no interest: the connection is being thrown away.
 */
function endAfterReadTimeout(client: pg.PoolClient, error: unknown): void {
  if (faultReason(error)?.reason === 'statement-timeout') client.end().catch(() => undefined);
}

/**
 * A connection that fails, idle in the pool or checked out, emits 'error'; without a listener
 * Node ends the process. The pool drops an idle one itself; a checked-out one fails its query,
 * which reports the outage (faults.ts). Either way the next query opens a fresh connection.
 */
function survivingLostConnections(pool: pg.Pool, availability: DatabaseAvailability): pg.Pool {
  pool.on('error', (error) => {
    availability.lost(faultReason(error)?.reason ?? 'idle-connection-error');
  });
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

/**
 * Opens a PostgreSQL database by URL. Several app instances may share it: migrations take a lock,
 * and appends are protected by the events' primary key.
 */
export async function openPostgres(url: string, options: OpenOptions = {}): Promise<Database> {
  // Loaded here, not at start-up, so that the embedded default does not pay for it (ADR 0012).
  const { default: postgres } = await import('pg');
  const availability = new DatabaseAvailability();
  const statementTimeout = options.statementTimeoutMs;
  const pool = survivingLostConnections(
    namingPreparedStatements(
      new postgres.Pool({
        connectionString: url,
        max: options.maxConnections ?? 10,
        keepAlive: true,
        ...(options.connectTimeoutMs === undefined ? {} : { connectionTimeoutMillis: options.connectTimeoutMs }),
        ...(statementTimeout === undefined ? {} : { statement_timeout: statementTimeout, query_timeout: statementTimeout + 1000 }),
      }),
    ),
    availability,
  );
  const db = new Kysely<Schema>({ dialect: new FaultAwareDialect(new PostgresDialect({ pool }), availability) });
  return migrated(db, 'postgres', availability, options.migrateTo);
}

/** `postgres://` URLs select PostgreSQL; anything else is a SQLite file path. */
export function openDatabase(location: string, options: OpenOptions = {}): Promise<Database> {
  return /^postgres(ql)?:\/\//.test(location) ? openPostgres(location, options) : openSqlite(location, options);
}

/** PostgreSQL's refusals at sign-in, named plainly: the URL is wrong rather than the database down. */
const REFUSED_AT_START: Readonly<Record<string, string>> = {
  '28P01': 'the password was refused',
  '28000': 'the user is not allowed to connect',
  '3D000': 'the database does not exist',
};

async function migrated(db: Kysely<Schema>, dialect: Dialect, availability: DatabaseAvailability, target?: string): Promise<Database> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations(dialect)) } });
  const { error } = target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  if (error !== undefined) {
    await db.destroy();
    // Reasons are codes only: pg's messages name the host, the user and the database.
    const lost = faultReason(error);
    if (lost?.kind === 'lost') throw new DatabaseUnreachableError(`The database at DATABASE_URL cannot be reached (${lost.reason})`);
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    const refused = REFUSED_AT_START[code];
    if (refused !== undefined) throw new DatabaseUnreachableError(`The database at DATABASE_URL cannot be used: ${refused} (${code})`);
    throw new MigrationError(`The database could not be brought up to date: ${error instanceof Error ? error.message : 'unknown error'}`);
  }
  return { db, dialect, availability, close: () => db.destroy() };
}

export { sql };
export {
  DatabaseAvailability,
  DatabaseFault,
  DatabaseUnreachableError,
  type AvailabilityChange,
  type DatabaseFaultKind,
} from './faults.js';
