/**
 * Demo data for an empty database: a partnership for each procedure, with an account for every
 * staff role, a line-management chain, partner-agency people and one recorded conference. Never
 * run in production.
 */
import { londonDateOf, parseLondonDateTime, type WorkingCalendar } from '../core/calendar/index.js';
import type { AgencyKind, Procedure } from '../core/procedures/schema.js';
import type { Database } from '../store/database.js';
import { hashPassword } from './passwords.js';
import { STAFF_ROLES, type StaffRole } from './principal.js';

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
  options: { password: string; now: Date; calendar: WorkingCalendar },
): Promise<DemoAccount[]> {
  const { db } = database;
  const existing = await db.selectFrom('partnerships').select('id').limit(1).execute();
  if (existing.length > 0) return [];
  const passwordHash = await hashPassword(options.password);
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
