/**
 * How a staff page is declared: method, path, the permission it needs (the same `Access` as the
 * API's routes, so pages and API share one permission table), and what it does. A GET renders a
 * view; a POST reads an urlencoded form and either renders the form again with its errors (status
 * 400, nothing saved, everything typed kept) or redirects (303) after the change: post, redirect,
 * get. Each area declares its pages in one table (`pages/*.ts`), as the API declares its routes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Principal } from '../../service/principal.js';
import type { Services } from '../../service/services.js';
import type { Access, CoreServices } from '../route.js';

export interface PageContext {
  readonly core: CoreServices;
  readonly services: Services;
  readonly principal: Principal | undefined;
  readonly now: Date;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

/** A signed-in page's context: what every page but sign-in receives. */
export type StaffPageContext = PageContext & { readonly principal: Principal };

/** Render a view (a path under src/web/views, without `.njk`) with its data; the layout's own data is added. */
export interface ViewResult {
  readonly kind: 'view';
  readonly view: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly status?: number;
}

/** Go elsewhere: after a change (303, so the browser GETs the next page) or to sign in. */
export interface RedirectResult {
  readonly kind: 'redirect';
  readonly to: string;
}

/** A download: letters, exports, documents. */
export interface FileResult {
  readonly kind: 'file';
  readonly body: Buffer | string;
  readonly contentType: string;
  readonly fileName: string;
}

export type PageResult = ViewResult | RedirectResult | FileResult;

export const view = (name: string, data: Readonly<Record<string, unknown>> = {}, status?: number): ViewResult => ({
  kind: 'view',
  view: name,
  data,
  ...(status === undefined ? {} : { status }),
});

/** Only to a path on this service: a `next` taken from the address can never send someone elsewhere. */
export const redirect = (to: string): RedirectResult => ({ kind: 'redirect', to: localPath(to) });

export const file = (body: Buffer | string, contentType: string, fileName: string): FileResult => ({
  kind: 'file',
  body,
  contentType,
  fileName,
});

/** A path on this service, or `/`: never `//host`, `/\host` or a scheme. */
export function localPath(to: string): string {
  return /^\/(?![/\\])[^\s]*$/.test(to) ? to : '/';
}

interface PageDefinitionBase {
  readonly url: string;
  /** Shown in the browser's title bar and the page's h1 unless the view sets its own. */
  readonly title: string;
  readonly access: Access;
  /** The audit entries a successful request writes (as route.ts `audit`). */
  readonly audit?: readonly string[];
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  /** A page that checks a password is limited like the API's sign-in (plugins/signInLimits.ts). */
  readonly passwordAttempts?: 'address' | 'address-and-account';
}

export interface GetPage<C> extends PageDefinitionBase {
  readonly method: 'GET';
  readonly run: (input: { readonly params: unknown; readonly query: unknown }, context: C) => Promise<PageResult> | PageResult;
}

/** A file sent with a multipart form (GOV.UK file upload): at most one per form, never more than the document limit. */
export interface UploadedFile {
  readonly filename: string;
  readonly mediaType: string;
  readonly content: Buffer;
  /** The file was larger than the limit and was cut short: refuse it. */
  readonly truncated: boolean;
}

export interface PostPage<C> extends PageDefinitionBase {
  readonly method: 'POST';
  /** The form as sent: strings, or arrays of strings for repeated names (checkboxes); files by field name. */
  readonly run: (
    input: {
      readonly params: unknown;
      readonly query: unknown;
      readonly form: Readonly<Record<string, string | string[]>>;
      readonly files: Readonly<Record<string, UploadedFile>>;
    },
    context: C,
  ) => Promise<PageResult> | PageResult;
}

export type PageDefinition = GetPage<PageContext> | PostPage<PageContext>;

type Declared =
  | ((GetPage<StaffPageContext> | PostPage<StaffPageContext>) & { readonly access: Exclude<Access, 'public'> })
  | ((GetPage<PageContext> | PostPage<PageContext>) & { readonly access: 'public' });

/** Declares a page; a page that is not public gets a signed-in context. */
export function definePage(page: Declared): PageDefinition {
  // The plugin gives a non-public page a principal before it runs (plugins/pages.ts), so the narrower context is sound.
  return page as PageDefinition;
}
