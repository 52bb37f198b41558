/**
 * `npm run bench:deadlines`: working-day deadlines per second through the public IsoDate API, over
 * a million seeded random inputs (dates 2012 to 2035, 1 to 65 working days), beside a bare loop
 * over the same inputs so that the figure can be read against the machine's speed. One core.
 */
import {
  WorkingCalendar,
  computeDeadline,
  fromDayNumber,
  isoDate,
  startOfLondonDay,
  toDayNumber,
  type IsoDate,
} from '../core/calendar/index.js';
import { englandAndWalesRules } from '../holidays/englandAndWalesRules.js';

const INPUTS = 1_000_000;
const EXPLAINED_INPUTS = 100_000;
const ROUNDS = 5;
const SEED = 20261215;
const TARGET_PER_SECOND = 1_000_000;

/** mulberry32: small, seeded, so every run measures the same inputs. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const random = mulberry32(SEED);
const firstDay = toDayNumber(isoDate('2012-01-01'));
const span = toDayNumber(isoDate('2035-12-31')) - firstDay + 1;
const dates: IsoDate[] = [];
const offsets = new Int32Array(INPUTS);
for (let i = 0; i < INPUTS; i += 1) {
  // Fresh strings, as a caller parsing its own data would hold, not the calendar's cached ones.
  dates.push(fromDayNumber(firstDay + Math.floor(random() * span)));
  offsets[i] = 1 + Math.floor(random() * 65);
}
const instants = dates.slice(0, EXPLAINED_INPUTS).map((d) => startOfLondonDay(d));
const calendar = WorkingCalendar.create({ holidayRules: englandAndWalesRules });

interface Result {
  readonly best: number;
  readonly median: number;
}

/** Runs body (one pass over `count` inputs) once to warm up, then ROUNDS times timed; rates per second. */
function measure(count: number, body: () => number): Result {
  let sink = body();
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = process.hrtime.bigint();
    sink += body();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(count / seconds);
  }
  // Consuming the results stops the optimiser discarding the work.
  if (sink === -1) console.log('unreachable');
  rates.sort((a, b) => a - b);
  return { best: rates[rates.length - 1] ?? 0, median: rates[Math.floor(rates.length / 2)] ?? 0 };
}

const bare = measure(INPUTS, () => {
  let total = 0;
  for (let i = 0; i < INPUTS; i += 1) total += (dates[i]?.length ?? 0) + (offsets[i] ?? 0);
  return total;
});

const workingDays = measure(INPUTS, () => {
  let total = 0;
  for (let i = 0; i < INPUTS; i += 1) {
    const date = dates[i];
    if (date !== undefined) total += calendar.addWorkingDays(date, offsets[i] ?? 0).length;
  }
  return total;
});

const explained = measure(EXPLAINED_INPUTS, () => {
  let total = 0;
  for (let i = 0; i < EXPLAINED_INPUTS; i += 1) {
    const from = instants[i];
    if (from === undefined) continue;
    const due = computeDeadline(calendar, {
      from,
      limit: { unit: 'working-days', amount: offsets[i] ?? 0 },
      roll: 'forward',
      fromDescription: 'the conference',
      source: 'bench 1',
    });
    total += due.explanation.length;
  }
  return total;
});

const whole = (n: number) => Math.round(n).toLocaleString('en-GB');
console.log(`Node ${process.version}; ${whole(INPUTS)} seeded random inputs (dates 2012-01-01 to 2035-12-31, 1 to 65 working days)`);
console.log(
  `working-day deadlines: ${whole(workingDays.median)} per second (median of ${String(ROUNDS)} rounds; best ${whole(workingDays.best)})`,
);
console.log(`bare loop over the same inputs: ${whole(bare.median)} per second (median; best ${whole(bare.best)})`);
console.log(
  `ratio: working-day deadlines run at ${(workingDays.median / bare.median).toFixed(3)} of the bare loop's rate (1 in ${(bare.median / workingDays.median).toFixed(1)})`,
);
console.log(
  `deadlines with explanation (computeDeadline, ${whole(EXPLAINED_INPUTS)} inputs): ${whole(explained.median)} per second (median; best ${whole(explained.best)})`,
);
console.log(
  `target ${whole(TARGET_PER_SECOND)} working-day deadlines per second: ${workingDays.median >= TARGET_PER_SECOND ? 'met' : 'NOT met'}`,
);
console.log(`peak resident set size: ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MiB`);
