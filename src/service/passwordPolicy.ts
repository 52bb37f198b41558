/**
 * What makes a password acceptable, after the NCSC's guidance ("Password administration for
 * system owners"): length rather than composition rules (no demand for digits or symbols, which
 * only push people to predictable patterns), and a deny list of the most used passwords. We also
 * refuse a password of nothing but spaces, and a common password dressed up with digits or
 * symbols at its ends, or repeated, since those are the first variations guessers try.
 */
import { COMMON_PASSWORDS } from './commonPasswords.js';

export const MINIMUM_PASSWORD_LENGTH = 12;
const COMMON = new Set(COMMON_PASSWORDS);

/** A unit repeated to make the whole: `abcabcabcabc` is `abc`. */
function repeatedUnit(text: string): string | undefined {
  for (let size = 1; size <= text.length / 2; size += 1) {
    const unit = text.slice(0, size);
    if (text.length % size === 0 && unit.repeat(text.length / size) === text) return unit;
  }
  return undefined;
}

/** Why the password is refused (the reason in a 400's invalid-params), or undefined if it is acceptable. */
export function passwordWeakness(password: string): string | undefined {
  if (password.length < MINIMUM_PASSWORD_LENGTH) return `must be at least ${String(MINIMUM_PASSWORD_LENGTH)} characters`;
  if (password.trim() === '') return 'must not be only spaces';
  const lower = password.toLowerCase();
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const unit = repeatedUnit(lower);
  if (COMMON.has(lower) || (core !== '' && COMMON.has(core)) || (unit !== undefined && (unit.length <= 3 || COMMON.has(unit)))) {
    return 'is one of the most used passwords, or one with a little added: choose another (three random words work well)';
  }
  return undefined;
}
