/**
 * Letters as pages: a case's letters, each letter's draft editor (a text box per section, the
 * required ones marked), its preview on the letterhead, PDF and Word downloads, and the form that
 * records it as sent; and the administrator's letterhead. Every page calls the letter service
 * in-process, which audits each read (ADR 0023).
 */
import { z } from 'zod';
import { DELIVERY_METHODS, londonDateOf, parseLondonDateTime, type DeliveryMethod } from '../../core/calendar/index.js';
import { ServiceError } from '../../service/errors.js';
import type { LetterView } from '../../service/letters.js';
import { may, mayCorrectRecordOf } from '../../service/permissions.js';
import type { Principal } from '../../service/principal.js';
import type { Services } from '../../service/services.js';
import { field, formText, FormErrors, parseForm, readDate, refusalText, type Form } from './forms.js';
import { definePage, file, redirect, view, type PageDefinition } from './page.js';
import { caseCaption } from './caseView.js';
import { recordingFor, takenByFrom, takenByInput, takerItems } from './recordFor.js';

const id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/);
const caseParams = z.object({ id });
const letterParams = z.object({ id, letterId: id });

/** How staff name each way of sending. */
export const METHOD_WORDS: Readonly<Record<DeliveryMethod, string>> = {
  email: 'Email',
  'secure-portal': 'Secure portal',
  hand: 'By hand',
  'first-class-post': 'First class post',
  'second-class-post': 'Second class post',
  'signed-for': 'Signed for post',
  'in-person': 'Given in person',
  phone: 'Read out by phone',
};

export const letterPaths = {
  list: (caseId: string) => `/cases/${encodeURIComponent(caseId)}/letters`,
  letter: (caseId: string, letterId: string) => `/cases/${encodeURIComponent(caseId)}/letters/${encodeURIComponent(letterId)}`,
  preview: (caseId: string, letterId: string) => `${letterPaths.letter(caseId, letterId)}/preview`,
  pdf: (caseId: string, letterId: string) => `${letterPaths.letter(caseId, letterId)}/letter.pdf`,
  docx: (caseId: string, letterId: string) => `${letterPaths.letter(caseId, letterId)}/letter.docx`,
  send: (caseId: string, letterId: string) => `${letterPaths.letter(caseId, letterId)}/send`,
};

const sectionField = (key: string) => `section-${key}`;

/** Staff names by id, for who sent and recorded a letter. */
async function staffNames(services: Services, principal: Principal): Promise<ReadonlyMap<string, string>> {
  return new Map((await services.staff.list(principal.partnershipId)).map((s) => [s.id, s.name]));
}

/** A sent letter's record for the page (ADR 0034): how and when it went, its receipt, who, and where to correct it. */
function sentRecordView(letter: LetterView, principal: Principal, names: ReadonlyMap<string, string>) {
  const sent = letter.sent;
  if (sent === null) return undefined;
  const name = (id: string) => names.get(id) ?? id;
  const correctable = sent.record !== null && may(principal, 'act-on-case') && mayCorrectRecordOf(principal, sent.by);
  return {
    ...sent,
    methodText: METHOD_WORDS[sent.method],
    byName: name(sent.by),
    recordedByName: name(sent.recordedBy),
    firstMethodText: METHOD_WORDS[sent.firstRecorded.method],
    correctHref: correctable ? `/cases/${encodeURIComponent(letter.caseId)}/timeline/${String(sent.record)}/correct` : undefined,
  };
}

