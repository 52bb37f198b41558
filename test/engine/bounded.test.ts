import { expect, it } from 'vitest';
import { keepBounded } from '../../src/core/bounded.js';

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
