/** `npm run docs:procedures`: regenerates docs/procedures/<id>.md from the definitions and tests. */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { procedures } from '../core/procedures/registry.js';
import { clauseMapMarkdown, type TestSource } from './clauseMap.js';

export function readTests(root: string): TestSource[] {
  const out: TestSource[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.test.ts')) out.push({ file: relative(root, path), text: readFileSync(path, 'utf8') });
    }
  };
  walk(join(root, 'test'));
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

export function clauseMapFiles(root: string): { path: string; content: string }[] {
  const tests = readTests(root);
  return [...procedures().values()].map((p) => ({
    path: join(root, 'docs', 'procedures', `${p.id}.md`),
    content: clauseMapMarkdown(p, tests),
  }));
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '')) {
  const root = process.cwd();
  mkdirSync(join(root, 'docs', 'procedures'), { recursive: true });
  for (const file of clauseMapFiles(root)) {
    writeFileSync(file.path, file.content);
    process.stdout.write(`wrote ${relative(root, file.path)}\n`);
  }
}
