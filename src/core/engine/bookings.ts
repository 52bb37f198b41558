/**
 * Bookings: a meeting or panel (a Review Panel, a reconvened or review conference) booked for a
 * date to come, shown beside the deadline it must meet and flagged when it is booked after it
 * (ADR 0017).
 */
import type { ActionDefinition } from '../procedures/schema.js';
import { unmetConditions } from './availability.js';
import { pendingDecision } from './caseGuards.js';
import { milestoneOf, stageName, type EngineContext } from './context.js';
import type { DeadlineView } from './deadlines.js';
import type { Actor, BookingRecord, RaisedCase, Refusal } from './model.js';
import { permissionRefusal } from './permissions.js';

/** Held on a date, so bookable: every meeting and panel. Letters, records, decisions and choices are done, not held. */
export function isBookable(action: ActionDefinition): boolean {
  return action.kind === 'meeting' || action.kind === 'panel';
}

/**
 * Why this actor may not book the action now, or undefined. The rule is the action's own, but
 * for what must happen first: a panel is booked before its papers go out (ADR 0017).
 */
export function bookingRefusal(
  ctx: EngineContext,
  state: RaisedCase,
  action: ActionDefinition,
  actor: Actor,
  replaying = false,
): Refusal | undefined {
  const because = (message: string): Refusal => ({ code: 'not-available', message, clause: action.clause });
  if (!isBookable(action)) return because(`"${action.label}" is not held on a date, so it cannot be booked`);
  const pending = pendingDecision(state);
  if (pending !== undefined) return pending;
  for (const unmet of unmetConditions(state, action)) {
    switch (unmet.kind) {
      case 'other-stage':
        return because(
          `"${action.label}" belongs to ${stageName(ctx, action.stage)}; the challenge is at ${stageName(ctx, state.stage)}, so it cannot be booked now`,
        );
      case 'does-not-apply':
        return because(`"${action.label}" does not apply to this challenge`);
      case 'done':
        return because(`"${action.label}" has already been held: there is nothing to book`);
      case 'answered':
        return because(`"${action.label}" has already been held for the latest occasion: there is nothing to book`);
      case 'no-longer':
        return because(`"${action.label}" is no longer available at this point`);
      case 'needs-first':
        break;
    }
  }
  const denied = permissionRefusal(ctx, state, action.by, actor, action.stage, replaying);
  if (denied !== undefined) return { code: 'not-permitted', message: denied, clause: action.clause };
  return undefined;
}

export interface BookingView {
  readonly booking: BookingRecord;
  readonly action: ActionDefinition;
  /** The deadline the action meets, if one has started, and whether the booking falls after it. */
  readonly deadline?: { readonly view: DeadlineView; readonly afterDeadline: boolean };
  /** When the booked action was held, once it has been. */
  readonly heldAt?: Date;
}

/** Every booking with the deadline it must meet and whether it has been held. */
export function caseBookings(ctx: EngineContext, state: RaisedCase, deadlines: readonly DeadlineView[]): BookingView[] {
  const views: BookingView[] = [];
  for (const booking of Object.values(state.bookings)) {
    const action = ctx.actionsById.get(booking.action);
    if (action === undefined) continue;
    const milestone = milestoneOf(action);
    const deadline = deadlines.find((d) => d.rule.metBy === milestone);
    const held = state.milestones[milestone];
    views.push({
      booking,
      action,
      ...(deadline === undefined
        ? {}
        : { deadline: { view: deadline, afterDeadline: booking.bookedFor.getTime() >= deadline.due.dueInstant.getTime() } }),
      ...(held === undefined ? {} : { heldAt: held.at }),
    });
  }
  return views.sort((a, b) => a.booking.bookedFor.getTime() - b.booking.bookedFor.getTime());
}
