/**
 * Where the pseudonymisation secret lives: never in the database. In order:
 * `SERVQ_PSEUDONYM_KEY` (hex or base64, ≥ 16 bytes), the file named by `SERVQ_KEY_FILE`, or
 * `<SERVQ_HOME or .servq>/pseudonym.key`, generated (32 random bytes, mode 0600) on first use.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface PseudonymKey {
  readonly key: Buffer;
  /** Where it came from, for messages (never the key itself). */
  readonly source: string;
  /** True when this call generated a new key file. */
  readonly created: boolean;
}

/** The servq home folder (key, default embedded database): `SERVQ_HOME` or `.servq` in the working folder. */
export function servqHome(): string {
  return resolve(process.env['SERVQ_HOME'] ?? '.servq');
}

function decode(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]+$/i.test(trimmed) && trimmed.length % 2 === 0 ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length < 16) throw new Error('the pseudonymisation key must be at least 16 bytes (32 hex digits)');
  return key;
}

/** Loads the key, creating the default key file when there is none. */
export function loadPseudonymKey(): PseudonymKey {
  const fromEnv = process.env['SERVQ_PSEUDONYM_KEY'];
  if (fromEnv) return { key: decode(fromEnv), source: 'SERVQ_PSEUDONYM_KEY', created: false };
  const file = resolve(process.env['SERVQ_KEY_FILE'] ?? join(servqHome(), 'pseudonym.key'));
  if (existsSync(file)) return { key: decode(readFileSync(file, 'utf8')), source: file, created: false };
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use theirs, so both pseudonymise alike.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { key: decode(readFileSync(file, 'utf8')), source: file, created: false };
    throw error;
  }
  chmodSync(file, 0o600);
  return { key, source: file, created: true };
}
