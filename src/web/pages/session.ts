/**
 * Signing in and out, and changing one's own password, as pages: the same accounts, limits and
 * audit as the API's session routes (routes/session.ts).
 */
import { z } from 'zod';
import { ServiceError } from '../../service/errors.js';
import { changePasswordAudited } from '../../service/passwordChange.js';
import { signInAudited } from '../../service/signIn.js';
import { renewSession, SESSION_COOKIE, startSession } from '../plugins/sessions.js';
import { field, formText, FormErrors, parseForm } from './forms.js';
import { definePage, localPath, redirect, view, type PageDefinition } from './page.js';

const signInForm = z.object({
  email: formText('Email address', { required: 'Enter your email address', max: 254 }).refine(
    (email) => email === '' || /^[^@\s]+@[^@\s]+$/.test(email),
    'Enter an email address in the correct format, like name@example.org',
  ),
  password: formText('Password', { required: 'Enter your password', max: 200, trim: false }),
});

const passwordForm = z.object({
  currentPassword: formText('Current password', { required: 'Enter your current password', max: 200, trim: false }),
  newPassword: formText('New password', { required: 'Enter a new password', max: 200, trim: false }).refine(
    (password) => password === '' || password.length >= 12,
    'New password must be 12 characters or more',
  ),
});

const nextOf = (query: unknown) => {
  const next = typeof query === 'object' && query !== null && 'next' in query && typeof query.next === 'string' ? query.next : '';
  return next === '' ? undefined : localPath(next);
};

export const SESSION_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: '/sign-in',
    title: 'Sign in',
    access: 'public',
    run: ({ query }, { principal }) => {
      const next = nextOf(query);
      if (principal?.kind === 'user') return redirect(next ?? '/');
      return view('sign-in', { title: 'Sign in', next, values: {}, errors: {} });
    },
  }),
  definePage({
    method: 'POST',
    url: '/sign-in',
    title: 'Sign in',
    access: 'public',
    audit: ['session.sign-in'],
    passwordAttempts: 'address-and-account',
    run: async ({ query, form }, { services, request, now }) => {
      const next = nextOf(query);
      const shown = { title: 'Sign in', next, values: { email: field(form, 'email') } };
      const parsed = parseForm(signInForm, form);
      if (!parsed.ok) return view('sign-in', { ...shown, ...parsed.errors.toView() }, 400);
      const partnershipId = field(form, 'partnershipId');
      const signedIn = await signInAudited(
        services,
        { ...parsed.value, partnershipId: partnershipId === '' ? undefined : partnershipId },
        { now, startSession: (principal) => startSession(request, principal.id, now.toISOString()) },
      );
      if (signedIn.outcome === 'refused') {
        // The same words whichever was wrong: the page must not say which emails have accounts.
        const errors = new FormErrors()
          .add('email', 'Enter a correct email address and password')
          .add('password', 'Enter a correct email address and password');
        return view('sign-in', { ...shown, ...errors.toView(), errorList: errors.toView().errorList.slice(0, 1) }, 401);
      }
      if (signedIn.outcome === 'choose') {
        // Only partnerships in which this password is right are offered (ADR 0021); the password is asked again.
        request.passwordAccepted = true;
        const errors =
          partnershipId === '' ? new FormErrors() : new FormErrors().add('partnershipId', 'Select the partnership to sign in to');
        return view('sign-in', { ...shown, ...errors.toView(), partnerships: signedIn.partnerships }, 200);
      }
      return redirect(next ?? '/');
    },
  }),
  definePage({
    method: 'POST',
    url: '/sign-out',
    title: 'Sign out',
    access: 'signed-in',
    run: async (_input, { request, reply }) => {
      await request.session.destroy();
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return redirect('/sign-in');
    },
  }),
  definePage({
    method: 'GET',
    url: '/account/password',
    title: 'Change your password',
    access: 'signed-in',
    run: () => view('password', { title: 'Change your password', errors: {} }),
  }),
  definePage({
    method: 'POST',
    url: '/account/password',
    title: 'Change your password',
    access: 'signed-in',
    audit: ['session.password-change'],
    passwordAttempts: 'address',
    run: async ({ form }, { services, principal, request, now }) => {
      const title = 'Change your password';
      const parsed = parseForm(passwordForm, form);
      if (!parsed.ok) return view('password', { title, ...parsed.errors.toView() }, 400);
      try {
        await changePasswordAudited(services, principal, parsed.value, {
          now,
          renewSession: () => renewSession(request, principal.id, now),
        });
      } catch (error) {
        if (!(error instanceof ServiceError) || error.kind !== 'invalid') throw error;
        const errors = new FormErrors();
        for (const issue of error.extra.issues ?? []) {
          const name = issue.name.replace(/^body\./, '');
          errors.add(name === 'currentPassword' || name === 'newPassword' ? name : 'newPassword', sentence(issue.reason, name));
        }
        if (!errors.any) errors.add('currentPassword', error.message);
        return view('password', { title, ...errors.toView() }, 400);
      }
      request.session.set('flash', { title: 'Password changed', text: 'You have been signed out everywhere else.' });
      return redirect('/');
    },
  }),
];

/** A service reason ("is not the current password") as a sentence naming the field. */
function sentence(reason: string, name: string): string {
  const subject = name === 'currentPassword' ? 'Current password' : 'New password';
  return /^[A-Z]/.test(reason) ? reason : `${subject} ${reason}`;
}
