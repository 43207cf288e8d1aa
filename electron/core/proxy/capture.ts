/**
 * Debug capture (`observability.captureBodies`): the request body as received and the answer as
 * sent to the client, each capped at `captureMaxBytes`, with configured key values and key-shaped
 * strings redacted. Off by default; when off, a request pays one property read.
 */
import type { AimuxConfig } from '../config/types';
import { createRedactor } from '../security/redact';

export interface RequestCapture {
  /** Bytes sent to the client (kept until the cap). */
  add(chunk: string | Buffer): void;
  finish(): { request?: string; response?: string; truncated: boolean };
}

export function startCapture(body: Buffer, config: AimuxConfig): RequestCapture | undefined {
  const { captureBodies, captureMaxBytes: max } = config.observability;
  if (!captureBodies) return undefined;
  let truncated = body.length > max;
  const request = body.subarray(0, max);
  const response: Buffer[] = [];
  let size = 0;
  return {
    add(chunk) {
      if (size >= max) {
        truncated = true;
        return;
      }
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const room = max - size;
      if (b.length > room) truncated = true;
      const kept = b.length > room ? b.subarray(0, room) : b;
      response.push(kept);
      size += kept.length;
    },
    finish() {
      const redact = createRedactor(config.providers.flatMap((p) => p.apiKeys.map((k) => k.value)));
      const out: { request?: string; response?: string; truncated: boolean } = { truncated };
      if (request.length > 0) out.request = redact(request.toString('utf8'));
      if (response.length > 0) out.response = redact(Buffer.concat(response).toString('utf8'));
      return out;
    },
  };
}
