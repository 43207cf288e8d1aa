/**
 * Scrubbing secrets out of text that leaves aimux's memory for people (logs, captured bodies, error
 * messages in the request log). Two nets:
 *
 * | what                                   | how it is found                                   |
 * | -------------------------------------- | ------------------------------------------------- |
 * | a configured key value                 | exact match (the values aimux holds)              |
 * | `Authorization: …`, `x-api-key: …`      | header-shaped text                                |
 * | `Bearer …`                             | the scheme and what follows                       |
 * | key-shaped strings                     | `sk-…`, `pk_…`, `key-…` and common provider, cloud and VCS formats |
 * | private-key blocks                     | PEM armour                                        |
 *
 * Everything found becomes `[redacted]`. Only the first net is exact; the shapes catch keys aimux
 * was never told about (a key pasted into a prompt) and err on the side of removing too much. It
 * runs off the hot path only: on log lines, error messages and captured bodies.
 */

const REDACTED = '[redacted]';

const SHAPES: ReadonlyArray<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  [/\b(authorization|proxy-authorization|x-api-key|api-key|x-goog-api-key)(["']?\s*[:=]\s*["']?)(?!\[redacted\])(?:(?:Bearer|Basic|Token)\s+)?[^\s"',;]{4,}/gi, `$1$2${REDACTED}`],
  [/\bBearer\s+(?!\[redacted\])\S+/gi, `Bearer ${REDACTED}`],
  [/\b(?:sk|pk|rk|ak|key)[-_][A-Za-z0-9_*.-]{6,}/gi, REDACTED],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, REDACTED],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, REDACTED],
  [/\bgithub_pat_[A-Za-z0-9_]{30,}\b/g, REDACTED],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/g, REDACTED],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, REDACTED],
  [/\bxai-[A-Za-z0-9]{20,}\b/g, REDACTED],
  [/\bgsk_[A-Za-z0-9]{20,}\b/g, REDACTED],
];

export type Redactor = (text: string) => string;

/**
 * A redactor for the given known secrets (configured key values). Values shorter than `minLength`
 * are left to the shapes: replacing every "abc" in a text would wreck it and protect nothing.
 */
export function createRedactor(known: Iterable<string> = [], minLength = 8): Redactor {
  const values = [...new Set([...known].filter((v) => v.length >= minLength))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const v of values) if (out.includes(v)) out = out.split(v).join(REDACTED);
    for (const [re, by] of SHAPES) out = out.replace(re, by);
    return out;
  };
}

/** Shapes only (no known values). */
export const redactSecrets: Redactor = createRedactor();
