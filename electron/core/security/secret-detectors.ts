/**
 * What the outgoing secret scan looks for: one row per kind of secret, as data. Each row has a regex
 * that finds the secret, and anchors: short strings every match contains, searched first with
 * `Buffer.indexOf` so a clean request costs a few memchr-speed passes and no regex at all. Anchors
 * start with a character that is rare in prompts and code (an underscore, a dash, a capital) or are
 * kept to 2–7 characters: longer needles take a slower search path in Node.
 *
 * Boundaries are escape-aware, because the scan runs on request bytes as JSON: in `"…\nAKIA…"` the
 * key follows `\n`, which counts as a boundary. A match never contains `"` or an unescaped `\`, so
 * replacing it keeps the JSON valid.
 */
import { PROVIDER_PRESETS } from '../providers/presets/index';

export interface Detector {
  /** Reported as the finding's type, e.g. `aws-access-key-id`; never the secret. */
  type: string;
  /**
   * Every match contains one of these. `at` is the anchor's fixed distance from the match start
   * (then one sticky regex attempt verifies a hit); null when it varies (then the regex scans a window
   * of `back` bytes before the hit and `ahead` after it).
   */
  anchors: Array<{ text: string; at: number | null }>;
  /** Global with indices (`gd`) for window scans, sticky with indices (`yd`) when every anchor has a fixed `at`. */
  pattern: RegExp;
  back: number;
  ahead: number;
  /** The capture group that is the secret (the rest is context, e.g. `NAME=`); 0 = the whole match. */
  group: number;
}

/** Start of a token: the text start, a non-token character, or a JSON escape such as `\n`. */
const PRE = String.raw`(?<=^|[^A-Za-z0-9_\-]|\\[nrtbf])`;
/** End of a token. */
const POST = String.raw`(?![A-Za-z0-9_\-])`;

type AnchorSpec = string | [text: string, at: number];

/** Anchors given as `'text'` sit at the match start; `['text', n]` n bytes in; `back` > 0 with plain strings = variable. */
function row(type: string, anchors: AnchorSpec[], body: string, opts: { back?: number; ahead?: number; group?: number; flags?: string } = {}): Detector {
  const variable = opts.back !== undefined;
  const list = anchors.map((a) => (typeof a === 'string' ? { text: a, at: variable ? null : 0 } : { text: a[0], at: a[1] }));
  const sticky = list.every((a) => a.at !== null);
  return { type, anchors: list, pattern: new RegExp(body, `${sticky ? 'y' : 'g'}d${opts.flags ?? ''}`), back: opts.back ?? 0, ahead: opts.ahead ?? 0, group: opts.group ?? 0 };
}

/** Letters frequent in English prose and code: an anchor starting with one of these would be searched slowly. */
const COMMON = new Set('etaoinshrdlcum');
const META = /[[\](){}.*+?|\\^$]/;

/** `^sk-ant-[A-Za-z0-9_-]{20,}$` → the literal prefix `sk-ant-`, then its tail from the first uncommon character (`k-ant-`). */
export function anchorOf(source: string): { anchor: string; offset: number } | undefined {
  const body = source.replace(/^\^/, '');
  const meta = body.search(META);
  const prefix = meta < 0 ? body : body.slice(0, meta);
  if (prefix.length < 2) return undefined;
  let i = 0;
  while (i < prefix.length - 2 && COMMON.has(prefix[i]!)) i++;
  const anchor = prefix.slice(i, i + 7);
  return { anchor, offset: i };
}

/** The presets' key patterns (`^…$`, written to recognise pasted keys) turned into unanchored detectors. */
function presetDetectors(): Detector[] {
  const out: Detector[] = [];
  for (const p of PROVIDER_PRESETS) {
    if (!p.keyPattern) continue;
    const a = anchorOf(p.keyPattern.source);
    if (!a) continue;
    const inner = p.keyPattern.source.replace(/^\^/, '').replace(/\$$/, '');
    out.push(row(`${p.id}-key`, [[a.anchor, a.offset]], `${PRE}(?:${inner})${POST}`, { flags: (p.keyPattern.flags ?? '').replace(/[gdy]/g, '') }));
  }
  return out;
}

const ENV_NAMES = ['_KEY', '_TOKEN', '_SECRET', '_PASSWO'];

/**
 * In priority order: where two findings overlap, the earlier row names it (an OpenAI key in
 * `OPENAI_API_KEY=sk-…` is reported as `openai-key`, not as an env assignment).
 */
export function buildDetectors(): Detector[] {
  return [
    row('aws-access-key-id', ['AKIA', 'ASIA'], `${PRE}(?:AKIA|ASIA)[0-9A-Z]{16}${POST}`),
    row('aws-secret-access-key', [['_access', 10]], String.raw`aws_secret_access_key(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])`, { group: 1, flags: 'i' }),
    row('github-token', ['gh', ['_pat_', 6]], `${PRE}(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})${POST}`),
    row('gitlab-token', ['glpat-'], `${PRE}glpat-[A-Za-z0-9_\\-]{20,255}${POST}`),
    row('slack-token', ['xox'], `${PRE}xox[abposre]-[A-Za-z0-9\\-]{10,255}${POST}`),
    row('slack-webhook', ['hooks.'], String.raw`hooks\.slack\.com\\?/services\\?/T[A-Za-z0-9_]+\\?/B[A-Za-z0-9_]+\\?/[A-Za-z0-9_]+`),
    row('stripe-key', [['_live_', 2], ['_test_', 2]], `${PRE}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,255}${POST}`),
    row('stripe-webhook-secret', ['whsec_'], `${PRE}whsec_[A-Za-z0-9]{24,255}${POST}`),
    row('google-api-key', ['AIza'], `${PRE}AIza[0-9A-Za-z_\\-]{35}${POST}`),
    row('google-oauth-token', ['ya29.'], `${PRE}ya29\\.[0-9A-Za-z_\\-]{20,2048}${POST}`),
    ...presetDetectors(),
    // Up to the END line, or to the end of the JSON string when the block was cut off.
    row('private-key', ['PRIVATE'], String.raw`-----BEGIN[A-Z ]{0,30}PRIVATE KEY(?: BLOCK)?-----(?:(?!-----END)[^"])*(?:-----END[A-Z ]{0,30}PRIVATE KEY(?: BLOCK)?-----)?`, { back: 46, ahead: 16_384 }),
    // A generic `sk-` key (DeepSeek, Moonshot, … have no pattern of their own): long, with a digit.
    row('api-key', [['k-', 1]], `${PRE}sk-(?=[A-Za-z_\\-]*[0-9])[A-Za-z0-9_\\-]{32,255}${POST}`),
    // `.env` style: NAME_KEY=value, NAME_TOKEN: value, export NAME_SECRET="value". Only the value is the
    // secret; it must hold a letter and a digit (placeholders and expressions such as
    // `process.env.X` do not) and must not start like a reference ($VAR, ${…}, <…>, %…%).
    row(
      'env-secret',
      ENV_NAMES,
      String.raw`${PRE}[A-Z][A-Z0-9_]{0,63}_(?:KEY|TOKEN|SECRET|PASSWORD)(?![A-Za-z0-9_])(?:\\?["'])?[ \t]*[=:][ \t]*(?:\\?["'])?((?=[^\s"'\\]*[0-9])(?=[^\s"'\\]*[A-Za-z])[^\s"'\\$<{%][^\s"'\\]{7,255})`,
      { back: 72, ahead: 280, group: 1 },
    ),
  ];
}
