/**
 * Changing a case's facts after it was raised (ADR 0017): who works on it and what is recorded about
 * it (the flags some rules read). Reached from the "Change" links on the case summary; a form, then a
 * check-your-answers page, then the change. The service changes only these two lists (each sent
 * whole, replacing the one before); the complainant, the advocate and the aspects are fixed at raise.
 * Like every case form it carries the case version it was drawn from: sent against an older one it
 * is shown again with what changed.
 */
import { z } from 'zod';
import { CASE_FLAGS, type CaseFlag, type Procedure } from '../../core/procedures/schema.js';
import { ServiceError } from '../../service/errors.js';
import type { Candidate } from './actionForms.js';
import { directory, formBase, load, refusalErrors, versionOf } from './cases.js';
import { CASE_FLAG_WORDS, caseTitle, changesSince, mayChangeFacts, type CaseView } from './caseView.js';
import { field, fields, formText, FormErrors, type Form } from './forms.js';
import { definePage, redirect, view, type PageDefinition, type PageResult, type StaffPageContext } from './page.js';

const caseParams = z.object({ id: z.string().min(1).max(100) });
type CaseParams = z.infer<typeof caseParams>;

/** Flags a person may set or clear here: a child's own challenge stays one whatever is sent (the engine keeps it). */
const EDITABLE_FLAGS: readonly CaseFlag[] = CASE_FLAGS.filter((f) => f !== 'child-complainant');

const TITLE = 'Change the case’s facts';

interface Chosen {
  readonly caseWorkerIds: string[];
  readonly flags: CaseFlag[];
  readonly reason: string;
}

/** What would change, in words, against the case as it stands; and which lists to send. */
function difference(caseView: CaseView, chosen: Chosen, names: ReadonlyMap<string, string>) {
  const workersBefore = caseView.caseWorkerIds ?? [];
  const flagsBefore: readonly CaseFlag[] = caseView.flags.filter((f) => f !== 'child-complainant');
  const name = (id: string) => names.get(id) ?? id;
  const added = chosen.caseWorkerIds.filter((id) => !workersBefore.includes(id)).map(name);
  const removed = workersBefore.filter((id) => !chosen.caseWorkerIds.includes(id)).map(name);
  const flagsAdded = chosen.flags.filter((f) => !flagsBefore.includes(f)).map((f) => CASE_FLAG_WORDS[f]);
  const flagsRemoved = flagsBefore.filter((f) => !chosen.flags.includes(f)).map((f) => CASE_FLAG_WORDS[f]);
  return {
    workersChanged: added.length > 0 || removed.length > 0,
    flagsChanged: flagsAdded.length > 0 || flagsRemoved.length > 0,
    added,
    removed,
    flagsAdded,
    flagsRemoved,
  };
}

/** Case workers and flags as checkbox items, with what is chosen checked; a flag the procedure limits says so with its clause. */
function model(procedure: Procedure, people: readonly Candidate[], chosen: { caseWorkerIds: readonly string[]; flags: readonly string[] }) {
  return {
    workerItems: people.map((p) => ({
      value: p.id,
      text: p.name,
      hint: { text: p.description },
      checked: chosen.caseWorkerIds.includes(p.id),
    })),
    flagItems: EDITABLE_FLAGS.map((f) => {
      const limitation = procedure.limitations.find((l) => l.flag === f);
      return {
        value: f,
        text: CASE_FLAG_WORDS[f],
        checked: chosen.flags.includes(f),
        ...(limitation === undefined
          ? {}
          : {
              hint: {
                text:
                  limitation.effect === 'cannot-address'
                    ? `Adding this asks whether the procedure can address the challenge (${limitation.clause})`
                    : `Adding this asks for a decision on whether the procedure goes on (${limitation.clause})`,
              },
            }),
      };
    }),
  };
}

const reasonRule = formText('Reason for the change', { required: 'Enter why the case’s facts are changing', max: 5000 });

/** Reads the form: each problem against its field; an id or flag not offered is refused as the field's problem. */
function readForm(form: Form, people: readonly Candidate[]): { chosen: Chosen; errors: FormErrors } {
  const errors = new FormErrors();
  const known = new Set(people.map((p) => p.id));
  const caseWorkerIds = [...new Set(fields(form, 'caseWorkerIds'))];
  if (caseWorkerIds.some((id) => !known.has(id)))
    errors.add('caseWorkerIds', 'Choose case workers from the partnership’s directory', '#caseWorkerIds');
  const flagsSent = [...new Set(fields(form, 'flags'))];
  const flags = flagsSent.filter((f): f is CaseFlag => (EDITABLE_FLAGS as readonly string[]).includes(f));
  if (flags.length !== flagsSent.length) errors.add('flags', 'Choose from the things listed', '#flags');
  const reason = reasonRule.safeParse(form['reason']);
  if (!reason.success) errors.add('reason', reason.error.issues[0]?.message ?? 'Check the reason');
  return {
    chosen: {
      caseWorkerIds: caseWorkerIds.filter((id) => known.has(id)),
      flags,
      reason: reason.success ? reason.data : field(form, 'reason'),
    },
    errors,
  };
}

