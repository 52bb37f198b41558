/**
 * Events to and from stored JSON. Dates are written as `{"$date": "<ISO instant>"}` so that they
 * come back as Dates and nothing else does: a free-text field that happens to look like a date
 * stays text.
 */
import type { CaseEvent } from '../core/engine/model.js';

export function encodeEvent(event: CaseEvent): string {
  return JSON.stringify(event, function replacer(this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    return original instanceof Date ? { $date: original.toISOString() } : value;
  });
}

export function decodeEvent(text: string): CaseEvent {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      const date = (value as { $date?: unknown }).$date;
      if (keys.length === 1 && typeof date === 'string') return new Date(date);
    }
    return value;
  }) as CaseEvent;
}
