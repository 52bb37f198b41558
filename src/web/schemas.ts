/**
 * Request schemas. The same zod schemas validate requests and generate the OpenAPI document, so
 * the published contract cannot drift from what the service accepts.
 */
import { z } from 'zod';
import { parseIsoDate, parseLondonDateTime } from '../core/calendar/index.js';

const londonDateTime = z
  .string()
  .max(16)
  .refine((text) => parseLondonDateTime(text) !== undefined, 'must be a real date (YYYY-MM-DD) or London time (YYYY-MM-DDTHH:MM)')
  .meta({ description: 'A Europe/London date (YYYY-MM-DD) or local time (YYYY-MM-DDTHH:MM)', example: '2026-12-15T10:00' });

const isoDate = z
  .string()
  .max(10)
  .refine((text) => parseIsoDate(text) !== undefined, 'must be a real date (YYYY-MM-DD)')
  .meta({ description: 'A date, YYYY-MM-DD', example: '2026-12-29' });

export const deadlineRequest = z
  .strictObject({
    from: londonDateTime,
    limit: z.strictObject({
      unit: z.enum(['working-days', 'days', 'months', 'hours']),
      amount: z.number().int().min(-400).max(400),
    }),
    roll: z.enum(['forward', 'none']).default('none'),
    partnership: z.string().max(64).optional(),
    closures: z.array(isoDate).max(366).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.limit.unit === 'hours' && value.roll === 'forward') {
      ctx.addIssue({ code: 'custom', path: ['roll'], message: 'an hours limit ends at its instant and never rolls' });
    }
    if ((value.limit.unit === 'months' || value.limit.unit === 'hours') && value.limit.amount < 1) {
      ctx.addIssue({ code: 'custom', path: ['limit', 'amount'], message: 'months and hours must be 1 or more' });
    }
  })
  .meta({ id: 'DeadlineRequest', description: 'When does a time limit end?' });

export const procedureParams = z.strictObject({ id: z.string().max(64) });

export const scheduleQuery = z
  .strictObject({
    conference: londonDateTime,
    at: z
      .union([z.string().max(80), z.array(z.string().max(80)).max(50)])
      .optional()
      .meta({ description: 'EVENT=DATE, repeatable: fixes when an event happens' }),
  })
  .meta({ id: 'ScheduleQuery' });

export type DeadlineRequest = z.output<typeof deadlineRequest>;
