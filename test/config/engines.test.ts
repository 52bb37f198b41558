/**
 * The service promises Node 20.19 or later (package.json "engines"). Every installed package must
 * accept the oldest Node that promise covers: a dependency update that needs a newer Node fails
 * here, not on a deployment.
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { expect, it } from 'vitest';

interface Lock {
  readonly packages: Record<string, { readonly version?: string; readonly engines?: { readonly node?: string } | readonly string[] }>;
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as Lock;

it('needs nothing newer than the oldest Node the service supports', () => {
  const oldest = semver.minVersion(manifest.engines.node);
  expect(oldest?.version).toBe('20.19.0');
  const refusing = Object.entries(lock.packages)
    .filter(([name]) => name !== '')
    .flatMap(([name, entry]) => {
      const wanted = Array.isArray(entry.engines) ? undefined : (entry.engines as { node?: string } | undefined)?.node;
      return wanted !== undefined && oldest !== null && !semver.satisfies(oldest, wanted)
        ? [`${name}@${entry.version ?? '?'} needs Node ${wanted}`]
        : [];
    });
  expect(refusing).toEqual([]);
});
