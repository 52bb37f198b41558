import { expect, it } from 'vitest';
import { keepBounded, madeOnce } from '../../src/core/bounded.js';

it('keeps at most the limit, letting the least recently set go first', () => {
  const map = new Map<string, number>();
  keepBounded(map, 'a', 1, 3);
  keepBounded(map, 'b', 2, 3);
  keepBounded(map, 'c', 3, 3);
  expect([...map]).toEqual([
    ['a', 1],
    ['b', 2],
    ['c', 3],
  ]);
  // Setting a again makes it the newest: b is now the oldest, and goes when d arrives.
  keepBounded(map, 'a', 10, 3);
  keepBounded(map, 'd', 4, 3);
  expect([...map]).toEqual([
    ['c', 3],
    ['a', 10],
    ['d', 4],
  ]);
});

it('replaces a key already kept without letting another go', () => {
  const map = new Map([
    ['a', 1],
    ['b', 2],
  ]);
  keepBounded(map, 'b', 20, 2);
  expect([...map]).toEqual([
    ['a', 1],
    ['b', 20],
  ]);
});

it('makes a value once for each key, and gives the same value after', () => {
  const kept = new WeakMap<object, { made: number }>();
  let made = 0;
  const make = () => ({ made: (made += 1) });
  const first = {};
  const second = {};
  const value = madeOnce(kept, first, make);
  expect(value).toEqual({ made: 1 });
  expect(madeOnce(kept, first, make)).toBe(value);
  expect(madeOnce(kept, second, make)).toEqual({ made: 2 });
  expect(kept.get(first)).toBe(value);
  expect(made).toBe(2);
});
