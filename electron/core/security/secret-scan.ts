/**
 * Outgoing secret scan: the request body aimux is about to send upstream is checked for secrets a
 * coding agent may have picked up from the user's files (a `.env`, a credentials file, a key in a
 * tool result) and is about to hand to a third party. `security.secretScan` decides what happens:
 *
 * | setting  | nothing found                 | something found                                                     |
 * | -------- | ----------------------------- | ------------------------------------------------------------------- |
 * | `off`    | not scanned                   | not scanned                                                         |
 * | `warn`   | sent as received              | sent as received; the request log records each match's type and     |
 * |          |                               | JSON path (`secretScan: { action: 'warned', findings }`)            |
 * | `redact` | sent as received (bytes kept) | each match replaced by `[REDACTED:<type>]` before anything is sent, |
 * |          |                               | on every target and attempt; logged as `action: 'redacted'`         |
 *
 * What counts as a match (secret-detectors.ts): the presets' key patterns; AWS, GitHub, GitLab,
 * Slack, Stripe and Google tokens; private-key blocks; `.env`-style `*_KEY`, `*_TOKEN`, `*_SECRET`,
 * `*_PASSWORD` assignments (only the value is the secret). The whole body is scanned, so the history
 * a client resends, tool results and system prompts are covered for every client protocol.
 *
 * Never recorded: the secret itself, or any part of it. Cost: clean requests pay one `indexOf` per
 * anchor over the bytes; the regexes run only on small windows around anchor hits. A body is
 * re-serialized only when redact is on and something was found.
 */
import type { SecretScanMode } from '../config/types';
import { ProxyError } from '../errors';
import { buildDetectors } from './secret-detectors';
import type { Detector } from './secret-detectors';
import { jsonPathsAt } from './json-path';


export interface SecretFinding {
  type: string;
  /** Byte offsets of the secret (latin1 offsets for text). */
  start: number;
  end: number;
}

export interface SecretScanReport {
  action: 'warned' | 'redacted';
  /** `where` is a JSON path into the request body, e.g. `messages[3].content[0].text`. */
  findings: Array<{ type: string; where: string }>;
}

/** At most this many findings are reported per request (all are redacted). */
const MAX_REPORTED = 50;

interface AnchorGroup {
  needle: Buffer;
  length: number;
  entries: Array<{ detector: Detector; at: number | null }>;
}

let compiled: { groups: AnchorGroup[]; priority: Map<string, number> } | undefined;

/** Detectors grouped by anchor; an anchor that starts with a shorter one shares its search (same hit position). */
function compile(): NonNullable<typeof compiled> {
  if (compiled) return compiled;
  const detectors = buildDetectors();
  const byAnchor = new Map<string, AnchorGroup['entries']>();
  for (const d of detectors) for (const a of d.anchors) byAnchor.set(a.text, [...(byAnchor.get(a.text) ?? []), { detector: d, at: a.at }]);
  const groups: AnchorGroup[] = [];
  for (const text of [...byAnchor.keys()].sort((a, b) => a.length - b.length)) {
    const shorter = groups.find((g) => text.startsWith(g.needle.toString('latin1')));
    if (shorter) shorter.entries.push(...byAnchor.get(text)!);
    else groups.push({ needle: Buffer.from(text, 'latin1'), length: text.length, entries: [...byAnchor.get(text)!] });
  }
  compiled = { groups, priority: new Map(detectors.map((d, i) => [d.type, i])) };
  return compiled;
}

