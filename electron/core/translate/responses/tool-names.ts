/**
 * Tool names between a Responses client and a Chat or Anthropic target.
 *
 * Both targets take flat names matching `^[a-zA-Z0-9_-]{1,64}$`. A Responses request can group tools
 * in a `namespace` tool and (rarely) use other characters, so each declared tool gets a flat name:
 *
 * - a plain tool keeps its name when it already fits;
 * - a tool in namespace `ns` becomes `ns__name`;
 * - characters outside `[a-zA-Z0-9_-]` become `_`; a name over 64 characters is cut to 55 and ends
 *   with `_` + 8 hex digits of the SHA-256 of the full original, so long names stay distinct;
 * - a flat name already taken by another tool gets the same hash suffix.
 *
 * The table is built from the request's own tools, so it is reversible: a call the model makes to a flat
 * name comes back to the client under its declared `name` and `namespace`, and as a `custom_tool_call`
 * when the tool was a custom (freeform) tool.
 */

import { createHash } from 'node:crypto';

export const MAX_TOOL_NAME = 64;
const VALID = /^[A-Za-z0-9_-]{1,64}$/;

export interface DeclaredTool {
  name: string;
  namespace?: string;
  /** A custom (freeform) tool: its one string parameter is `input`. */
  custom: boolean;
}

/** A lookup from flat name to the declared tool; what the stream translators need. */
export type ToolLookup = ReadonlyMap<string, DeclaredTool>;

const keyOf = (namespace: string | undefined, name: string) => `${namespace ?? ''}\u0000${name}`;

function hashed(base: string, original: string): string {
  const h = createHash('sha256').update(original).digest('hex').slice(0, 8);
  return `${base.slice(0, MAX_TOOL_NAME - 9)}_${h}`;
}

export function flatToolName(namespace: string | undefined, name: string): string {
  const joined = namespace === undefined ? name : `${namespace}__${name}`;
  if (VALID.test(joined)) return joined;
  const clean = joined.replace(/[^A-Za-z0-9_-]/g, '_') || '_';
  return clean.length <= MAX_TOOL_NAME ? clean : hashed(clean, joined);
}

export class ToolNames {
  private readonly byKey = new Map<string, string>();
  readonly byFlat = new Map<string, DeclaredTool>();

  /** Registers a declared tool; returns its flat name. */
  declare(tool: DeclaredTool): string {
    const key = keyOf(tool.namespace, tool.name);
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    let flat = flatToolName(tool.namespace, tool.name);
    if (this.byFlat.has(flat)) flat = hashed(flat, key);
    this.byKey.set(key, flat);
    this.byFlat.set(flat, tool);
    return flat;
  }

  /** The flat name of a tool seen in the history (declared or not). */
  flat(namespace: string | undefined, name: string): string {
    return this.byKey.get(keyOf(namespace, name)) ?? flatToolName(namespace, name);
  }
}
