/** Every staff page, area by area; app.ts registers them in one scope with the form parser (plugins/pages.ts). */
import { ADMIN_PAGES } from './admin.js';
import { HOME_PAGES } from './home.js';
import type { PageDefinition } from './page.js';
import { PROCEDURE_PAGES } from './procedures.js';
import { SESSION_PAGES } from './session.js';

export const PAGES: readonly PageDefinition[] = [...SESSION_PAGES, ...HOME_PAGES, ...PROCEDURE_PAGES, ...ADMIN_PAGES];