/** The letter page's data: the letter as the service gives it, shaped for the view (labels, hints, what was typed). */
function letterPage(
  letter: LetterView,
  principal: Principal,
  shown: {
    readonly values?: Readonly<Record<string, string>>;
    readonly errors?: FormErrors;
    readonly today: string;
    readonly names?: ReadonlyMap<string, string>;
    /** The case it is about: "Case CAMDEN-2026-0006". */
    readonly caption: string;
  },
) {
  const values = shown.values ?? {};
  const errors = (shown.errors ?? new FormErrors()).toView();
  const canAct = may(principal, 'act-on-case') && letter.status === 'draft';
  return {
    title: letter.title,
    caption: shown.caption,
    letter,
    canAct,
    sentRecord: sentRecordView(letter, principal, shown.names ?? new Map()),
    paths: {
      list: letterPaths.list(letter.caseId),
      letter: letterPaths.letter(letter.caseId, letter.letterId),
      preview: letterPaths.preview(letter.caseId, letter.letterId),
      pdf: letterPaths.pdf(letter.caseId, letter.letterId),
      docx: letterPaths.docx(letter.caseId, letter.letterId),
      send: letterPaths.send(letter.caseId, letter.letterId),
    },
    addressee: values['addressee'] ?? letter.addressee,
    subject: values['subject'] ?? letter.subject,
    // Not `sections`: the layout's navigation is called that.
    letterSections: letter.sections.map((s) => ({
      key: s.key,
      id: sectionField(s.key),
      label: s.required ? `${s.label} (required)` : s.label,
      hint: s.clause === null ? s.hint : `${s.hint} Required by ${s.clause}.`,
      value: values[sectionField(s.key)] ?? s.text,
      stated: s.stated,
      errorMessage: errors.errors[sectionField(s.key)],
    })),
    copies: letter.copies.map((c) => ({
      title: c.title,
      names: c.names.join(', '),
      clause: c.clause,
    })),
    methods: DELIVERY_METHODS.map((m) => ({
      value: m,
      text: METHOD_WORDS[m],
      checked: (values['method'] ?? (letter.status === 'draft' ? '' : letter.method)) === m,
    })),
    sentDate: {
      day: values['sent-day'] ?? '',
      month: values['sent-month'] ?? '',
      year: values['sent-year'] ?? '',
    },
    methodWords: METHOD_WORDS,
    // Sent by a colleague and recorded for them (ADR 0030): "Who took this step?", the choice kept.
    takers: letter.sending !== undefined && recordingFor(letter.sending) ? takerItems(letter.sending, values['takenBy']) : undefined,
    today: shown.today,
    ...errors,
  };
}

const draftForm = (sectionKeys: readonly string[], required: ReadonlySet<string>, labels: Readonly<Record<string, string>>) =>
  z.object({
    addressee: formText('Who the letter is to', { required: 'Enter who the letter is to, with their address', max: 1000 }),
    subject: formText('Subject', { required: 'Enter the subject of the letter', max: 300 }),
    ...Object.fromEntries(
      sectionKeys.map((key) => {
        const label = labels[key] ?? key;
        return [
          sectionField(key),
          formText(label, {
            max: 20_000,
            ...(required.has(key)
              ? { required: `Enter ${label.charAt(0).toLowerCase()}${label.slice(1)}: the letter must include it` }
              : {}),
          }),
        ];
      }),
    ),
  });

/** What was typed into the letter form, to show again on an error. */
function typed(form: Form, letter: LetterView): Record<string, string> {
  const names = [
    'addressee',
    'subject',
    'method',
    'sent-day',
    'sent-month',
    'sent-year',
    'takenBy',
    ...letter.sections.map((s) => sectionField(s.key)),
  ];
  return Object.fromEntries(names.filter((n) => n in form).map((n) => [n, field(form, n)]));
}

const letterheadForm = z.object({
  name: formText('Partnership name', { required: 'Enter the name of the partnership', max: 200, name: true }),
  address: formText('Address', { max: 1300 }).refine((value) => value.split(/\r?\n/).length <= 6, 'Address must be 6 lines or fewer'),
  postcode: formText('Postcode', { max: 12 }),
  phone: formText('Telephone', { max: 40 }),
  email: formText('Email address', { max: 254 }).refine(
    (value) => value === '' || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value),
    'Enter an email address in the correct format, like name@example.org',
  ),
  website: formText('Website', { max: 200 }),
});

