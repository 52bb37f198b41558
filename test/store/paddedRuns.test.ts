import { expect, it } from 'vitest';
import { paddedRuns } from '../../src/store/prepared.js';

it('cuts values into runs of the size, the last filled out with its own last value', () => {
  expect(paddedRuns(['a', 'b', 'c', 'd', 'e'], 2)).toEqual([
    ['a', 'b'],
    ['c', 'd'],
    ['e', 'e'],
  ]);
  expect(paddedRuns(['a', 'b'], 2)).toEqual([['a', 'b']]);
  expect(paddedRuns([], 3)).toEqual([]);
});
