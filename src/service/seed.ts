/**
 * Demo data for an empty database: a partnership for each procedure, with an account for every
 * staff role, a line-management chain, partner-agency people and one recorded conference; then
 * (seedDemoCases) a dozen cases each, made through the case service as staff would make them.
 * Never run in production.
 */
import { isoDate, londonDateOf, parseLondonDateTime, type IsoDate, type WorkingCalendar } from '../core/calendar/index.js';
import {
  LETTER_CONTENT,
  type ActionDefinition,
  type AgencyKind,
  type ConferenceType,
  type Procedure,
  type Transition,
} from '../core/procedures/schema.js';
import type { Database } from '../store/database.js';
import type { ActionDetailsInput, CaseService } from './cases.js';
import type { Conferences, NewConference } from './conferences.js';
import { ServiceError } from './errors.js';
import { hashPassword } from './passwords.js';
import { STAFF_ROLES, isStaffRole, type Principal, type StaffRole } from './principal.js';

export interface DemoAccount {
  readonly partnershipId: string;
  readonly role: StaffRole;
  readonly email: string;
}

const AGENCY_OF: Record<StaffRole, AgencyKind> = {
  administrator: 'local-authority-childrens-services',
  'complaints-manager': 'local-authority-childrens-services',
  'conference-chair': 'local-authority-childrens-services',
  'conference-service-manager': 'local-authority-childrens-services',
  'senior-safeguarding-manager': 'local-authority-childrens-services',
  'panel-coordinator': 'other-partner',
  'panel-member': 'local-authority-childrens-services',
  'minute-taker': 'local-authority-childrens-services',
  auditor: 'other-partner',
};

/** Who line-manages whom in the demo: the chair reports to the service manager, and so on up. */
const MANAGER_OF: Partial<Record<StaffRole, StaffRole>> = {
  'conference-chair': 'conference-service-manager',
  'minute-taker': 'conference-service-manager',
  'conference-service-manager': 'senior-safeguarding-manager',
  'complaints-manager': 'senior-safeguarding-manager',
};

/** The demo's senior managers, as the directory records them: panels' seniority rules read it. */
const SENIOR_ROLES: ReadonlySet<StaffRole> = new Set([
  'complaints-manager',
  'conference-chair',
  'conference-service-manager',
  'senior-safeguarding-manager',
  'panel-member',
]);

const title = (role: string) => role.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

export const demoEmail = (partnershipId: string, role: string) => `${role}@${partnershipId}.demo`;
export const demoUserId = (partnershipId: string, role: string) => `${partnershipId}.${role}`;

