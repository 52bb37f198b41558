/**
 * Recording a step for the colleague who took it (ADR 0030), as every page with a step's form
 * offers it: the case page's forms, the panel page's and the letter's "Record as sent". A step
 * the procedure refuses to the reader only because of who they are lists, for a holder of
 * record-for-others, the colleagues who could fill its role, those it allows now first.
 */
import { isStaffRole } from '../../service/principal.js';
import { field, type Form } from './forms.js';
import { ROLE_NAMES } from './navigation.js';

/** A step as the services describe it: allowed to the reader or not, its clause, and who else could take it. */
export interface RecordableStep {
  readonly allowed: boolean;
  readonly clause: string;
  readonly recordFor?: readonly {
    readonly id: string;
    readonly name: string;
    readonly role: string;
    readonly allowed: boolean;
    readonly reason?: string | undefined;
  }[];
}

const roleName = (role: string): string => (isStaffRole(role) ? ROLE_NAMES[role] : role);

/** Who a step refused to the reader is due from, when the reader may record it for them: "Sam Chair (Conference chair)". */
export function dueFrom(step: RecordableStep): string | undefined {
  const able = (step.recordFor ?? []).filter((t) => t.allowed);
  return able.length === 0 ? undefined : able.map((t) => `${t.name} (${roleName(t.role)})`).join(' or ');
}

/** Refused to the reader, but theirs to record for a colleague the procedure lets take it now. */
export const recordingFor = (step: RecordableStep): boolean => !step.allowed && dueFrom(step) !== undefined;

/** The "Who took this step?" radios: the colleagues who could fill the step's role, those the procedure allows now first. */
export function takerItems(step: RecordableStep, selected: string | undefined) {
  return (step.recordFor ?? []).map((t) => ({
    value: t.id,
    text: `${t.name} (${roleName(t.role)})`,
    ...(t.allowed ? {} : { hint: { text: t.reason ?? 'The procedure does not let them take this step now' } }),
    checked: t.id === selected,
  }));
}

/** The colleague chosen as having taken the step, or why the choice will not do: the procedure's own refusal, naming them, with its clause. */
export function takerOf(step: RecordableStep, chosen: string): { id: string } | { problem: string } {
  const taker = (step.recordFor ?? []).find((t) => t.id === chosen);
  if (taker === undefined) return { problem: 'Select who took this step' };
  if (!taker.allowed) return { problem: `${taker.reason ?? 'The procedure does not let them take this step now'} (${step.clause})` };
  return { id: taker.id };
}

/**
 * Who a step's form says took it: on a form that asked "Who took this step?", the colleague chosen
 * (or why that choice will not do); on one that did not ask, whatever `takenBy` was sent, for the
 * service to refuse (403, audited as denied) unless the sender may record for others.
 */
export function takenByFrom(
  step: RecordableStep | null | undefined,
  form: Form,
): { ok: true; takenBy?: string } | { ok: false; problem: string } {
  const chosen = field(form, 'takenBy');
  if (step !== null && step !== undefined && recordingFor(step)) {
    const taker = takerOf(step, chosen);
    return 'problem' in taker ? { ok: false, problem: taker.problem } : { ok: true, takenBy: taker.id };
  }
  return chosen === '' ? { ok: true } : { ok: true, takenBy: chosen };
}

/** The colleague as the case action's `takenBy`, or nothing: the reader took it. */
export const takenByInput = (taken: { readonly takenBy?: string }): { takenBy?: string } =>
  taken.takenBy === undefined ? {} : { takenBy: taken.takenBy };
