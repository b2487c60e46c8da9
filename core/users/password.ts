import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// N=2^15 keeps a sign-in under ~100 ms on an office desktop while making offline guessing expensive.
const N = 32768;
const R = 8;
const P = 1;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

/** Hashes a password with scrypt into a self-describing string. */
export function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
  const key = scryptSync(password.normalize('NFC'), salt, KEYLEN, { N, r: R, p: P, maxmem: MAXMEM });
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

interface StoredHash {
  salt: Buffer;
  expected: Buffer;
  options: ScryptOptions;
}

function parseStored(stored: string): StoredHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, n, r, p, saltB64, keyB64] = parts;
  return {
    salt: Buffer.from(saltB64, 'base64'),
    expected: Buffer.from(keyB64, 'base64'),
    options: { N: Number(n), r: Number(r), p: Number(p), maxmem: MAXMEM },
  };
}

/** Checks a password against a stored hash in constant time. */
export function verifyPassword(password: string, stored: string): boolean {
  const h = parseStored(stored);
  if (!h) return false;
  const key = scryptSync(password.normalize('NFC'), h.salt, h.expected.length, h.options);
  return key.length === h.expected.length && timingSafeEqual(key, h.expected);
}

/** verifyPassword on libuv's thread pool: the calling thread stays free for other work while scrypt runs. */
export function verifyPasswordAsync(password: string, stored: string): Promise<boolean> {
  const h = parseStored(stored);
  if (!h) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), h.salt, h.expected.length, h.options, (err, key) => {
      if (err) reject(err);
      else resolve(key.length === h.expected.length && timingSafeEqual(key, h.expected));
    });
  });
}
