/**
 * The published API description loads where an integrator would load it: swagger-parser
 * validates it, and Redocly's linter finds no errors (ADR 0011). Generated without a server.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { API_VERSION } from '../../src/web/app.js';
import { openApiDocument } from '../../src/web/openapi.js';
import { ROUTES } from '../../src/web/routes/index.js';

const dir = mkdtempSync(join(tmpdir(), 'cc-openapi-'));
const file = join(dir, 'openapi.json');
writeFileSync(file, JSON.stringify(openApiDocument(ROUTES, API_VERSION)));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface LintProblem {
  readonly ruleId: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly location: readonly { readonly pointer?: string }[];
}

describe('the API description', () => {
  it('validates with swagger-parser, every reference resolving', async () => {
    const parsed = await SwaggerParser.validate(file);
    expect(Object.keys(parsed.paths ?? {}).length).toBeGreaterThan(20);
  });

  it('passes Redocly lint with neither errors nor warnings', async () => {
    const run = promisify(execFile);
    const output = await run(join('node_modules', '.bin', 'redocly'), ['lint', '--format', 'json', '--config', 'redocly.yaml', file], {
      maxBuffer: 16 * 1024 * 1024,
    }).then(
      (done) => done.stdout,
      // Exit code 1 when there are errors: the report is still on stdout.
      (failed: unknown) =>
        typeof failed === 'object' && failed !== null && 'stdout' in failed && typeof failed.stdout === 'string' ? failed.stdout : '',
    );
    const report = JSON.parse(output.slice(output.indexOf('{'))) as { problems: LintProblem[] };
    expect(report.problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`)).toEqual([]);
  }, 60_000);
});
