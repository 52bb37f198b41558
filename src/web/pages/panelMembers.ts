/**
 * The members proposed for a panel, on the page that convenes it and the one that corrects it
 * (ADR 0026, ADR 0015): the choices as the form was filled, and the check against the procedure's
 * rules for the panel, each failure with its clause.
 */
import { ServiceError } from '../../service/errors.js';
import type { DirectoryEntry } from '../../service/people.js';
import { field, fields, FormErrors, type Form } from './forms.js';
import { AGENCY_LABELS, addProblems, refusalErrors } from './panelForms.js';

/** The candidates as members to tick and as the chair to choose, as the form was filled. */
export function memberChoices(candidates: readonly DirectoryEntry[], values: Form) {
  const ticked = new Set(fields(values, 'members'));
  return {
    memberItems: candidates.map((c) => ({
      value: c.id,
      text: c.name,
      hint: {
        text: `${AGENCY_LABELS[c.agency]}${c.senior ? ', senior manager' : ''}${c.partnershipAgency ? '' : ', not a partnership agency'}`,
      },
      checked: ticked.has(c.id),
    })),
    chairItems: [
      { value: '', text: 'Choose the chair' },
      ...candidates.map((c) => ({
        value: c.id,
        text: `${c.name} (${AGENCY_LABELS[c.agency]})`,
        selected: field(values, 'chair') === c.id,
      })),
    ],
  };
}

/** The proposed members checked: the panel action they were checked for, or what the form shows again. */
export type CheckedMembers =
  | { readonly ok: true; readonly action: string }
  /** `refused`: the check itself was refused (the request was not valid), not failed by a rule. */
  | {
      readonly ok: false;
      readonly refused: boolean;
      readonly shown: { readonly errors: FormErrors; readonly checked?: { readonly valid: false } };
    };

/** Runs the check of the proposed members; a refusal as invalid, or each rule they fail, comes back as the form's errors. */
export async function checkMembers(
  check: () => Promise<{ action: string; valid: boolean; problems: readonly { message: string; clause?: string | undefined }[] }>,
): Promise<CheckedMembers> {
  let checked;
  try {
    checked = await check();
  } catch (error) {
    if (!(error instanceof ServiceError) || error.kind !== 'invalid') throw error;
    return { ok: false, refused: true, shown: { errors: refusalErrors(error, () => 'members') } };
  }
  if (checked.valid) return { ok: true, action: checked.action };
  const errors = new FormErrors();
  addProblems(errors, checked.problems, () => 'members');
  return { ok: false, refused: false, shown: { errors, checked: { valid: false } } };
}
