/**
 * Password hashing with argon2id (the `argon2` package, OWASP's recommended parameters:
 * 19 MiB, 2 iterations, 1 lane). Verification of an unknown account still costs one hash, so
 * timing does not reveal which email addresses exist.
 */
import argon2 from 'argon2';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  if (hash === undefined) {
    dummyHash ??= hashPassword('no account has this password');
    await argon2.verify(await dummyHash, password);
    return false;
  }
  // A stored hash argon2 cannot read is a damaged account, not a wrong password: it throws, so
  // the failure is logged and answered as one rather than hidden as a refused sign-in.
  return argon2.verify(hash, password);
}
