/** Every staff page, area by area; app.ts registers them in one scope with the form parser (plugins/pages.ts). */
import { HOME_PAGES } from './home.js';
import type { PageDefinition } from './page.js';
import { RAISE_PAGES } from './raise.js';
import { SESSION_PAGES } from './session.js';

export const PAGES: readonly PageDefinition[] = [...SESSION_PAGES, ...HOME_PAGES, ...RAISE_PAGES];
