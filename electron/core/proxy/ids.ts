/** Ids aimux mints: unique per process (random prefix + counter), cheap, never derived from a key. */
import { randomBytes } from 'node:crypto';
import type { ClientProtocol } from '../config/types';
import type { Clock } from './runtime';

/** Responses aimux answers (and stores for `previous_response_id`) have ids starting with this. */
export const AIMUX_RESPONSE_ID_PREFIX = 'resp_aimux';

export interface IdSource {
  request(): string;
  response(protocol: ClientProtocol): { id: string; created: number };
}

const PREFIXES: Readonly<Record<ClientProtocol, string>> = { anthropic: 'msg_aimux_', openai: 'chatcmpl-aimux-', responses: `${AIMUX_RESPONSE_ID_PREFIX}_` };

export function createIdSource(clock: Clock): IdSource {
  const prefix = randomBytes(6).toString('hex');
  let n = 0;
  const next = () => `${prefix}${(++n).toString(36).padStart(6, '0')}`;
  return {
    request: () => `req_${next()}`,
    response: (protocol) => ({ id: `${PREFIXES[protocol]}${next()}`, created: Math.floor(clock.now() / 1000) }),
  };
}
