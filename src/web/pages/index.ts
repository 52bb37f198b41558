/** Every staff page, area by area; app.ts registers them in one scope with the form parser (plugins/pages.ts). */
import { AUDIT_PAGES } from './audit.js';
import { HOME_PAGES } from './home.js';
import type { PageDefinition } from './page.js';
import { SESSION_PAGES } from './session.js';

export const PAGES: readonly PageDefinition[] = [...SESSION_PAGES, ...HOME_PAGES, ...AUDIT_PAGES];
