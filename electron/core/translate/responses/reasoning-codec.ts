/**
 * The `encrypted_content` of the reasoning items aimux emits.
 *
 * A Responses client (Codex) keeps reasoning items and sends them back on the next turn, opaque. aimux
 * puts the upstream's own reasoning in them so the next turn can restore it for the same provider:
 * an Anthropic thinking block with its signature (thinking continuity in a tool loop), a
 * redacted_thinking block's data, or a Chat upstream's `reasoning_content` (DeepSeek-style echo).
 *
 * Encoding (version 1): `aimux1.<payload>.<mac>`, where payload is base64url of the JSON
 * `{p: providerId, k: "text" | "thinking" | "redacted", t?: text, s?: signature, d?: data}` and mac is
 * base64url of HMAC-SHA256(secret, "aimux1." + payload). The secret is an argument (the pipeline holds a
 * per-install secret), so a client cannot forge reasoning for a provider, and anything that does not
 * decode — another server's encrypted reasoning, a tampered or truncated item, another install's — is
 * treated as foreign: dropped, never forwarded raw. It is integrity-checked, not encrypted: the
 * reasoning is the client's own conversation.
 */

import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'aimux1.';

export type StoredReasoning =
  | { kind: 'text'; text: string }
  | { kind: 'thinking'; thinking: string; signature: string }
  | { kind: 'redacted'; data: string };

export interface DecodedReasoning {
  providerId: string;
  reasoning: StoredReasoning;
}

interface Payload {
  p: string;
  k: 'text' | 'thinking' | 'redacted';
  t?: string;
  s?: string;
  d?: string;
}

function mac(secret: Uint8Array, signed: string): Buffer {
  return createHmac('sha256', secret).update(signed).digest();
}

export function encodeReasoning(providerId: string, r: StoredReasoning, secret: Uint8Array): string {
  const p: Payload =
    r.kind === 'text' ? { p: providerId, k: 'text', t: r.text } : r.kind === 'thinking' ? { p: providerId, k: 'thinking', t: r.thinking, s: r.signature } : { p: providerId, k: 'redacted', d: r.data };
  const signed = PREFIX + Buffer.from(JSON.stringify(p)).toString('base64url');
  return `${signed}.${mac(secret, signed).toString('base64url')}`;
}

/** The reasoning and the provider it came from, or undefined for anything aimux did not sign with `secret`. */
export function decodeReasoning(encoded: unknown, secret: Uint8Array): DecodedReasoning | undefined {
  if (typeof encoded !== 'string' || !encoded.startsWith(PREFIX)) return undefined;
  const dot = encoded.lastIndexOf('.');
  if (dot <= PREFIX.length) return undefined;
  const signed = encoded.slice(0, dot);
  // Compared as text: base64url's last character has spare bits, so decoding would accept variants.
  const given = Buffer.from(encoded.slice(dot + 1));
  const expected = Buffer.from(mac(secret, signed).toString('base64url'));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let p: Payload;
  try {
    p = JSON.parse(Buffer.from(signed.slice(PREFIX.length), 'base64url').toString('utf8')) as Payload;
  } catch {
    return undefined;
  }
  if (typeof p?.p !== 'string') return undefined;
  if (p.k === 'text' && typeof p.t === 'string') return { providerId: p.p, reasoning: { kind: 'text', text: p.t } };
  if (p.k === 'thinking' && typeof p.t === 'string' && typeof p.s === 'string') return { providerId: p.p, reasoning: { kind: 'thinking', thinking: p.t, signature: p.s } };
  if (p.k === 'redacted' && typeof p.d === 'string') return { providerId: p.p, reasoning: { kind: 'redacted', data: p.d } };
  return undefined;
}
