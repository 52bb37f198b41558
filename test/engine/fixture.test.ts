import { expect, it } from 'vitest';
import { loadProcedure } from '../../src/core/procedures/validate.js';
import { engineProcedure } from '../support/engineProcedure.js';

it('the engine test procedure loads', () => {
  expect(() => loadProcedure(engineProcedure())).not.toThrow();
});
