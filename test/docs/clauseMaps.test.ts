import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { procedures } from '../../src/core/procedures/registry.js';
import { clauseMapFiles } from '../../src/tools/writeClauseMaps.js';

describe('clause maps in docs/procedures', () => {
  const files = clauseMapFiles(process.cwd());

  it.each(files.map((f) => [f.path.split('/').pop() ?? f.path, f] as const))(
    '%s is up to date (run npm run docs:procedures)',
    (_name, file) => {
      expect(existsSync(file.path)).toBe(true);
      expect(readFileSync(file.path, 'utf8')).toBe(file.content);
    },
  );

  it('lists every clause of every document, each implemented or explained', () => {
    for (const procedure of procedures().values()) {
      const map = files.find((f) => f.path.endsWith(`${procedure.id}.md`));
      for (const entry of procedure.clauses) {
        const line = map?.content.split('\n').find((l) => l.startsWith(`| ${entry.clause.replace(/\|/g, '\\|')} |`));
        expect(line, `${entry.clause} missing from the clause map`).toBeDefined();
        expect(line).not.toContain('not cited');
      }
    }
  });
});