async function factsPage(context: StaffPageContext, params: CaseParams, posted?: { form: Form }): Promise<PageResult> {
  const { view: caseView, procedure } = await load(context, params.id);
  if (!mayChangeFacts(context.principal, caseView)) throw new ServiceError('not-found', 'The facts of a closed case cannot be changed');
  const people = await directory(context.services, context.principal);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const base = {
    ...formBase(caseView, TITLE),
    formAction: `/cases/${caseView.id}/facts`,
    childComplainant: caseView.flags.includes('child-complainant'),
  };
  const current = { caseWorkerIds: caseView.caseWorkerIds ?? [], flags: caseView.flags.filter((f) => f !== 'child-complainant') };
  const unknownWorkers = (caseView.caseWorkerIds ?? []).filter((id) => !names.has(id));
  const formView = (
    chosen: { caseWorkerIds: readonly string[]; flags: readonly string[]; reason: string },
    extra: Record<string, unknown>,
    status?: number,
  ) =>
    view(
      'case-facts',
      {
        ...base,
        ...model(procedure, people, chosen),
        unknownWorkers,
        noRecordOfWorkers: caseView.caseWorkerIds === null,
        values: { reason: chosen.reason },
        errors: {},
        ...extra,
      },
      status,
    );
  if (posted === undefined) return formView({ ...current, reason: '' }, {});

  const form = posted.form;
  const step = field(form, 'step');
  const formVersion = versionOf(form);
  const { chosen, errors } = readForm(form, people);
  // Drawn from an older version (or sent twice): show what changed meanwhile and ask again, keeping what was typed.
  if (formVersion !== caseView.version)
    return formView(chosen, { changed: changesSince(procedure, caseView, formVersion ?? 0), version: caseView.version }, 409);
  if (step === 'edit') return formView(chosen, {});
  const diff = difference(caseView, chosen, names);
  if (!errors.any && !diff.workersChanged && !diff.flagsChanged)
    errors.add('caseWorkerIds', 'Change the case workers or what is recorded about the case, or cancel', '#caseWorkerIds');
  if (errors.any) return formView(chosen, errors.toView(), 400);
  if (step !== 'confirm')
    return view('case-facts-check', {
      ...base,
      title: 'Check the change to the case’s facts',
      diff,
      chosen,
      workerNames: chosen.caseWorkerIds.map((id) => names.get(id) ?? id),
      flagWords: chosen.flags.map((f) => CASE_FLAG_WORDS[f]),
    });
  try {
    await context.services.cases.act(
      context.principal,
      caseView.id,
      {
        type: 'change-facts',
        expectedVersion: formVersion,
        reason: chosen.reason,
        ...(diff.workersChanged ? { caseWorkerIds: chosen.caseWorkerIds } : {}),
        ...(diff.flagsChanged ? { flags: chosen.flags } : {}),
      },
      context.now,
    );
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    if (error.kind === 'stale') {
      const fresh = await load(context, params.id);
      return formView(chosen, { ...formBase(fresh.view, TITLE), changed: changesSince(procedure, fresh.view, formVersion) }, 409);
    }
    if (error.kind === 'refused' || error.kind === 'invalid')
      return formView(chosen, refusalErrors(error, { field: 'caseWorkerIds', href: '#caseWorkerIds' }).toView(), 422);
    throw error;
  }
  context.request.session.set('flash', { title: 'Recorded', text: `${caseTitle(caseView)}: the case’s facts are changed.` });
  return redirect(`/cases/${caseView.id}`);
}

export const CASE_FACT_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: '/cases/:id/facts',
    title: TITLE,
    access: 'act-on-case',
    audit: ['case.read'],
    params: caseParams,
    run: ({ params }, context) => factsPage(context, params as CaseParams),
  }),
  definePage({
    method: 'POST',
    url: '/cases/:id/facts',
    title: TITLE,
    access: 'act-on-case',
    audit: ['case.read', 'case.change-facts'],
    params: caseParams,
    run: ({ params, form }, context) => factsPage(context, params as CaseParams, { form }),
  }),
];
