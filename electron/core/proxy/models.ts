/** GET /v1/models: every configured `provider/model`, in the shape the client expects. */
import type { ClientProtocol } from '../config/types';
import { ProxyError } from '../errors';
import type { CoreState } from './runtime';

export interface ModelEntry {
  id: string;
  providerId: string;
}

export function listModels(state: CoreState): ModelEntry[] {
  const out: ModelEntry[] = [];
  for (const p of state.config.providers) {
    if (!p.enabled) continue;
    for (const m of p.models) out.push({ id: `${p.id}/${m}`, providerId: p.id });
  }
  return out;
}

const CREATED = '2025-01-01T00:00:00Z';

function anthropicModel(m: ModelEntry) {
  return { type: 'model', id: m.id, display_name: m.id, created_at: CREATED };
}

function openAIModel(m: ModelEntry) {
  return { id: m.id, object: 'model', created: Date.parse(CREATED) / 1000, owned_by: m.providerId };
}

export function modelsResponse(state: CoreState, protocol: ClientProtocol, id: string | undefined): unknown {
  const models = listModels(state);
  if (id !== undefined) {
    const m = models.find((x) => x.id === id);
    if (!m) throw new ProxyError('UNKNOWN_MODEL', `model "${id}" is not configured`, 404);
    return protocol === 'anthropic' ? anthropicModel(m) : openAIModel(m);
  }
  if (protocol === 'anthropic') {
    return { data: models.map(anthropicModel), has_more: false, first_id: models[0]?.id ?? null, last_id: models.at(-1)?.id ?? null };
  }
  return { object: 'list', data: models.map(openAIModel) };
}
