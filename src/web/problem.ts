/**
 * Errors as RFC 9457 problem details. Every error the API returns has this shape; nothing echoes
 * the caller's input back, so a script or SQL payload in a field never comes back unescaped.
 */
import type { z } from 'zod';

export interface InvalidParam {
  /** Where: `body.from`, `query.conference`, `params.id`. */
  readonly name: string;
  readonly reason: string;
}

export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly 'invalid-params'?: readonly InvalidParam[];
  readonly clause?: string;
  /** For a stale version: the version the case, draft or directory entry is at now. */
  readonly currentVersion?: number;
  /** For a refusal: every reason the procedure gives, each with its clause. */
  readonly problems?: readonly { readonly message: string; readonly clause?: string }[];
  /** For a sign-in whose password is right for accounts in several partnerships: which, to choose from (409). */
  readonly partnerships?: readonly { readonly id: string; readonly name: string }[];
}

const TYPE_BASE = 'https://conference-challenges.example/problems/';

/**
 * A refusal the API answers with: thrown from hooks and handlers, turned into the response by the
 * error handler, never logged with a stack. Without one: capturing a stack for every 401 was the
 * largest single cost of answering a flood of unauthenticated requests (ADR 0018, amended).
 */
export class Problem extends Error {
  readonly details: ProblemDetails;

  constructor(details: ProblemDetails) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(details.detail ?? details.title);
    Error.stackTraceLimit = limit;
    this.details = details;
    this.name = 'Problem';
  }
}

export function problem(status: number, slug: string, title: string, detail?: string, extra: Partial<ProblemDetails> = {}): Problem {
  return new Problem({ type: `${TYPE_BASE}${slug}`, title, status, ...(detail === undefined ? {} : { detail }), ...extra });
}

/**
 * At most this many invalid fields are named, each reason at most REASON_LIMIT characters: a
 * megabyte of junk must not become megabytes of error (issue 11 point 2).
 */
export const ISSUE_LIMIT = 20;
const REASON_LIMIT = 200;

const shortened = (text: string) => (text.length > REASON_LIMIT ? `${text.slice(0, REASON_LIMIT - 1)}…` : text);

/** Every invalid field of every part of the request, named, in one 400 (the first ISSUE_LIMIT of them). */
export function invalidRequest(issues: readonly InvalidParam[]): Problem {
  const named = issues.slice(0, ISSUE_LIMIT).map((issue) => ({ name: shortened(issue.name), reason: shortened(issue.reason) }));
  const count = `${String(issues.length)} field${issues.length === 1 ? ' is' : 's are'} not valid`;
  return problem(
    400,
    'invalid-request',
    'The request is not valid',
    issues.length > ISSUE_LIMIT ? `${count}; the first ${String(ISSUE_LIMIT)} are named` : count,
    { 'invalid-params': named },
  );
}

/** A field name from the caller is repeated only if it is plainly a field name; otherwise it is not echoed. */
const SAFE_KEY = /^[A-Za-z0-9_.-]{1,60}$/;
const safeKey = (key: string) => (SAFE_KEY.test(key) ? key : '(unprintable)');
/** Unknown fields named in one issue; the rest are counted. */
const KEYS_SHOWN = 10;

export function issuesOf(location: 'body' | 'query' | 'params', error: z.ZodError): InvalidParam[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((part) => safeKey(String(part)));
    if (issue.code === 'unrecognized_keys') {
      const shown = issue.keys.filter((k) => SAFE_KEY.test(k)).slice(0, KEYS_SHOWN);
      const hidden = issue.keys.length - shown.length;
      const names = [...shown, ...(hidden > 0 ? [`${String(hidden)} more, unprintable or not shown`] : [])];
      return { name: [location, ...path].join('.'), reason: `unknown field${issue.keys.length === 1 ? '' : 's'}: ${names.join(', ')}` };
    }
    return { name: [location, ...path].join('.'), reason: issue.message };
  });
}

/** RFC 9457 problem details, with this API's extension members; other members may be added later. */
export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'What kind of problem: a stable URI' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The path that was asked for' },
    'invalid-params': {
      type: 'array',
      description: 'Every invalid field (400)',
      items: { type: 'object', required: ['name', 'reason'], properties: { name: { type: 'string' }, reason: { type: 'string' } } },
    },
    clause: { type: 'string', description: 'The clause of the procedure that forbids it (422)' },
    currentVersion: { type: 'integer', minimum: 0, description: 'The version the case, draft or directory entry is at now (409)' },
    problems: {
      type: 'array',
      description: 'Every reason the procedure gives, each with its clause (422)',
      items: { type: 'object', required: ['message'], properties: { message: { type: 'string' }, clause: { type: 'string' } } },
    },
    partnerships: {
      type: 'array',
      description:
        'The partnerships in which this email and password sign in (409 at sign-in): sign in again with one of their ids as partnershipId',
      items: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
    },
  },
} as const;
