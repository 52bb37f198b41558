/** Every staff page, area by area; app.ts registers them in one scope with the form parser (plugins/pages.ts). */
import { CASE_PAGES } from './cases.js';
import { CONFERENCE_PAGES } from './conferences.js';
import { DOCUMENT_PAGES } from './documents.js';
import { HOME_PAGES } from './home.js';
import type { PageDefinition } from './page.js';
import { PANEL_PAGES } from './panels.js';
import { SESSION_PAGES } from './session.js';

export const PAGES: readonly PageDefinition[] = [
  ...SESSION_PAGES,
  ...HOME_PAGES,
  ...CASE_PAGES,
  ...CONFERENCE_PAGES,
  ...PANEL_PAGES,
  ...DOCUMENT_PAGES,
];
