/** Every staff page, area by area; app.ts registers them in one scope with the form parser (plugins/pages.ts). */
import { ADMIN_PAGES } from './admin.js';
import { AGENCY_PAGES } from './agencies.js';
import { AUDIT_PAGES } from './audit.js';
import { CASE_LIST_PAGES } from './caseList.js';
import { CASE_FACT_PAGES } from './caseFacts.js';
import { CASE_PAGES } from './cases.js';
import { CONFERENCE_PAGES } from './conferences.js';
import { DOCUMENT_PAGES } from './documents.js';
import { HOME_PAGES } from './home.js';
import { LETTER_PAGES } from './letters.js';
import type { PageDefinition } from './page.js';
import { PANEL_CORRECTION_PAGES } from './panelCorrection.js';
import { PANEL_PAGES } from './panels.js';
import { PROCEDURE_PAGES } from './procedures.js';
import { RAISE_PAGES } from './raise.js';
import { REPORT_PAGES } from './reports.js';
import { SESSION_PAGES } from './session.js';

export const PAGES: readonly PageDefinition[] = [
  ...SESSION_PAGES,
  ...HOME_PAGES,
  ...CASE_LIST_PAGES,
  ...RAISE_PAGES,
  ...CASE_PAGES,
  ...CASE_FACT_PAGES,
  ...CONFERENCE_PAGES,
  ...LETTER_PAGES,
  ...AUDIT_PAGES,
  ...PANEL_PAGES,
  ...PANEL_CORRECTION_PAGES,
  ...DOCUMENT_PAGES,
  ...PROCEDURE_PAGES,
  ...ADMIN_PAGES,
  ...AGENCY_PAGES,
  ...REPORT_PAGES,
];
