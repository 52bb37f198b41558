import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/service/passwords.js';

describe('password hashing', () => {
  it("stores argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), whatever the tests' demo accounts use", async () => {
    const hash = await hashPassword('correct horse battery staple');
    const [, algorithm, version, parameters] = hash.split('$');
    expect([algorithm, version]).toEqual(['argon2id', 'v=19']);
    expect(parameters?.split(',').sort()).toEqual(['m=19456', 'p=1', 't=2']);
    expect(await hashPassword('correct horse battery staple')).not.toBe(hash);
  });

  it('verifies the password and nothing else', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery stapl')).toBe(false);
    expect(await verifyPassword(undefined, 'correct horse battery staple')).toBe(false);
  });

  it('throws on a stored hash argon2 cannot read, rather than answering a wrong password', async () => {
    await expect(verifyPassword('not-an-argon2-hash', 'anything')).rejects.toThrow();
  });
});
