/**
 * `conference-challenges`: procedures, deadlines and schedules from the command line.
 * Bad arguments give one line on stderr and exit code 2; nothing here prints a stack trace.
 *
 * Each command imports what it needs when it runs: `deadline` needs the calendar alone, and the
 * procedures (with their schemas), the engine and the database layers would triple its time
 * (ADR 0012). Only types are imported statically from them.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
import {
  WorkingCalendar,
  computeDeadline,
  londonDateOf,
  parseIsoDate,
  parseLondonDateTime,
  type ClosureDay,
  type TimeLimit,
} from '../core/calendar/index.js';
import { englandAndWalesRules } from '../holidays/englandAndWalesRules.js';
import type * as StoreCommands from './storeCommands.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

class UsageError extends Error {}

export const HELP = `Usage: conference-challenges <command> [options]

Commands:
  procedures [--json]
      The procedures this product runs: ids and names.
  deadline --from DATE[THH:MM] (--working-days N | --days N | --months N | --hours N)
           [--roll forward|none] [--partnership ID] [--closed DATE ...] [--explain] [--json]
      When a time limit ends. Prints YYYY-MM-DD (for hours, the London YYYY-MM-DDTHH:MM).
      --roll forward moves a date that lands on a non-working day to the next working day.
  schedule --procedure ID --conference DATE[THH:MM] [--at EVENT=DATE ...] [--json]
      Every deadline of a procedure for a case where each step happens on the last permitted day.
  compare
      The procedures' time limits and rules side by side, as Markdown.
  verify-chains [--database LOCATION] [--json]
      Recomputes every case's hash chain and the audit chain; exit code 1 and each break listed if any was altered.
  rebuild-read-models [--database LOCATION]
      Rebuilds case summaries, open deadlines, tasks and panel access from the events.
      LOCATION is a postgres:// URL or a SQLite file; the default is DATABASE_URL (see .env.example).
  help
      This text.

Dates are Europe/London local dates and times; working days exclude weekends, England and
Wales bank holidays and the partnership's closure days.
`;

/** Lets `--working-days -5` mean a negative count rather than an unknown option. */
function joinNegativeValues(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    const next = args[i + 1];
    if (arg.startsWith('--') && !arg.includes('=') && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function parse<const T extends OptionsConfig>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: joinNegativeValues(args), options, strict: true, allowPositionals: false });
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? 'invalid arguments') : 'invalid arguments';
    throw new UsageError(message.replace(/\.$/, ''));
  }
}

function parseInstant(text: string, option: string): Date {
  const instant = parseLondonDateTime(text);
  if (instant === undefined) {
    throw new UsageError(`${option} "${text}" is not a real date (YYYY-MM-DD) or London time (YYYY-MM-DDTHH:MM)`);
  }
  return instant;
}

function parseWhole(text: string, option: string, allowNegative: boolean): number {
  const pattern = allowNegative ? /^-?\d{1,4}$/ : /^\d{1,5}$/;
  if (!pattern.test(text)) {
    throw new UsageError(`${option} must be a whole number${allowNegative ? '' : ' of 1 or more'}, not "${text}"`);
  }
  const value = Number(text);
  if (!allowNegative && value < 1) throw new UsageError(`${option} must be 1 or more`);
  return value;
}

async function calendarFor(partnership: string | undefined, closed: readonly string[]): Promise<WorkingCalendar> {
  if (partnership !== undefined) {
    const { procedureById, procedureIds } = await import('../core/procedures/registry.js');
    if (procedureById(partnership) === undefined) {
      throw new UsageError(`unknown partnership "${partnership}"; choose one of: ${procedureIds().join(', ')}`);
    }
  }
  const closures: ClosureDay[] = closed.map((text) => {
    const date = parseIsoDate(text);
    if (date === undefined) throw new UsageError(`--closed "${text}" is not a real date (YYYY-MM-DD)`);
    return { date, reason: 'partnership closure day' };
  });
  return WorkingCalendar.create({ closures, holidayRules: englandAndWalesRules });
}

function checkInRange(calendar: WorkingCalendar, instant: Date, option: string): void {
  const year = Number(londonDateOf(instant).slice(0, 4));
  if (year < calendar.firstYear || year > calendar.lastYear) {
    throw new UsageError(`${option} must be between ${calendar.firstYear} and ${calendar.lastYear}`);
  }
}

async function deadlineCommand(args: readonly string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    from: { type: 'string' },
    'working-days': { type: 'string' },
    days: { type: 'string' },
    months: { type: 'string' },
    hours: { type: 'string' },
    roll: { type: 'string' },
    partnership: { type: 'string' },
    closed: { type: 'string', multiple: true },
    explain: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.from === undefined) throw new UsageError('deadline needs --from DATE');
  const given = (['working-days', 'days', 'months', 'hours'] as const).filter((k) => values[k] !== undefined);
  if (given.length !== 1) throw new UsageError('deadline needs exactly one of --working-days, --days, --months or --hours');
  const unit = given[0] ?? 'days';
  const amount = parseWhole(String(values[unit]), `--${unit}`, unit === 'working-days' || unit === 'days');
  const roll = values.roll ?? 'none';
  if (roll !== 'forward' && roll !== 'none') throw new UsageError(`--roll must be forward or none, not "${roll}"`);
  if (unit === 'hours' && roll === 'forward') throw new UsageError('--roll does not apply to hours: an hours limit ends at its instant');
  const from = parseInstant(values.from, '--from');
  const calendar = await calendarFor(values.partnership, values.closed ?? []);
  checkInRange(calendar, from, '--from');
  const limit: TimeLimit = { unit, amount };
  const result = computeDeadline(calendar, { from, limit, roll, fromDescription: 'the event' });
  if (values.json === true) {
    io.stdout(
      `${JSON.stringify({ due: result.display, explanation: result.explanation, projected: result.projected, rolled: result.rolled })}\n`,
    );
  } else {
    io.stdout(`${result.display}\n`);
    if (values.explain === true) io.stdout(`${result.explanation}\n`);
  }
  return EXIT_OK;
}

