import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIR = 'docs/decisions';
const records = readdirSync(DIR)
  .filter((name) => /^\d{4}-.+\.md$/.test(name))
  .sort();
const index = readFileSync(`${DIR}/README.md`, 'utf8');

describe('architecture decision records (docs/decisions/README.md gives the format)', () => {
  it.each(records)('%s is headed by its number and title, then its date and status', (name) => {
    const [title, blank, date, status] = readFileSync(`${DIR}/${name}`, 'utf8').split('\n');
    expect(title).toMatch(new RegExp(`^# ${name.slice(0, 4)}: \\S`));
    expect(blank).toBe('');
    expect(date).toMatch(/^Date: \d{4}-\d{2}-\d{2}$/);
    expect(status).toMatch(/^Status: (proposed|accepted|accepted; amended by .+|superseded by .+)$/);
  });

  it.each(records)('%s is listed in the index with its status', (name) => {
    const row = index.split('\n').find((line) => line.startsWith(`| [${name.slice(0, 4)}](${name}) |`));
    expect(row, `docs/decisions/README.md has no row for ${name}`).toBeDefined();
    const status = /^Status: (proposed|accepted|superseded by \d{4})/m.exec(readFileSync(`${DIR}/${name}`, 'utf8'))?.[1];
    expect(row).toContain(`| ${status ?? 'no status'}`);
  });
});
