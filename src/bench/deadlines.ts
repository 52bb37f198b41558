/**
 * `npm run bench:deadlines`: working-day deadlines per second over random dates 2012 to 2035 and
 * offsets up to 65 working days, beside a bare loop over the same inputs, on one core.
 */
import { WorkingCalendar, computeDeadline, fromDayNumber, startOfLondonDay, toDayNumber, isoDate, type IsoDate } from '../core/calendar/index.js';

const INPUTS = 1_000_000;
const ROUNDS = 7;

/** mulberry32: a small seeded generator, so every run measures the same inputs. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const next = random(20261123);
const first = toDayNumber(isoDate('2012-01-01'));
const span = toDayNumber(isoDate('2035-12-31')) - first + 1;
const dates: IsoDate[] = Array.from({ length: INPUTS }, () => fromDayNumber(first + Math.floor(next() * span)));
const offsets = Int32Array.from({ length: INPUTS }, () => 1 + Math.floor(next() * 65));
const calendar = WorkingCalendar.create();

function measure(label: string, body: () => number): { label: string; best: number; median: number } {
  body(); // warm up
  const rates: number[] = [];
  let sink = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = process.hrtime.bigint();
    sink += body();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(INPUTS / seconds);
  }
  if (sink === Number.MIN_SAFE_INTEGER) console.log(sink);
  rates.sort((a, b) => a - b);
  return { label, best: rates[rates.length - 1] ?? 0, median: rates[Math.floor(rates.length / 2)] ?? 0 };
}

const bare = measure('bare loop over the same inputs', () => {
  let total = 0;
  for (let i = 0; i < INPUTS; i += 1) total += (dates[i]?.length ?? 0) + (offsets[i] ?? 0);
  return total;
});
const workingDays = measure('working-day deadlines (calendar.addWorkingDays)', () => {
  let total = 0;
  for (let i = 0; i < INPUTS; i += 1) total += calendar.addWorkingDays(dates[i] ?? ('2026-01-01' as IsoDate), offsets[i] ?? 1).length;
  return total;
});
const explained = measure('deadlines with explanation (computeDeadline)', () => {
  let total = 0;
  const n = INPUTS / 20;
  for (let i = 0; i < n; i += 1) {
    const from = startOfLondonDay(dates[i] ?? ('2026-01-01' as IsoDate));
    total += computeDeadline(calendar, { from, limit: { unit: 'working-days', amount: offsets[i] ?? 1 }, roll: 'none', fromDescription: 'the conference' }).explanation.length;
  }
  return total * 20;
});
explained.best /= 20;
explained.median /= 20;

const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
console.log(`Node ${process.version}, ${String(INPUTS)} random inputs (dates 2012 to 2035, 1 to 65 working days), ${String(ROUNDS)} rounds each`);
for (const r of [workingDays, explained, bare]) {
  console.log(`${r.label}: ${fmt(r.median)} per second (median), ${fmt(r.best)} best`);
}
console.log(`working-day deadlines run at ${(workingDays.median / bare.median * 100).toFixed(1)}% of the bare loop's rate; target 1,000,000 per second: ${workingDays.median >= 1_000_000 ? 'met' : 'NOT met'}`);
console.log(`peak resident memory: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
