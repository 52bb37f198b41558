/**
 * Staff pages through inject, as a browser without JavaScript would use them: follow links, read
 * the HTML, send forms with the CSRF token the page carried.
 */
import type { LightMyRequestResponse } from 'fastify';
import { parse, type HTMLElement } from 'node-html-parser';
import { DEMO_PASSWORD, type TestApp } from './app.js';

export interface Page {
  readonly status: number;
  readonly headers: LightMyRequestResponse['headers'];
  readonly html: string;
  readonly root: HTMLElement;
  /** The error summary's messages, in order (none when the page has no summary). */
  readonly errorSummary: string[];
  /** The message shown beside a field (govuk-error-message inside the field's form group). */
  fieldError(id: string): string | undefined;
  /** The CSRF token the page's forms carry. */
  readonly csrf: string | undefined;
  /** The h1's text. */
  readonly heading: string;
  /** The page's visible text, whitespace collapsed. */
  readonly text: string;
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

export function pageOf(response: LightMyRequestResponse): Page {
  const root = parse(response.body);
  return {
    status: response.statusCode,
    headers: response.headers,
    html: response.body,
    root,
    errorSummary: root.querySelectorAll('.govuk-error-summary__list li').map((li) => collapse(li.text)),
    fieldError: (id) => {
      const input = root.getElementById(id) ?? root.querySelector(`#${id}-day`);
      let group: HTMLElement | null = input;
      while (group !== null && !group.classList.contains('govuk-form-group')) group = group.parentNode;
      const message = group?.querySelector('.govuk-error-message');
      return message === undefined || message === null ? undefined : collapse(message.text).replace(/^Error:\s*/, '');
    },
    csrf: root.querySelector('input[name="_csrf"]')?.getAttribute('value'),
    heading: collapse(root.querySelector('h1')?.text ?? ''),
    text: collapse(root.querySelector('main')?.text ?? root.text),
  };
}

export interface Browser {
  /** The session cookie, once signed in. */
  cookie: string | undefined;
  get(url: string): Promise<Page>;
  /** Sends a form as a browser would: urlencoded, with the CSRF token of the page it came from. */
  post(url: string, form: Readonly<Record<string, string | readonly string[]>>, from?: Page): Promise<Page>;
  /** Follows a redirect (303) to where it leads. */
  follow(page: Page): Promise<Page>;
}

export function formBody(form: Readonly<Record<string, string | readonly string[]>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) for (const v of typeof value === 'string' ? [value] : value) params.append(name, v);
  return params.toString();
}

/** A browser over the app: keeps the session cookie between requests. */
export function browserOver(harness: TestApp): Browser {
  const state: Browser = {
    cookie: undefined,
    async get(url) {
      const response = await harness.app.inject({
        method: 'GET',
        url,
        headers: { accept: 'text/html', ...(state.cookie === undefined ? {} : { cookie: state.cookie }) },
      });
      remember(response);
      return pageOf(response);
    },
    async post(url, form, from) {
      const csrf = from?.csrf;
      const response = await harness.app.inject({
        method: 'POST',
        url,
        headers: {
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
          ...(state.cookie === undefined ? {} : { cookie: state.cookie }),
        },
        payload: formBody(csrf === undefined ? form : { _csrf: csrf, ...form }),
      });
      remember(response);
      return pageOf(response);
    },
    async follow(page) {
      const location = page.headers.location;
      if (typeof location !== 'string') throw new Error(`expected a redirect, got ${String(page.status)}: ${page.errorSummary.join('; ')}`);
      return state.get(location);
    },
  };
  const remember = (response: LightMyRequestResponse) => {
    const cookie = response.cookies.find((c) => c.name === 'cc_session');
    if (cookie !== undefined) state.cookie = cookie.value === '' || cookie.maxAge === 0 ? undefined : `cc_session=${cookie.value}`;
  };
  return state;
}

/** Signs in through the sign-in page, as the demo account with this email. */
export async function signedInBrowser(harness: TestApp, email: string): Promise<Browser> {
  const browser = browserOver(harness);
  const page = await browser.post('/sign-in', { email, password: DEMO_PASSWORD });
  if (page.status !== 303) throw new Error(`sign-in as ${email} failed: ${String(page.status)} ${page.errorSummary.join('; ')}`);
  return browser;
}
