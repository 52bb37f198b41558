/** The start page: where signing in lands. Its content, My work, is the signed-in person's tasks. */
import { definePage, view, type PageDefinition } from './page.js';

export const HOME_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: '/',
    title: 'My work',
    access: 'signed-in',
    run: () => view('home', { title: 'My work' }),
  }),
];