/** Seeds the demo partnerships if the database has none; returns the accounts created (none if it was not empty). */
export async function seedDemo(
  database: Database,
  procedures: ReadonlyMap<string, Procedure>,
  options: {
    password: string;
    now: Date;
    calendar: WorkingCalendar;
    /**
     * The accounts' stored hash of `password`, made beforehand: the tests, which seed a database for
     * almost every test, make one with argon2's cheapest parameters once per process.
     */
    passwordHash?: string;
  },
): Promise<DemoAccount[]> {
  const { db } = database;
  const existing = await db.selectFrom('partnerships').select('id').limit(1).execute();
  if (existing.length > 0) return [];
  const passwordHash = options.passwordHash ?? (await hashPassword(options.password));
  const at = options.now.toISOString();
  const accounts: DemoAccount[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      for (const procedure of procedures.values()) {
        const pid = procedure.id;
        await trx.insertInto('partnerships').values({ id: pid, name: procedure.partnership, procedure_id: pid, created_at: at }).execute();
        const areas = procedure.localAreas ?? [];
        if (areas.length > 0)
          await trx
            .insertInto('local_areas')
            .values(areas.map((a) => ({ partnership_id: pid, id: a.id, name: a.name })))
            .execute();
        // Insert managers before the people they manage.
        const order = [...STAFF_ROLES].sort((a, b) => depth(a) - depth(b));
        for (const role of order) {
          const manager = MANAGER_OF[role];
          await trx
            .insertInto('users')
            .values({
              id: demoUserId(pid, role),
              partnership_id: pid,
              email: demoEmail(pid, role),
              name: `Demo ${title(role)} (${procedure.id})`,
              role,
              password_hash: passwordHash,
              line_manager_id: manager === undefined ? null : demoUserId(pid, manager),
              agency: AGENCY_OF[role],
              senior: SENIOR_ROLES.has(role) ? 1 : 0,
              created_at: at,
              disabled: 0,
            })
            .execute();
          accounts.push({ partnershipId: pid, role, email: demoEmail(pid, role) });
        }
        // Further panel members from partner agencies, so a panel can be independent and inter-agency.
        for (const [suffix, agency] of [
          ['health', 'health'],
          ['police', 'police'],
          ['education', 'education'],
        ] as const) {
          await trx
            .insertInto('users')
            .values({
              id: demoUserId(pid, `panel-member-${suffix}`),
              partnership_id: pid,
              email: demoEmail(pid, `panel-member-${suffix}`),
              name: `Demo panel member, ${suffix} (${procedure.id})`,
              role: 'panel-member',
              password_hash: passwordHash,
              line_manager_id: null,
              agency,
              senior: 1,
              created_at: at,
              disabled: 0,
            })
            .execute();
        }
        const people = [
          {
            id: `${pid}.person.social-worker`,
            name: 'Demo social worker',
            agency: 'local-authority-childrens-services',
            job_title: 'Social worker',
          },
          { id: `${pid}.person.health-visitor`, name: 'Demo health visitor', agency: 'health', job_title: 'Health visitor' },
          { id: `${pid}.person.police-officer`, name: 'Demo police officer', agency: 'police', job_title: 'Detective constable' },
          {
            id: `${pid}.person.teacher`,
            name: 'Demo designated safeguarding lead',
            agency: 'education',
            job_title: 'Designated safeguarding lead',
          },
        ] as const;
        await trx
          .insertInto('people')
          .values(
            people.map((p) => ({ ...p, partnership_id: pid, created_at: at, created_by: demoUserId(pid, 'conference-service-manager') })),
          )
          .execute();
        const heldAt = demoConferenceTime(options.calendar, options.now);
        await trx
          .insertInto('conferences')
          .values({
            id: `${pid}.conference.demo`,
            partnership_id: pid,
            external_ref: 'DEMO-1',
            type: 'initial',
            held_at: heldAt.toISOString(),
            chair_id: demoUserId(pid, 'conference-chair'),
            local_area: areas[0]?.id ?? null,
            decision: 'child-protection-plan',
            category: 'neglect',
            minutes_sent_at: null,
            minutes_method: null,
            created_at: at,
            created_by: demoUserId(pid, 'conference-service-manager'),
          })
          .execute();
        // Its child, fictional, so the conference the walkthroughs and the tests raise cases on concerns a child as every other does.
        await trx
          .insertInto('children')
          .values({
            id: `${pid}.child.demo`,
            partnership_id: pid,
            social_care_id: `DEMO-${pid.slice(0, 6).toUpperCase()}-01-1`,
            name: 'Skye Demo-Green',
            date_of_birth: '2018-05-14',
            created_at: at,
            created_by: demoUserId(pid, 'conference-service-manager'),
          })
          .execute();
        await trx
          .insertInto('conference_children')
          .values({ conference_id: `${pid}.conference.demo`, child_id: `${pid}.child.demo` })
          .execute();
        await trx
          .insertInto('conference_participants')
          .values(
            people.map((p, index) => ({
              conference_id: `${pid}.conference.demo`,
              person_id: p.id,
              invited: 1,
              attended: index < 3 ? 1 : 0,
            })),
          )
          .execute();
        await trx
          .insertInto('agency_contacts')
          .values(
            demoAgencyContacts(pid).map((c, index) => ({
              partnership_id: pid,
              ...c,
              phone: `01632 960${String(100 + index + 10 * [...procedures.keys()].indexOf(pid)).padStart(3, '0')}`,
              version: 1,
              updated_at: at,
              updated_by: demoUserId(pid, 'administrator'),
            })),
          )
          .execute();
      }
    });
  } catch (error) {
    // Another instance seeded the same empty database at the same moment: theirs stands.
    const seeded = await db.selectFrom('partnerships').select('id').limit(1).execute();
    if (seeded.length > 0) return [];
    throw error;
  }
  return accounts;
}

/** Where the demo's place names its agencies. */
const DEMO_PLACES: Readonly<Record<string, string>> = {
  camden: 'Camden',
  'cambridgeshire-peterborough': 'Cambridgeshire and Peterborough',
  kent: 'Kent',
  'kingston-richmond': 'Kingston and Richmond',
  'pan-sussex': 'Sussex',
};

/**
 * Fictional complaints contacts for four of a demo partnership's agencies (example.org addresses;
 * the seed adds Ofcom's drama numbers, 01632 960xxx), so the raise flow's redirection names one
 * from the first sign-in; "another partner agency" is left without one, to show that case too.
 */
