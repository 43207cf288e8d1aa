/**
 * Recent Responses API answers, in memory, so a client can chain turns with `previous_response_id`
 * instead of resending the history. Bounded: the oldest entry goes when `size` is reached (size 0 keeps
 * nothing). A response is kept when its request did not say `store: false` and it completed (or was cut
 * by the output limit); what is kept is the whole input it answered (already expanded) plus its output.
 *
 * Before routing, a request naming a stored id gets that history put in front of its own `input`. An id
 * aimux minted that is no longer here is a 400 (OpenAI's error shape, param `previous_response_id`); any
 * other id is left for a Responses provider to resolve (a translated target rejects it).
 */
import { ProxyError } from '../errors';
import { AIMUX_RESPONSE_ID_PREFIX } from './ids';

type Obj = Record<string, unknown>;

export interface ResponseStore {
  get(id: string): readonly unknown[] | undefined;
  set(id: string, items: readonly unknown[]): void;
  readonly size: number;
}

export function createResponseStore(max: number): ResponseStore {
  const map = new Map<string, readonly unknown[]>();
  return {
    get(id) {
      const items = map.get(id);
      if (items !== undefined) {
        map.delete(id);
        map.set(id, items);
      }
      return items;
    },
    set(id, items) {
      if (max <= 0) return;
      map.delete(id);
      map.set(id, items);
      while (map.size > max) map.delete(map.keys().next().value as string);
    },
    get size() {
      return map.size;
    },
  };
}

/** The request's `input` as a list of items (a string is one user message). */
export function inputItems(input: unknown): unknown[] {
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }];
  return Array.isArray(input) ? input : [];
}

/** Bodies this module expanded → the `previous_response_id` they came with (the answer echoes it). */
const expandedFrom = new WeakMap<Obj, string>();

/** The `previous_response_id` a request named, whether or not it was expanded here. */
export function previousResponseIdOf(body: Obj): string | null {
  const own = body.previous_response_id;
  return typeof own === 'string' ? own : (expandedFrom.get(body) ?? null);
}

/** The body with a stored `previous_response_id` expanded; the same body when there is nothing to expand. */
export function expandPreviousResponse(body: Obj, store: ResponseStore): Obj {
  const prev = body.previous_response_id;
  if (prev === undefined || prev === null) return body;
  if (typeof prev !== 'string' || prev === '') throw new ProxyError('BAD_REQUEST', 'previous_response_id: expected a response id', 400);
  const history = store.get(prev);
  if (history === undefined) {
    if (!prev.startsWith(AIMUX_RESPONSE_ID_PREFIX)) return body;
    throw new ProxyError('BAD_REQUEST', `previous_response_id: no response with id "${prev}" is stored (aimux keeps recent responses in memory, up to server.responseStoreSize, and none answered with store: false)`, 400);
  }
  const { previous_response_id: _used, ...rest } = body;
  const expanded = { ...rest, input: [...history, ...inputItems(body.input)] };
  expandedFrom.set(expanded, prev);
  return expanded;
}

/** The received body and its bytes, with `previous_response_id` expanded (bytes re-serialized only then). */
export function expandResponsesRequest(raw: Buffer, body: Obj, store: ResponseStore): { raw: Buffer; body: Obj } {
  const expanded = expandPreviousResponse(body, store);
  return expanded === body ? { raw, body } : { raw: Buffer.from(JSON.stringify(expanded)), body: expanded };
}
