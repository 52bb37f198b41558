/** Every route of the API, area by area. */
import type { RouteDefinition } from '../route.js';
import { AGENCY_ROUTES } from './agencies.js';
import { CASE_ROUTES } from './cases.js';
import { CONFERENCE_ROUTES } from './conferences.js';
import { DOCUMENT_ROUTES } from './documents.js';
import { LETTER_ROUTES } from './letters.js';
import { PANEL_ROUTES } from './panels.js';
import { PARTNERSHIP_ROUTES } from './partnership.js';
import { PEOPLE_ROUTES } from './people.js';
import { PROCEDURE_ROUTES } from './procedures.js';
import { SESSION_ROUTES } from './session.js';

export const ROUTES: readonly RouteDefinition[] = [
  ...PROCEDURE_ROUTES,
  ...SESSION_ROUTES,
  ...PARTNERSHIP_ROUTES,
  ...AGENCY_ROUTES,
  ...PEOPLE_ROUTES,
  ...CONFERENCE_ROUTES,
  ...CASE_ROUTES,
  ...PANEL_ROUTES,
  ...DOCUMENT_ROUTES,
  ...LETTER_ROUTES,
];