function demoAgencyContacts(pid: string) {
  const place = DEMO_PLACES[pid] ?? pid;
  const host = (agency: string) => `${agency}.${pid}.example.org`;
  const contact = (agency: AgencyKind, slug: string, name: string) => ({
    agency,
    name,
    address: `Complaints team\n${name}\nPO Box ${String(100 + slug.length)}\n${place}`,
    email: `complaints@${host(slug)}`,
    website: `https://${host(slug)}/complaints`,
  });
  return [
    contact('local-authority-childrens-services', 'council', `${place} Council children’s services (demo)`),
    contact('police', 'police', `${place} Police (demo)`),
    contact('health', 'nhs', `${place} NHS Trust (demo)`),
    contact('education', 'schools', `${place} schools service (demo)`),
  ];
}

function depth(role: StaffRole): number {
  let d = 0;
  for (let r: StaffRole | undefined = MANAGER_OF[role]; r !== undefined; r = MANAGER_OF[r]) d += 1;
  return d;
}

/** 10:00 London time two working days ago: recent enough that a challenge to it is in time. */
export function demoConferenceTime(calendar: WorkingCalendar, now: Date): Date {
  const day = calendar.addWorkingDays(londonDateOf(now), -2);
  return parseLondonDateTime(`${day}T10:00`) ?? now;
}

/** The services the demo cases are made through: the same ones a member of staff's request goes through. */
export interface DemoCaseServices {
  readonly cases: CaseService;
  readonly conferences: Conferences;
}

/** A fictional child a demo conference concerns, with the id children's social care would give them. */
export interface DemoChild {
  readonly socialCareId: string;
  readonly name: string;
  readonly dateOfBirth: IsoDate;
}

/**
 * One demo case: when its conference was held (working days before now), when the challenge
 * arrived (working days after the conference), how many steps of the procedure have been taken,
 * and whether the complainant withdrew it. Spread so that My work has something overdue, due
 * today or this week, and later, and the case list has open and closed cases at several stages.
 */
interface DemoCasePlan {
  readonly heldWorkingDaysAgo: number;
  readonly receivedAfter: number;
  readonly steps: number;
  readonly withdrawn?: true;
}

const DEMO_CASES: readonly DemoCasePlan[] = [
  { heldWorkingDaysAgo: 1, receivedAfter: 0, steps: 0 },
  { heldWorkingDaysAgo: 2, receivedAfter: 1, steps: 0 },
  { heldWorkingDaysAgo: 4, receivedAfter: 1, steps: 1 },
  { heldWorkingDaysAgo: 40, receivedAfter: 2, steps: 0 },
  { heldWorkingDaysAgo: 10, receivedAfter: 2, steps: 2 },
  { heldWorkingDaysAgo: 15, receivedAfter: 3, steps: 2 },
  { heldWorkingDaysAgo: 20, receivedAfter: 3, steps: 3 },
  { heldWorkingDaysAgo: 25, receivedAfter: 4, steps: 4 },
  { heldWorkingDaysAgo: 30, receivedAfter: 5, steps: 6 },
  { heldWorkingDaysAgo: 35, receivedAfter: 3, steps: 10 },
  { heldWorkingDaysAgo: 8, receivedAfter: 2, steps: 0, withdrawn: true },
  { heldWorkingDaysAgo: 12, receivedAfter: 2, steps: 2, withdrawn: true },
];

/**
 * Fictional children for a demo conference: one to three, brothers and sisters sharing a made-up
 * family name, born before the conference (`heldYear`), each with a social care id unique in the
 * partnership, so the case list's search by a child's name works from the first sign-in.
 */
export function demoChildren(partnershipId: string, index: number, heldYear: number): DemoChild[] {
  const first = ['Alex', 'Sam', 'Jordan', 'Riley', 'Casey', 'Morgan', 'Taylor', 'Jamie', 'Robin', 'Charlie', 'Avery', 'Quinn'];
  const family = ['Demo-Smith', 'Demo-Jones', 'Demo-Patel', 'Demo-Brown', 'Demo-Khan', 'Demo-Evans'];
  const surname = family[(index + partnershipId.length) % family.length] ?? 'Demo';
  const count = 1 + (index % 3);
  return Array.from({ length: count }, (_, n) => {
    const age = 1 + ((index * 3 + n * 4) % 15);
    return {
      socialCareId: `DEMO-${partnershipId.slice(0, 6).toUpperCase()}-${String(index + 2).padStart(2, '0')}-${String(n + 1)}`,
      name: `${first[(index + n * 5) % first.length] ?? 'Alex'} ${surname}`,
      dateOfBirth: isoDate(`${String(heldYear - age)}-${String(1 + ((index + n) % 9)).padStart(2, '0')}-${String(10 + n)}`),
    };
  });
}

