/**
 * The staff pages (ADR 0025): Nunjucks views through @fastify/view over GOV.UK Frontend and MOJ
 * Frontend, their assets served by the service itself, forms posted urlencoded with a CSRF token,
 * and the same sessions, permissions and audit as the API. Every page works without JavaScript;
 * the scripts only enhance.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import { escapeOnlyWhatNeedsIt, readMembersOnce, writeFramesDirectly } from './nunjucksRuntime.js';
import { importOnce } from './templateImports.js';
import { parse as parseQueryString } from 'node:querystring';
import { formatLondonDateTime, formatLongDate, londonDateOf, type IsoDate } from '../../core/calendar/index.js';
import { DatabaseFault, ServiceError } from '../../service/errors.js';
import { may } from '../../service/permissions.js';
import type { Principal } from '../../service/principal.js';
import type { Services } from '../../service/services.js';
import type { SignedInNames } from '../../service/sessions.js';
import { localPath, type PageContext, type PageDefinition, type PageResult, type UploadedFile } from '../pages/page.js';
import { ROLE_NAMES, sectionsFor } from '../pages/navigation.js';
import { Problem, problem } from '../problem.js';
import type { CoreServices } from '../route.js';
import { RETRY_AFTER_SECONDS } from './health.js';
import { keepMacroRenderings } from './macroCache.js';
import type { SignInLimits } from './signInLimits.js';

export const SERVICE_NAME = 'Conference challenges';

/** A form is small: the longest is a letter's sections. */
export const FORM_BODY_LIMIT = 256 * 1024;

const here = dirname(fileURLToPath(import.meta.url));
/** The views live in src/ and are read from there whether this runs from src/ (tests) or dist/ (npm start). */
export const VIEWS_DIRECTORY = join(here, '../../../src/web/views');
const OWN_ASSETS_DIRECTORY = join(here, '../../../src/web/assets');
const packageDirectory = (name: string, probe: string) => {
  const resolved = fileURLToPath(import.meta.resolve(`${name}/${probe}`));
  return resolved.slice(0, resolved.length - probe.length);
};
const GOVUK_DIST = packageDirectory('govuk-frontend', 'dist/govuk/govuk-frontend.min.js').replace(/[\\/]$/, '') + '/dist';
const MOJ_DIRECTORY = packageDirectory('@ministryofjustice/frontend', 'moj/moj-frontend.min.js').replace(/[\\/]$/, '') + '/moj';

/**
 * GOV.UK's page template runs one line of script inline (marking the body as able to run
 * JavaScript). The policy allows that line by its hash, read from the template itself, and
 * nothing else inline.
 */
function templateScriptHash(): string {
  const template = readFileSync(join(GOVUK_DIST, 'govuk/template.njk'), 'utf8');
  const script = /<script[^>]*>([^<]*)<\/script>/.exec(template)?.[1];
  if (script === undefined) throw new Error('GOV.UK Frontend template: its inline script was not found');
  return createHash('sha256').update(script).digest('base64');
}

/** Where views are found: the service's own, then GOV.UK Frontend's and MOJ Frontend's. */
export const TEMPLATE_PATHS: readonly string[] = [VIEWS_DIRECTORY, GOVUK_DIST, MOJ_DIRECTORY.replace(/moj$/, '')];