export const LETTER_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: '/cases/:id/letters',
    title: 'Letters',
    access: 'read-case',
    audit: ['letter.list'],
    params: caseParams,
    run: async ({ params }, { services, principal, now }) => {
      const { id: caseId } = params as z.infer<typeof caseParams>;
      const letters = await services.letters.list(principal, caseId, now);
      return view('letters/list', {
        title: 'Letters',
        caseId,
        caption: await caseCaption({ services, principal }, caseId),
        due: letters.due.map((l) => ({ ...l, href: letterPaths.letter(caseId, l.letterId) })),
        sent: letters.sent.map((l) => ({ ...l, href: letterPaths.letter(caseId, l.letterId), methodText: METHOD_WORDS[l.method] })),
      });
    },
  }),
  definePage({
    method: 'GET',
    url: '/cases/:id/letters/:letterId',
    title: 'Letter',
    access: 'read-case',
    audit: ['letter.read'],
    params: letterParams,
    run: async ({ params }, { services, principal, now }) => {
      const { id: caseId, letterId } = params as z.infer<typeof letterParams>;
      const letter = await services.letters.read(principal, caseId, letterId, now);
      return view(
        'letters/letter',
        letterPage(letter, principal, {
          today: londonDateOf(now),
          names: await staffNames(services, principal),
          caption: await caseCaption({ services, principal }, caseId),
        }),
      );
    },
  }),
  definePage({
    method: 'POST',
    url: '/cases/:id/letters/:letterId',
    title: 'Letter',
    access: 'act-on-case',
    audit: ['letter.edit'],
    params: letterParams,
    run: async ({ params, form }, { services, principal, now, request }) => {
      const { id: caseId, letterId } = params as z.infer<typeof letterParams>;
      const letter = await services.letters.read(principal, caseId, letterId, now);
      // The caption is read only when the form is shown again: a saved draft redirects.
      const shownAgain = async (errors: FormErrors) => {
        const caption = await caseCaption({ services, principal }, caseId);
        return view(
          'letters/letter',
          letterPage(letter, principal, { values: typed(form, letter), errors, today: londonDateOf(now), caption }),
          400,
        );
      };
      const labels = Object.fromEntries(letter.sections.map((s) => [s.key, s.label]));
      const required = new Set(letter.sections.filter((s) => s.required).map((s) => s.key));
      const parsed = parseForm(
        draftForm(
          letter.sections.map((s) => s.key),
          required,
          labels,
        ),
        form,
      );
      if (!parsed.ok) return shownAgain(parsed.errors);
      const version = Number(field(form, 'version'));
      const value = parsed.value as Record<string, string>;
      try {
        await services.letters.save(
          principal,
          caseId,
          letterId,
          {
            expectedVersion: Number.isInteger(version) ? version : -1,
            addressee: value['addressee'] ?? '',
            subject: value['subject'] ?? '',
            sections: Object.fromEntries(letter.sections.map((s) => [s.key, value[sectionField(s.key)] ?? ''])),
          },
          now,
        );
      } catch (error) {
        if (!(error instanceof ServiceError) || (error.kind !== 'stale' && error.kind !== 'refused')) throw error;
        const errors = new FormErrors().add(
          'form',
          error.kind === 'stale'
            ? 'Someone else saved this letter while you were editing it. Your text is below: check their changes, then save again.'
            : refusalText(error),
          '#addressee',
        );
        return shownAgain(errors);
      }
      request.session.set('flash', { title: 'Draft saved', text: `${letter.title} has been saved.` });
      return redirect(letterPaths.letter(caseId, letterId));
    },
  }),
  definePage({
    method: 'GET',
    url: '/cases/:id/letters/:letterId/preview',
    title: 'Preview',
    access: 'read-case',
    audit: ['letter.read'],
    params: letterParams,
    run: async ({ params }, { services, principal, now }) => {
      const { id: caseId, letterId } = params as z.infer<typeof letterParams>;
      const letter = await services.letters.preview(principal, caseId, letterId, now);
      const head = letter.printable.letterhead;
      return view('letters/preview', {
        title: `Preview: ${letter.printable.subject}`,
        status: letter.status,
        back: letterPaths.letter(caseId, letterId),
        letter: letter.printable,
        contact: [...head.addressLines, head.postcode, head.phone, head.email, head.website].filter((l) => l.trim() !== ''),
      });
    },
  }),
  ...(['pdf', 'docx'] as const).map((format) =>
    definePage({
      method: 'GET',
      url: `/cases/:id/letters/:letterId/letter.${format}`,
      title: 'Download',
      access: 'read-documents',
      audit: ['letter.download'],
      params: letterParams,
      run: async ({ params }, { services, principal, now }) => {
        const { id: caseId, letterId } = params as z.infer<typeof letterParams>;
        const download = await services.letters.download(principal, caseId, letterId, format, now);
        return file(download.content, download.mediaType, download.filename);
      },
    }),
  ),
  definePage({
    method: 'POST',
    url: '/cases/:id/letters/:letterId/send',
    title: 'Record as sent',
    access: 'act-on-case',
    audit: ['letter.sent', 'case.act'],
    params: letterParams,
    run: async ({ params, form }, { services, principal, now, request }) => {
      const { id: caseId, letterId } = params as z.infer<typeof letterParams>;
      const letter = await services.letters.read(principal, caseId, letterId, now);
      const today = londonDateOf(now);
      // A second press of "Record as sent", a resubmitted form, or a form left open from before the letter went: it
      // went once for this occasion, nothing more is recorded, and the page says why (ADR 0034).
      if (letter.status === 'sent') {
        const why = letter.notDueBecause === null ? '' : ` ${letter.notDueBecause.reason} (${letter.notDueBecause.clause})`;
        const errors = new FormErrors().add(
          'form',
          `${letter.title} has already been recorded as sent: nothing more was recorded.${why}`,
          '#sent-record',
        );
        return view(
          'letters/letter',
          letterPage(letter, principal, {
            errors,
            today,
            names: await staffNames(services, principal),
            caption: await caseCaption({ services, principal }, caseId),
          }),
          400,
        );
      }
      // As above: a letter recorded as sent redirects, so the caption is read only for a form shown again.
      const shownAgain = async (errors: FormErrors, status = 400) => {
        const caption = await caseCaption({ services, principal }, caseId);
        return view('letters/letter', letterPage(letter, principal, { values: typed(form, letter), errors, today, caption }), status);
      };
      const errors = new FormErrors();
      const taken = takenByFrom(letter.sending, form);
      if (!taken.ok) errors.add('takenBy', taken.problem, '#takenBy');
      const method = field(form, 'method');
      if (!(DELIVERY_METHODS as readonly string[]).includes(method)) errors.add('method', 'Select how the letter was sent');
      const sentOn = readDate(form, 'sent', 'The date the letter was sent', errors);
      if (sentOn !== undefined && sentOn > today)
        errors.add('sent', 'The date the letter was sent must be today or in the past', '#sent-day');
      if (errors.any || sentOn === undefined || !taken.ok) return shownAgain(errors);
      // Sent today: now. Sent on an earlier day: at the close of that working day, London time (ADR 0023).
      const sentAt = sentOn === today ? now : (parseLondonDateTime(`${sentOn}T17:00`) ?? now);
      const version = Number(field(form, 'version'));
      try {
        await services.letters.send(
          principal,
          caseId,
          letterId,
          { expectedVersion: Number.isInteger(version) ? version : -1, method: method as DeliveryMethod, sentAt, ...takenByInput(taken) },
          now,
        );
      } catch (error) {
        if (!(error instanceof ServiceError) || !['refused', 'stale', 'invalid', 'forbidden'].includes(error.kind)) throw error;
        // Who sent it named without the right to record for others: refused (and audited) by the service.
        if (error.kind === 'forbidden') return shownAgain(errors.add('form', refusalText(error), '#method'), 403);
        if (error.kind === 'stale') {
          errors.add(
            'form',
            'The case has changed since you opened this letter. Check the letter below, then record it as sent again.',
            '#method',
          );
        } else if (letter.missing.length > 0) {
          for (const missing of letter.missing)
            errors.add(sectionField(missing.item), `The letter must include ${missing.label} (${missing.clause})`);
        } else {
          errors.add('sent', refusalText(error), '#sent-day');
        }
        return shownAgain(errors);
      }
      request.session.set('flash', { title: 'Letter recorded as sent', text: `${letter.title} has been recorded as sent.` });
      return redirect(letterPaths.letter(caseId, letterId));
    },
  }),
  definePage({
    method: 'GET',
    url: '/admin/letterhead',
    title: 'Letterhead',
    access: 'manage-letterhead',
    run: async (_input, { services, principal }) => {
      const head = await services.letterheads.get(principal.partnershipId);
      return view('letters/letterhead', {
        title: 'Letterhead',
        values: { ...head, address: head.addressLines.join('\n') },
        errors: {},
      });
    },
  }),
  definePage({
    method: 'POST',
    url: '/admin/letterhead',
    title: 'Letterhead',
    access: 'manage-letterhead',
    audit: ['letterhead.changed'],
    run: async ({ form }, { services, principal, now, request }) => {
      const values = Object.fromEntries(['name', 'address', 'postcode', 'phone', 'email', 'website'].map((n) => [n, field(form, n)]));
      const parsed = parseForm(letterheadForm, form);
      if (!parsed.ok) return view('letters/letterhead', { title: 'Letterhead', values, ...parsed.errors.toView() }, 400);
      const { address, ...rest } = parsed.value;
      await services.letterheads.set(
        principal.partnershipId,
        {
          ...rest,
          addressLines: address
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter((l) => l !== ''),
        },
        principal.id,
        now,
      );
      await services.audit.record({
        at: now,
        principal,
        action: 'letterhead.changed',
        subjectType: 'partnership',
        subjectId: principal.partnershipId,
        outcome: 'ok',
      });
      request.session.set('flash', { title: 'Letterhead saved', text: 'Letters from now on are printed on it.' });
      return redirect('/admin/letterhead');
    },
  }),
];
