/**
 * The minimum a request must carry before aimux routes it. Deeper checks are the upstream's job on
 * passthrough, and the translator's on translation (it names the field it cannot map).
 */
import type { ClientProtocol } from '../config/types';
import { badRequest } from '../errors';

type Obj = Record<string, unknown>;

export function validateGenerationRequest(protocol: ClientProtocol, body: Obj, op: 'messages' | 'count_tokens' | 'chat' | 'responses'): void {
  if (typeof body.model !== 'string' || body.model.length === 0) {
    throw badRequest(body.model === undefined ? 'model: field required' : 'model: expected a non-empty string');
  }
  if (protocol === 'responses') {
    validateResponsesRequest(body);
    return;
  }
  if (!Array.isArray(body.messages)) {
    throw badRequest(body.messages === undefined ? 'messages: field required' : 'messages: expected an array');
  }
  if (body.messages.length === 0 && op !== 'count_tokens') throw badRequest('messages: at least one message is required');
  body.messages.forEach((m, i) => {
    if (typeof m !== 'object' || m === null || typeof (m as Obj).role !== 'string') throw badRequest(`messages[${i}]: expected an object with a "role"`);
  });
  if (protocol === 'anthropic' && op === 'messages') {
    const mt = body.max_tokens;
    if (mt === undefined) throw badRequest('max_tokens: field required');
    if (typeof mt !== 'number' || !Number.isInteger(mt) || mt < 1) throw badRequest('max_tokens: expected a positive integer');
  }
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') throw badRequest('stream: expected true or false');
}

/** Responses API: `input` is a string or a list of item objects; the translators check the items. */
function validateResponsesRequest(body: Obj): void {
  const input = body.input;
  if (input === undefined && (body.previous_response_id === undefined || body.previous_response_id === null)) throw badRequest('input: field required');
  if (input !== undefined && typeof input !== 'string' && !Array.isArray(input)) throw badRequest('input: expected a string or an array of items');
  if (Array.isArray(input)) {
    input.forEach((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw badRequest(`input[${i}]: expected an object`);
    });
  }
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') throw badRequest('stream: expected true or false');
}