export const PAGE_CSP = [
  "default-src 'self'",
  `script-src 'self' 'sha256-${templateScriptHash()}'`,
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

declare module 'fastify' {
  interface Session {
    /** A success message shown once, on the next page (post, redirect, get). */
    flash?: { readonly title: string; readonly text: string };
  }
}

/** A filter's value as an instant: a Date, or text a Date reads; undefined for anything else. */
const instantOf = (value: unknown) => {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  return date === undefined || Number.isNaN(date.getTime()) ? undefined : date;
};
const londonDate = (value: unknown) => {
  const date = instantOf(value);
  return date === undefined ? '' : formatLongDate(londonDateOf(date));
};
/**
 * `Tue 15 Dec 2026 at 2:05pm`: London's date and time on the twelve-hour clock, as GOV.UK writes
 * times. From the service's own London calendar, not Intl, which costs several microseconds a
 * call on every date of a case's timeline.
 */
export const londonDateTime = (value: unknown) => {
  const date = instantOf(value);
  if (date === undefined) return '';
  const wall = formatLondonDateTime(date); // 2026-12-15T14:05
  const hour = Number(wall.slice(11, 13));
  const day = formatLongDate(wall.slice(0, 10) as IsoDate);
  return `${day} at ${String(hour % 12 === 0 ? 12 : hour % 12)}:${wall.slice(14, 16)}${hour < 12 ? 'am' : 'pm'}`;
};

/**
 * Nunjucks' own `trim` filter strips with a regular expression tried at every position of the
 * string; GOV.UK's macros trim their (often long) output many times a page, and that regular
 * expression was a tenth of a case page's rendering. The same result (JavaScript's `\s` is the set
 * String.prototype.trim removes), its safeness kept: markup marked safe stays safe.
 */
export function trimFilter(builtIn: (value: unknown) => unknown): (value: unknown) => unknown {
  return (value) => {
    if (typeof value === 'string') return value.trim();
    if (value instanceof nunjucks.runtime.SafeString) return new nunjucks.runtime.SafeString(value.val.trim());
    return builtIn(value);
  };
}

function configureViews(env: nunjucks.Environment): void {
  writeFramesDirectly();
  escapeOnlyWhatNeedsIt();
  readMembersOnce();
  importOnce(env);
  keepMacroRenderings(env);
  env.addFilter('trim', trimFilter(env.getFilter('trim') as (value: unknown) => unknown));
  env.addFilter('londonDate', londonDate);
  env.addFilter('londonDateTime', londonDateTime);
  env.addGlobal('serviceName', SERVICE_NAME);
}

/** The view engine and the assets: on the root, so error pages anywhere can render. */
export async function setUpViews(app: FastifyInstance): Promise<void> {
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: [...TEMPLATE_PATHS],
    options: { onConfigure: configureViews, autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  });
  // Fonts and images where GOV.UK's and MOJ's stylesheets look for them (/assets/...), then each package's own files.
  await app.register(fastifyStatic, {
    root: [join(GOVUK_DIST, 'govuk/assets'), join(MOJ_DIRECTORY, 'assets'), OWN_ASSETS_DIRECTORY],
    prefix: '/assets/',
    maxAge: '1d',
    index: false,
    list: false,
  });
  await app.register(fastifyStatic, {
    root: join(GOVUK_DIST, 'govuk'),
    prefix: '/assets/govuk/',
    maxAge: '1d',
    decorateReply: false,
    index: false,
  });
  await app.register(fastifyStatic, { root: MOJ_DIRECTORY, prefix: '/assets/moj/', maxAge: '1d', decorateReply: false, index: false });
}

export interface PagesOptions {
  readonly core: CoreServices;
  readonly services: Services;
}

async function namesOf(services: Services, principal: Principal): Promise<SignedInNames> {
  const [account, partnershipName] = await Promise.all([
    services.staff.account(principal.partnershipId, principal.id),
    services.partnerships.nameOf(principal.partnershipId),
  ]);
  return { name: account.name, partnershipName };
}

/** What every page's layout shows: who is signed in, their sections, the CSRF token for the header's sign-out form. */
async function layoutData(request: FastifyRequest, reply: FastifyReply, services: Services): Promise<Record<string, unknown>> {
  const principal = request.principal;
  const path = request.url.split('?')[0] ?? '/';
  if (principal?.kind !== 'user') return { currentPath: path };
  // Read with the session on this request where it was (no query of their own); else asked for.
  const names = services.sessions.namesReadWith(request.session.sessionId, principal.id) ?? (await namesOf(services, principal));
  const flash = request.session.get('flash');
  if (flash !== undefined) request.session.set('flash', undefined);
  return {
    currentPath: path,
    user: { name: names.name, roleName: ROLE_NAMES[principal.role], partnershipName: names.partnershipName },
    sections: sectionsFor(principal, path),
    csrfToken: reply.generateCsrf(),
    ...(flash === undefined ? {} : { flash }),
  };
}

export async function renderView(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  name: string,
  data: Readonly<Record<string, unknown>>,
  status = 200,
): Promise<FastifyReply> {
  const layout = await layoutData(request, reply, services);
  void reply
    .status(status)
    .headers({ 'content-security-policy': PAGE_CSP, 'referrer-policy': 'same-origin' })
    .type('text/html; charset=utf-8');
  // Into the layout's own fresh object: the view engine and Nunjucks each copy the context again.
  return reply.view(`${name}.njk`, Object.assign(layout, data));
}

