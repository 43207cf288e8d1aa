/**
 * Per-target adjustments of an outgoing request body, after passthrough's model splice or after translation:
 * the `max_tokens` clamp (max-tokens.ts) and the `stripSchemaKeywords` quirk (translate/normalize/schema-keywords.ts).
 * A raw passthrough body is changed by splicing only the fields that change; a translated body in its object.
 */
import type { ProviderConfig } from '../config/types';
import { replaceTopLevelValue } from '../protocol/json-splice';
import { stripRequestSchemas } from '../translate/normalize/schema-keywords';
import { applyClampToObject, applyClampToRaw, describeClamp, MAX_TOKENS_HEADER, outputLimitOf, planMaxTokensClamp } from './max-tokens';

type Obj = Record<string, unknown>;

export interface Adjustments {
  notes: string[];
  responseHeaders?: Record<string, string>;
}

/** Adjusts a translated request object in place. */
export function adjustBodyObject(body: Obj, provider: ProviderConfig, model: string): Adjustments {
  const result: Adjustments = { notes: [] };
  const stripped = stripRequestSchemas(body, provider.quirks.stripSchemaKeywords);
  if (stripped) {
    Object.assign(body, stripped.fields);
    result.notes.push('schema_keywords_stripped');
  }
  const clamp = planMaxTokensClamp(body, outputLimitOf(provider, model));
  if (clamp) {
    applyClampToObject(body, clamp);
    result.responseHeaders = { [MAX_TOKENS_HEADER]: describeClamp(clamp) };
  }
  return result;
}

/** Adjusts raw passthrough bytes (`parsed` is the client's body, for reading); returns the new bytes. */
export function adjustRawBody(raw: Buffer | string, parsed: Obj, provider: ProviderConfig, model: string): Adjustments & { body: Buffer | string } {
  const result: Adjustments & { body: Buffer | string } = { body: raw, notes: [] };
  const stripped = stripRequestSchemas(parsed, provider.quirks.stripSchemaKeywords);
  if (stripped) {
    let out: Buffer | undefined = typeof raw === 'string' ? Buffer.from(raw) : raw;
    for (const [field, value] of Object.entries(stripped.fields)) out = out && replaceTopLevelValue(out, field, JSON.stringify(value));
    result.body = out ?? JSON.stringify({ ...(JSON.parse(raw.toString()) as Obj), ...stripped.fields });
    result.notes.push('schema_keywords_stripped');
  }
  const clamp = planMaxTokensClamp(parsed, outputLimitOf(provider, model));
  if (clamp) {
    result.body = applyClampToRaw(result.body, clamp);
    result.responseHeaders = { [MAX_TOKENS_HEADER]: describeClamp(clamp) };
  }
  return result;
}