/** What a seeded case came to, for the start-up banner and the tests. */
export interface DemoCasesSeeded {
  readonly cases: number;
  readonly steps: number;
}

/**
 * A dozen cases for each demo partnership, driven through the real CaseService and engine as the
 * demo staff, dated relative to `now`: each step is tried as the procedure's own roles and, where
 * the engine refuses it, another is tried, so that no partnership needs a script of its own. Panels
 * and decisions are left for a person to make. Never run in production.
 */
export async function seedDemoCases(
  services: DemoCaseServices,
  procedures: ReadonlyMap<string, Procedure>,
  options: { now: Date; calendar: WorkingCalendar },
): Promise<DemoCasesSeeded> {
  const { now, calendar } = options;
  // Every case is walked at once: each case's steps stay in order, and the audit entries of
  // different cases share their commits (AuditLog's group commit), which keeps `npm start` quick.
  const walked = await Promise.all(
    [...procedures.values()].map(async (procedure) => {
      const pid = procedure.id;
      const as = (role: StaffRole): Principal => ({ kind: 'user', id: demoUserId(pid, role), role, partnershipId: pid });
      const track = procedure.tracks.find((t) => t.id === 'family') ?? procedure.tracks[0];
      if (track === undefined) return [];
      const dated = DEMO_CASES.map((plan, index) => {
        const heldOn = calendar.addWorkingDays(londonDateOf(now), -plan.heldWorkingDaysAgo);
        const receivedOn = calendar.addWorkingDays(heldOn, plan.receivedAfter);
        return {
          plan,
          conference: demoConference(
            procedure,
            index,
            track.conferenceTypes[0] ?? 'initial',
            parseLondonDateTime(`${heldOn}T10:00`) ?? now,
          ),
          receivedAt: earliest(parseLondonDateTime(`${receivedOn}T11:00`) ?? now, new Date(now.getTime() - 60_000)),
        };
      });
      const conferenceIds = await services.conferences.record(
        as('conference-service-manager'),
        dated.map((d) => d.conference),
        now,
        (row, name) => `demo conference ${String(row)} ${name}`,
      );
      return Promise.all(
        dated.map(async ({ plan, receivedAt }, index) => {
          const conferenceId = conferenceIds[index];
          if (conferenceId === undefined) return 0;
          const raised = await services.cases.raise(
            as('complaints-manager'),
            {
              conferenceId,
              track: track.id,
              subject: 'conference',
              complainant: { kind: track.raisedBy[0] ?? 'parent' },
              aspects: [track.aspects[0]?.aspect ?? 'decision'],
              receivedAt,
              receivedBy: 'email',
              summary: 'Demo challenge: disagrees with the decision of the conference',
            },
            now,
          );
          const result = await walk(services.cases, procedure, as, raised, plan.steps, receivedAt, now);
          if (plan.withdrawn === true && result.status === 'open') {
            await services.cases.act(
              as('complaints-manager'),
              raised.id,
              { type: 'withdraw', expectedVersion: result.version, reason: 'Demo: the parent withdrew the challenge' },
              now,
            );
          }
          return result.steps;
        }),
      );
    }),
  );
  const steps = walked.flat();
  return { cases: steps.length, steps: steps.reduce((a, b) => a + b, 0) };
}

/** The demo conference for a case, with its fictional children (demoChildren). */
function demoConference(procedure: Procedure, index: number, type: ConferenceType, heldAt: Date): NewConference {
  const areas = procedure.localAreas ?? [];
  const area = areas[index % Math.max(areas.length, 1)];
  return {
    ...(area === undefined ? {} : { localArea: area.id }),
    externalRef: `DEMO-${String(index + 2).padStart(2, '0')}`,
    type,
    heldAt,
    chairId: demoUserId(procedure.id, 'conference-chair'),
    decision: 'child-protection-plan',
    category: (['neglect', 'emotional-abuse', 'physical-abuse', 'sexual-abuse'] as const)[index % 4] ?? 'neglect',
    children: demoChildren(procedure.id, index, Number(londonDateOf(heldAt).slice(0, 4))),
  };
}

