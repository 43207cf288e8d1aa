/** Which provider protocol serves a client protocol natively (passthrough, no translation). */
import type { ClientProtocol, ProviderConfig } from '../config/types';

export function speaksNatively(provider: Pick<ProviderConfig, 'protocol'>, client: ClientProtocol): boolean {
  if (client === 'responses') return provider.protocol === 'openai-responses';
  return provider.protocol === client || provider.protocol === 'synthetic';
}
