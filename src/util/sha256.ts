import { createHash } from 'node:crypto';

/** The SHA-256 of `text` (UTF-8), as lowercase hex or base64. */
export function sha256(text: string, encoding: 'hex' | 'base64' = 'hex'): string {
  return createHash('sha256').update(text).digest(encoding);
}
