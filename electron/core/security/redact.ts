/**
 * Scrubbing secrets out of text that leaves aimux's memory for people (logs, captured bodies, error
 * messages in the request log). Two nets:
 *
 * | what                                   | how it is found                                   | replaced by      |
 * | -------------------------------------- | ------------------------------------------------- | ---------------- |
 * | a configured key value                 | exact match (the values aimux holds)              | its hint `[key sk-…a1b2]` |
 * | `Authorization: Bearer …`, `x-api-key` | header-shaped text                                | `[redacted]`     |
 * | key-shaped strings                     | common provider, cloud and VCS key formats        | `[redacted]`     |
 * | private-key blocks                     | PEM armour                                        | `[redacted]`     |
 *
 * Only the first net is exact; the shapes catch keys aimux was never told about (a key pasted into
 * a prompt). It runs off the hot path only: on log lines, on error messages and on captured bodies.
 */
import { keyHint } from '../../../shared/config/defaults';

const REDACTED = '[redacted]';

const SHAPES: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)(?:Bearer|Basic|Token)?\s*[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b(x-api-key|api-key|x-goog-api-key)(["']?\s*[:=]\s*["']?)[^\s"',;]{8,}/gi,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{16,}/g,
  /\bsk-[A-Za-z0-9][A-Za-z0-9_-]{15,}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{30,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\bxai-[A-Za-z0-9]{20,}\b/g,
  /\bgsk_[A-Za-z0-9]{20,}\b/g,
];

export interface Redactor {
  (text: string): string;
}

/**
 * A redactor for the given known secrets (configured key values). Values shorter than 8 characters
 * are left to the shapes: replacing every "abc" in a text would wreck it and protect nothing.
 */
export function createRedactor(known: Iterable<string> = []): Redactor {
  const values = [...new Set([...known].filter((v) => v.length >= 8))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const v of values) if (out.includes(v)) out = out.split(v).join(`[key ${keyHint(v)}]`);
    for (const re of SHAPES) {
      out = out.replace(re, (m: string, name?: string, sep?: string) => (typeof name === 'string' && typeof sep === 'string' ? `${name}${sep}${REDACTED}` : REDACTED));
    }
    return out;
  };
}

/** Shapes only (no known values). */
export const redactSecrets: Redactor = createRedactor();