async function scheduleCommand(args: readonly string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    procedure: { type: 'string' },
    conference: { type: 'string' },
    at: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  const { procedureById, procedureIds } = await import('../core/procedures/registry.js');
  const { buildSchedule, schedulableMilestones } = await import('../core/engine/schedule.js');
  const { formatSchedule } = await import('./formatSchedule.js');
  if (values.procedure === undefined) throw new UsageError(`schedule needs --procedure ID (one of: ${procedureIds().join(', ')})`);
  const procedure = procedureById(values.procedure);
  if (procedure === undefined) throw new UsageError(`unknown procedure "${values.procedure}"; choose one of: ${procedureIds().join(', ')}`);
  if (values.conference === undefined) throw new UsageError('schedule needs --conference DATE[THH:MM]');
  const conferenceAt = parseInstant(values.conference, '--conference');
  const calendar = WorkingCalendar.create({ holidayRules: englandAndWalesRules });
  checkInRange(calendar, conferenceAt, '--conference');
  const events = schedulableMilestones(procedure);
  const at: Record<string, Date> = {};
  for (const pair of values.at ?? []) {
    const match = /^([^=]+)=(.+)$/.exec(pair);
    if (match === null) throw new UsageError(`--at needs EVENT=DATE, not "${pair}"`);
    const [, event = '', date = ''] = match;
    if (!events.includes(event)) throw new UsageError(`--at: unknown event "${event}" for ${procedure.id}; events: ${events.join(', ')}`);
    const instant = parseInstant(date, `--at ${event}`);
    checkInRange(calendar, instant, `--at ${event}`);
    if (instant.getTime() < conferenceAt.getTime() && event !== 'conference.held') {
      throw new UsageError(`--at ${event} cannot be before the conference`);
    }
    at[event] = instant;
  }
  const schedule = buildSchedule(procedure, calendar, { conferenceAt, at });
  if (values.json === true) {
    io.stdout(
      `${JSON.stringify(
        schedule.entries.map((e) => ({ ...e })),
        null,
        2,
      )}\n`,
    );
  } else {
    io.stdout(formatSchedule(procedure, schedule));
  }
  return EXIT_OK;
}

async function proceduresCommand(args: readonly string[], io: Io): Promise<number> {
  const { values } = parse(args, { json: { type: 'boolean' } });
  const { procedures } = await import('../core/procedures/registry.js');
  const list = [...procedures().values()].map((p) => ({ id: p.id, name: p.name, partnership: p.partnership }));
  if (values.json === true) io.stdout(`${JSON.stringify(list, null, 2)}\n`);
  else io.stdout(list.map((p) => `${p.id.padEnd(28)} ${p.name}\n`).join(''));
  return EXIT_OK;
}

async function compareCommand(args: readonly string[], io: Io): Promise<number> {
  parse(args, {});
  const { procedures } = await import('../core/procedures/registry.js');
  const { compareProcedures } = await import('./compare.js');
  io.stdout(compareProcedures([...procedures().values()]));
  return EXIT_OK;
}

/** Runs a command over the case store; its refusals (no database, a failed migration) are usage errors. */
async function storeCommand(run: (commands: typeof StoreCommands) => Promise<number>): Promise<number> {
  const commands = await import('./storeCommands.js');
  try {
    return await run(commands);
  } catch (error) {
    if (error instanceof commands.StoreCommandError) throw new UsageError(error.message);
    throw error;
  }
}

export async function main(
  argv: readonly string[],
  io: Io,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(HELP);
        return EXIT_OK;
      case 'procedures':
        return await proceduresCommand(rest, io);
      case 'deadline':
        return await deadlineCommand(rest, io);
      case 'schedule':
        return await scheduleCommand(rest, io);
      case 'compare':
        return await compareCommand(rest, io);
      case 'verify-chains': {
        const { values } = parse(rest, { database: { type: 'string' }, json: { type: 'boolean' } });
        return await storeCommand((commands) => commands.verifyChainsCommand(values.database, values.json === true, io, env));
      }
      case 'rebuild-read-models': {
        const { values } = parse(rest, { database: { type: 'string' } });
        return await storeCommand((commands) => commands.rebuildReadModelsCommand(values.database, new Date(), io, env));
      }
      default:
        throw new UsageError(
          `unknown command "${command}"; try: procedures, deadline, schedule, compare, verify-chains, rebuild-read-models, help`,
        );
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`conference-challenges: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof RangeError) {
      io.stderr(`conference-challenges: ${error.message.split('\n')[0] ?? 'out of range'}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`conference-challenges: unexpected failure (${error instanceof Error ? error.name : 'unknown'}); please report it\n`);
    return EXIT_FAILURE;
  }
}
