/**
 * JSON-schema keywords a provider rejects are removed from the schemas a request sends (quirk
 * `stripSchemaKeywords`, e.g. `["$schema", "additionalProperties"]`; Claude Code's tool schemas declare
 * `"$schema": "https://json-schema.org/draft/2020-12/schema"` and `additionalProperties: false`, which some
 * OpenAI-compatible hosts refuse).
 *
 * - Applies to tool input schemas (`tools[].input_schema`, `tools[].function.parameters`) and to structured-output
 *   schemas (`output_config.format.schema`, `response_format.json_schema.schema`), at every depth.
 * - Only keywords are removed, never a property that happens to have the same name: the walk knows which
 *   keywords hold schemas (`properties`, `items`, `anyOf`, `$defs`, …) and which hold names.
 * - Nothing else changes; the note `schema_keywords_stripped` names what was removed.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keywords whose value is a map of name → schema. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** Keywords whose value is one schema. */
const SCHEMA_ONE = new Set(['items', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'additionalItems', 'not', 'if', 'then', 'else', 'contains', 'propertyNames']);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

/** A copy of `schema` without `keywords`; `removed` collects what was found. Unchanged input is returned as is. */
export function stripSchemaKeywords(schema: unknown, keywords: ReadonlySet<string>, removed: Set<string> = new Set(), depth = 0): unknown {
  if (depth > 64) return schema;
  if (Array.isArray(schema)) return schema.map((s) => stripSchemaKeywords(s, keywords, removed, depth + 1));
  if (!isObj(schema)) return schema;
  const out: Obj = {};
  for (const [k, v] of Object.entries(schema)) {
    if (keywords.has(k)) {
      removed.add(k);
      continue;
    }
    if (SCHEMA_MAPS.has(k) && isObj(v)) {
      const m: Obj = {};
      for (const [name, s] of Object.entries(v)) m[name] = stripSchemaKeywords(s, keywords, removed, depth + 1);
      out[k] = m;
    } else if (SCHEMA_ONE.has(k) || SCHEMA_LIST.has(k)) {
      out[k] = stripSchemaKeywords(v, keywords, removed, depth + 1);
    } else {
      out[k] = v;
    }
  }
  return out;
}

/**
 * The top-level fields of a request body (either protocol) that change when `keywords` are stripped from its
 * schemas, with their new values; undefined when nothing changes. The body itself is not modified.
 */
export function stripRequestSchemas(body: Obj, keywords: readonly string[]): { fields: Obj; removed: string[] } | undefined {
  if (keywords.length === 0) return undefined;
  const set = new Set(keywords);
  const removed = new Set<string>();
  const fields: Obj = {};
  if (Array.isArray(body.tools)) {
    const tools = body.tools.map((t) => {
      if (!isObj(t)) return t;
      if (isObj(t.input_schema)) return { ...t, input_schema: stripSchemaKeywords(t.input_schema, set, removed) };
      if (isObj(t.function) && isObj(t.function.parameters)) return { ...t, function: { ...t.function, parameters: stripSchemaKeywords(t.function.parameters, set, removed) } };
      return t;
    });
    if (removed.size > 0) fields.tools = tools;
  }
  const oc = body.output_config;
  if (isObj(oc) && isObj(oc.format) && isObj(oc.format.schema)) {
    const r = new Set<string>();
    const schema = stripSchemaKeywords(oc.format.schema, set, r);
    if (r.size > 0) fields.output_config = { ...oc, format: { ...oc.format, schema } };
    for (const k of r) removed.add(k);
  }
  const rf = body.response_format;
  if (isObj(rf) && isObj(rf.json_schema) && isObj(rf.json_schema.schema)) {
    const r = new Set<string>();
    const schema = stripSchemaKeywords(rf.json_schema.schema, set, r);
    if (r.size > 0) fields.response_format = { ...rf, json_schema: { ...rf.json_schema, schema } };
    for (const k of r) removed.add(k);
  }
  return Object.keys(fields).length > 0 ? { fields, removed: [...removed].sort() } : undefined;
}