async function send(request: FastifyRequest, reply: FastifyReply, services: Services, result: PageResult): Promise<FastifyReply> {
  switch (result.kind) {
    case 'view':
      return renderView(request, reply, services, result.view, result.data, result.status);
    case 'redirect':
      return reply.redirect(localPath(result.to), 303);
    case 'file':
      return reply
        .type(result.contentType)
        .header('content-disposition', `attachment; filename="${result.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
        .send(result.body);
  }
}

/**
 * A browser that sent a form from another site: the session cookie is not enough (login CSRF,
 * ADR 0025). Browsers say where a request came from in Sec-Fetch-Site; older ones only in Origin
 * (pages send Referrer-Policy same-origin, so that a same-site form's Origin is not "null").
 */
function fromAnotherSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

const ERROR_PAGES: Readonly<Record<number, { title: string; text: string }>> = {
  400: { title: 'The page could not be shown', text: 'The address or form was not as expected.' },
  403: { title: 'You do not have permission to see this', text: 'Your role does not allow it. Ask your administrator if you need it.' },
  404: {
    title: 'Page not found',
    text: 'If you typed the web address, check it is correct. If you pasted it, check you copied the entire address.',
  },
  409: { title: 'Someone else changed this meanwhile', text: 'Go back, look at it again and try again.' },
  413: { title: 'What you sent is too large', text: 'Go back and send less.' },
  429: { title: 'Too many attempts', text: 'Wait a few minutes and try again.' },
  415: { title: 'The form could not be read', text: 'Go back and try again.' },
  503: {
    title: 'Sorry, the service is unavailable',
    text: `The database is not answering. Nothing was changed. Try again in ${String(RETRY_AFTER_SECONDS)} seconds.`,
  },
  500: { title: 'Sorry, there is a problem with the service', text: 'Nothing was changed. The failure has been logged. Try again later.' },
};

/** An error on a page, as a page: GOV.UK's error-page patterns, never a stack trace or problem JSON. */
export async function renderError(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  status: number,
  detail?: { title: string; text: string },
): Promise<FastifyReply> {
  const page = detail ?? ERROR_PAGES[status] ?? ERROR_PAGES[500];
  if (status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  try {
    return await renderView(request, reply, services, 'error', { title: page?.title, text: page?.text }, status);
  } catch {
    // The layout reads the database: without it, the page is shown without who is signed in.
    request.principal = undefined;
    return renderView(request, reply, services, 'error', { title: page?.title, text: page?.text }, status);
  }
}

function pageErrorHandler(services: Services) {
  return async (error: FastifyError | Problem | ServiceError | DatabaseFault, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof DatabaseFault) {
      if (error.kind !== 'unavailable') request.log.warn({ err: { name: error.name, code: error.reason } }, `database ${error.kind}`);
      return renderError(
        request,
        reply,
        services,
        503,
        error.kind === 'outcome-unknown'
          ? {
              title: 'Your change may or may not have been saved',
              text: 'The connection to the database was lost while saving. Look at the case again to see whether it was saved before trying again.',
            }
          : undefined,
      );
    }
    if (error instanceof Problem)
      return renderError(request, reply, services, error.details.status, errorText(error.details.status, error.details.detail));
    if (error instanceof ServiceError) {
      const status = { invalid: 400, forbidden: 403, 'not-found': 404, stale: 409, conflict: 409, 'too-large': 413, refused: 422 }[
        error.kind
      ];
      return renderError(request, reply, services, status, errorText(status, error.message));
    }
    const code = typeof error.code === 'string' ? error.code : '';
    if (code.startsWith('FST_CSRF'))
      return renderError(request, reply, services, 403, {
        title: 'This form has expired',
        text: 'For your security, forms expire. Go back, reload the page and try again. Nothing was changed.',
      });
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: { name: error.name, code } }, 'unexpected failure on a page');
    return renderError(request, reply, services, status >= 400 && status < 600 ? status : 500);
  };
}

function errorText(status: number, detail: string | undefined): { title: string; text: string } | undefined {
  const standard = ERROR_PAGES[status];
  if (detail === undefined) return standard;
  return { title: standard?.title ?? 'The page could not be shown', text: detail.endsWith('.') ? detail : `${detail}.` };
}

export function setUpPages(
  app: FastifyInstance,
  pages: readonly PageDefinition[],
  options: PagesOptions,
  clock: () => Date,
  signInLimits: SignInLimits,
): void {
  void app.register(async (scope) => {
    await scope.register(fastifyFormbody, { bodyLimit: FORM_BODY_LIMIT, parser: (body) => parseQueryString(body) });
    // File uploads (GOV.UK file upload, ADR 0026): one file, no larger than a document may be; a larger one arrives
    // cut short and marked, so that the page can say so beside the field instead of failing the request.
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { files: 1, fields: 20, parts: 21, fieldSize: 10_000, fileSize: options.services.documents.maxBytes },
      onFile: async (part) => {
        const content = await part.toBuffer();
        const file: UploadedFile = { filename: part.filename, mediaType: part.mimetype, content, truncated: part.file.truncated };
        Object.assign(part, { value: file });
      },
    });
    scope.setErrorHandler(pageErrorHandler(options.services));
    for (const page of pages) setUpPage(scope, page, options, clock, signInLimits);
  });
}

function setUpPage(
  scope: FastifyInstance,
  page: PageDefinition,
  options: PagesOptions,
  clock: () => Date,
  signInLimits: SignInLimits,
): void {
  const passwordAttempts = page.passwordAttempts;
  scope.route({
    method: page.method,
    url: page.url,
    bodyLimit: FORM_BODY_LIMIT,
    ...(passwordAttempts === undefined
      ? {}
      : {
          onSend: async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
            await signInLimits.afterAttempt(request, reply);
            return payload;
          },
        }),
    // Before the form is read: who may open the page (ADR 0018's rule, kept for pages).
    onRequest: async (request, reply) => {
      if (page.access === 'public') return;
      const principal = request.principal;
      if (principal?.kind !== 'user') {
        if (request.headers['content-length'] !== undefined) void reply.header('connection', 'close');
        const next = page.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
        return reply.redirect(`/sign-in${next}`, 303);
      }
      if (page.access !== 'signed-in' && !may(principal, page.access)) {
        await options.services.audit.record({
          at: clock(),
          principal,
          action: `denied:page:${page.url}`,
          subjectType: 'page',
          subjectId: page.url,
          outcome: 'denied',
        });
        throw problem(403, 'forbidden', 'Not permitted', undefined);
      }
      return undefined;
    },
    preHandler: async (request, reply) => {
      if (page.method !== 'POST') return;
      if (fromAnotherSite(request)) throw problem(403, 'forbidden', 'Not permitted', 'The form was sent from another site');
      if (page.access !== 'public' || request.principal !== undefined) {
        await new Promise<void>((resolve, reject) => {
          scope.csrfProtection(request, reply, (error?: Error) => {
            if (error === undefined) resolve();
            else reject(error);
          });
        });
      }
      if (passwordAttempts !== undefined) await signInLimits.beforeAttempt(request, reply, passwordAttempts === 'address-and-account');
    },
    handler: async (request, reply) => {
      const params = page.params === undefined ? request.params : page.params.safeParse(request.params);
      if (page.params !== undefined && !(params as { success: boolean }).success) throw problem(404, 'not-found', 'Not found', undefined);
      const query = page.query === undefined ? request.query : page.query.safeParse(request.query);
      if (page.query !== undefined && !(query as { success: boolean }).success) throw problem(400, 'bad-request', 'Not valid', undefined);
      const context: PageContext = {
        core: options.core,
        services: options.services,
        principal: request.principal,
        now: clock(),
        request,
        reply,
      };
      const input = {
        params: page.params === undefined ? params : (params as { data: unknown }).data,
        query: page.query === undefined ? query : (query as { data: unknown }).data,
      };
      const result =
        page.method === 'GET'
          ? await page.run(input, context)
          : await page.run({ ...input, form: formOf(request.body), files: filesOf(request.body) }, context);
      return send(request, reply, options.services, result);
    },
  });
}

/** The files a multipart form carried, by field name (see the multipart registration's onFile). */
function filesOf(body: unknown): Readonly<Record<string, UploadedFile>> {
  if (typeof body !== 'object' || body === null) return {};
  const files: Record<string, UploadedFile> = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'object' && value !== null && 'content' in value && Buffer.isBuffer(value.content))
      files[name] = value as UploadedFile;
  }
  return files;
}

/** The parsed form without the CSRF token; anything not a form (no body) is an empty one. */
function formOf(body: unknown): Readonly<Record<string, string | string[]>> {
  if (typeof body !== 'object' || body === null) return {};
  const form: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === '_csrf') continue;
    if (typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))) form[name] = value;
  }
  return form;
}
