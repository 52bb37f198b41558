/**
 * What the header shows: who is signed in, as what, in which partnership, and the sections their
 * role may open. A section appears only to roles with its permission, so a link never leads to a
 * refusal.
 */
import { may, type Permission } from '../../service/permissions.js';
import type { Principal, StaffRole } from '../../service/principal.js';

export interface Section {
  readonly text: string;
  readonly href: string;
  /** Any of these permissions shows the section. */
  readonly anyOf: readonly Permission[];
}

export const SECTIONS: readonly Section[] = [
  { text: 'My work', href: '/', anyOf: ['act-on-case'] },
  { text: 'Cases', href: '/cases', anyOf: ['read-case'] },
  { text: 'Conferences', href: '/conferences', anyOf: ['read-conferences'] },
  { text: 'Procedures', href: '/procedures', anyOf: ['act-on-case', 'read-case', 'read-audit', 'manage-staff'] },
  { text: 'Administration', href: '/admin', anyOf: ['manage-staff', 'manage-people', 'manage-closure-days'] },
  { text: 'Recommendations', href: '/reports/recommendations', anyOf: ['read-all-deadlines'] },
  { text: 'Audit', href: '/audit', anyOf: ['read-audit'] },
];

/** How staff name each role. */
export const ROLE_NAMES: Readonly<Record<StaffRole, string>> = {
  administrator: 'Administrator',
  'complaints-manager': 'Complaints manager',
  'conference-chair': 'Conference chair',
  'conference-service-manager': 'Conference service manager',
  'senior-safeguarding-manager': 'Senior safeguarding manager',
  'panel-coordinator': 'Panel coordinator',
  'panel-member': 'Panel member',
  'minute-taker': 'Minute taker',
  auditor: 'Auditor',
};

/** The sections this person may open, the current one marked (the longest matching prefix). */
export function sectionsFor(principal: Principal, path: string): { text: string; href: string; active: boolean }[] {
  const visible = SECTIONS.filter((s) => s.anyOf.some((p) => may(principal, p)));
  const current = visible
    .filter((s) => (s.href === '/' ? path === '/' : path === s.href || path.startsWith(`${s.href}/`)))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return visible.map((s) => ({ text: s.text, href: s.href, active: s === current }));
}
