/** Ids aimux mints: unique per process (random prefix + counter), cheap, never derived from a key. */
import { randomBytes } from 'node:crypto';
import type { Clock } from './runtime';

export interface IdSource {
  request(): string;
  response(protocol: 'anthropic' | 'openai'): { id: string; created: number };
}

export function createIdSource(clock: Clock): IdSource {
  const prefix = randomBytes(6).toString('hex');
  let n = 0;
  const next = () => `${prefix}${(++n).toString(36).padStart(6, '0')}`;
  return {
    request: () => `req_${next()}`,
    response: (protocol) => ({ id: protocol === 'anthropic' ? `msg_aimux_${next()}` : `chatcmpl-aimux-${next()}`, created: Math.floor(clock.now() / 1000) }),
  };
}
