/**
 * The config's JSON Schema, derived from the zod schema: written by the build to
 * dist/config.schema.json, printed by `aimux config schema`, and saved beside config.json so that
 * the file's `"$schema": "./config.schema.json"` gives editors completion and checks offline.
 */
import { z } from 'zod';
import { configSchema } from '../../../shared/config/schema';

export const SCHEMA_FILE = 'config.schema.json';

let cached: string | undefined;

export function configJsonSchemaText(): string {
  cached ??= `${JSON.stringify(z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`;
  return cached;
}