/** Every secret in `bytes`; `text` is the same content as a string (latin1 offsets), made only if an anchor hits. */
export function findSecrets(bytes: Buffer, text?: () => string): SecretFinding[] {
  const { groups, priority } = compile();
  let s: string | undefined;
  const found: SecretFinding[] = [];
  for (const g of groups) {
    let p = bytes.indexOf(g.needle);
    while (p >= 0) {
      const str = (s ??= text ? text() : bytes.toString('latin1'));
      for (const e of g.entries) {
        if (e.at === null) scanWindow(str, p, g.length, e.detector, found);
        else if (p >= e.at) matchAt(str, p - e.at, e.detector, found);
      }
      p = bytes.indexOf(g.needle, p + 1);
    }
  }
  if (found.length <= 1) return found;
  // Overlaps: the detector listed first names the secret; exact duplicates (two anchors) collapse.
  found.sort((a, b) => priority.get(a.type)! - priority.get(b.type)! || a.start - b.start);
  const kept: SecretFinding[] = [];
  for (const f of found) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  return kept.sort((a, b) => a.start - b.start);
}

function push(out: SecretFinding[], d: Detector, m: RegExpExecArray, base: number): void {
  const [gs, ge] = m.indices![d.group] ?? [m.index, m.index + m[0].length];
  out.push({ type: d.type, start: base + gs, end: base + ge });
}

/** One sticky attempt where the anchor says the match must start. */
function matchAt(s: string, start: number, d: Detector, out: SecretFinding[]): void {
  d.pattern.lastIndex = start;
  const m = d.pattern.exec(s);
  if (m !== null) push(out, d, m, 0);
}

/** Anchors at a varying distance: the regex scans a window around the hit; a match must cover the anchor. */
function scanWindow(s: string, p: number, anchorLength: number, d: Detector, out: SecretFinding[]): void {
  const from = Math.max(0, p - d.back - 3);
  const window = s.slice(from, Math.min(s.length, p + anchorLength + d.ahead + 3));
  d.pattern.lastIndex = 0;
  for (let m = d.pattern.exec(window); m !== null; m = d.pattern.exec(window)) {
    const start = from + m.index;
    if (start <= p && start + m[0].length >= p + anchorLength) {
      push(out, d, m, from);
      return;
    }
    if (m[0].length === 0) d.pattern.lastIndex++;
  }
}

const placeholder = (type: string) => `[REDACTED:${type}]`;

/** The bytes with every finding replaced by `[REDACTED:<type>]` (findings sorted, not overlapping). */
export function redactBytes(bytes: Buffer, findings: readonly SecretFinding[]): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const f of findings) {
    parts.push(bytes.subarray(at, f.start), Buffer.from(placeholder(f.type), 'latin1'));
    at = f.end;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts);
}

/** Free text (a log line, an error message, a stack) with every secret replaced. */
export function redactText(text: string): string {
  const findings = findSecrets(Buffer.from(text, 'latin1'), () => text);
  if (findings.length === 0) return text;
  let out = '';
  let at = 0;
  for (const f of findings) {
    out += text.slice(at, f.start) + placeholder(f.type);
    at = f.end;
  }
  return out + text.slice(at);
}

export interface ScannedRequest {
  raw: Buffer;
  body: Record<string, unknown>;
  report?: SecretScanReport;
}

/** Applies the decision table above to one request body about to go upstream. */
export function scanOutgoing(mode: SecretScanMode, raw: Buffer, body: Record<string, unknown>): ScannedRequest {
  if (mode === 'off') return { raw, body };
  const findings = findSecrets(raw);
  if (findings.length === 0) return { raw, body };
  const paths = jsonPathsAt(raw, findings.slice(0, MAX_REPORTED).map((f) => f.start));
  const reported = findings.slice(0, MAX_REPORTED).map((f, i) => ({ type: f.type, where: paths[i]! }));
  if (mode === 'warn') return { raw, body, report: { action: 'warned', findings: reported } };
  const redacted = redactBytes(raw, findings);
  let parsed: unknown;
  try {
    parsed = JSON.parse(redacted.toString('utf8'));
  } catch (err) {
    // Matches never hold a quote or a dangling backslash, so this is a bug; fail closed, send nothing.
    throw new ProxyError('INTERNAL', 'aimux could not redact a secret in this request, so it was not sent (security.secretScan: redact)', 500, { cause: err });
  }
  return { raw: redacted, body: parsed as Record<string, unknown>, report: { action: 'redacted', findings: reported } };
}
