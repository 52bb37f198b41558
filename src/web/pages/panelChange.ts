/**
 * A panel form's change made through the service, once what was typed will do (ADR 0026): on
 * success a banner and post, redirect, get; refused by the engine (422), not valid (400), not the
 * reader's to make (403) or drawn from an older version of the case (409), the form is shown again
 * with the error summary and everything typed, and nothing is saved. Any other error is not the
 * form's to show.
 */
import { ServiceError, type ServiceErrorKind } from '../../service/errors.js';
import type { FormErrors } from './forms.js';
import { redirect, type PageResult, type StaffPageContext } from './page.js';
import { refusalErrors } from './panelForms.js';

/** A change a panel form makes: what it does, which field a refusal is about, the banner, and where to go next. */
export interface PanelChange {
  readonly change: () => Promise<unknown>;
  readonly fieldOf: (message: string) => string;
  readonly flash: { readonly title: string; readonly text: string };
  readonly back: string;
}

/** The status of the form shown again, for each refusal the form shows. */
const SHOWN_AGAIN: Partial<Record<ServiceErrorKind, number>> = { stale: 409, forbidden: 403, invalid: 400, refused: 422 };

export async function makeChange(
  ctx: StaffPageContext,
  { change, fieldOf, flash, back }: PanelChange,
  showAgain: (errors: FormErrors, status: number) => PageResult | Promise<PageResult>,
): Promise<PageResult> {
  try {
    await change();
  } catch (error) {
    const status = error instanceof ServiceError ? SHOWN_AGAIN[error.kind] : undefined;
    if (status === undefined || !(error instanceof ServiceError)) throw error;
    return showAgain(refusalErrors(error, fieldOf), status);
  }
  ctx.request.session.set('flash', flash);
  return redirect(back);
}