function earliest(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

/**
 * Takes up to `count` steps of the case, each dated evenly between its receipt and now: at each,
 * the current stage's actions in the procedure's order (required before optional), each tried as
 * every staff role that may take it, with details made from the procedure (a letter's required
 * content and copies, a meeting's minute-taker), until the engine accepts one.
 */
async function walk(
  cases: CaseService,
  procedure: Procedure,
  as: (role: StaffRole) => Principal,
  raised: { readonly id: string; readonly version: number },
  count: number,
  from: Date,
  now: Date,
): Promise<{ version: number; status: string; steps: number }> {
  let version = raised.version;
  let stage = procedure.tracks.find((t) => t.id === 'family')?.startStage ?? '';
  let status = 'open';
  const done = new Set<string>();
  let taken = 0;
  const span = now.getTime() - from.getTime();
  for (let step = 0; step < count && status === 'open'; step += 1) {
    const occurredAt = new Date(from.getTime() + Math.floor((span * (step + 1)) / (count + 1)));
    const candidates = procedure.actions
      // A demo case closes only by being withdrawn: steps that would close it are left to a person.
      .filter((a) => a.stage === stage && !done.has(a.id) && a.kind !== 'panel' && a.kind !== 'decision' && !closes(a.then))
      .sort((a, b) => Number(a.optional === true) - Number(b.optional === true));
    let moved = false;
    for (const action of candidates) {
      for (const details of detailsFor(procedure, action, as)) {
        for (const role of staffRolesOf(procedure, action.by)) {
          try {
            const result = await cases.act(
              as(role),
              raised.id,
              { type: 'perform', expectedVersion: version, action: action.id, occurredAt, details },
              now,
            );
            ({ version, stage, status } = result);
            done.add(action.id);
            moved = true;
            break;
          } catch (error) {
            // The engine or the service refused this role or these details: try the next.
            if (!(error instanceof ServiceError)) throw error;
          }
        }
        if (moved) break;
      }
      if (moved) break;
    }
    if (!moved) break;
    taken += 1;
  }
  return { version, status, steps: taken };
}

/** The staff roles that fill any of these procedure roles (the parties are no one's account). */
function staffRolesOf(procedure: Procedure, roleIds: readonly string[]): StaffRole[] {
  const roles = procedure.roles.filter((r) => roleIds.includes(r.id)).map((r) => r.productRole);
  return [...new Set(roles)].filter((r): r is StaffRole => isStaffRole(r));
}

/** The details an action of this kind takes, from the procedure: for a choice, each option that does not close the case, moving on first. */
function detailsFor(procedure: Procedure, action: ActionDefinition, as: (role: StaffRole) => Principal): ActionDetailsInput[] {
  switch (action.kind) {
    case 'record':
      return [{ kind: 'record', note: 'Demo: recorded' }];
    case 'request':
      return [{ kind: 'request', reasons: 'Demo: the parent remains dissatisfied' }];
    case 'meeting': {
      const minutedBy = action.meeting?.minutedBy?.[0];
      return [
        {
          kind: 'meeting',
          ...(minutedBy === undefined ? {} : { minuteTaker: { personId: as('minute-taker').id, role: minutedBy } }),
          ...(action.meeting?.chairMustDiffer === undefined ? {} : { chairId: as('conference-service-manager').id }),
          briefed: true,
          supporterPresent: false,
        },
      ];
    }
    case 'letter': {
      const letter = procedure.letters.find((l) => l.id === action.letter);
      const content = Object.fromEntries(
        LETTER_CONTENT.filter((item) => item !== 'right-to-escalate').map((item) => [item, `Demo: ${item.replace(/-/g, ' ')}`]),
      );
      return [{ kind: 'letter', method: 'email', content, copiedTo: (letter?.copies ?? []).map((c) => c.to) }];
    }
    case 'choice': {
      const options = [...(action.choice ?? [])].filter((o) => !closes(o.then)).sort((a, b) => rank(a.then) - rank(b.then));
      return options.map((option) => ({ kind: 'choice', option: option.id, reason: `Demo: ${option.label}` }));
    }
    case 'panel':
    case 'decision':
      return [];
  }
}

/** Options that move the case to a stage first, then those that leave it where it is. */
function rank(then: Transition | undefined): number {
  return then !== undefined && 'stage' in then ? 0 : 1;
}

function closes(then: Transition | undefined): boolean {
  return then !== undefined && 'close' in then;
}
