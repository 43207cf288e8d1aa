/**
 * Responses tools → one flat list of function tools for a Chat or Anthropic target.
 *
 * | Responses tool                          | sent as                                                        |
 * | --------------------------------------- | -------------------------------------------------------------- |
 * | `function`                              | a function (`parameters` kept, `{type: object}` when absent; `strict` kept) |
 * | `custom` (freeform, e.g. Codex's `apply_patch` with a Lark grammar) | a function with one required string parameter `input`; the description says the input is free text and carries the grammar (`syntax` and `definition`) |
 * | `namespace`                             | its inner function and custom tools, each under a flat name (tool-names.ts) |
 * | `web_search`, `tool_search`, `file_search`, `code_interpreter`, `mcp`, … (hosted) | left out; note `tools_omitted` names them |
 * | an `additional_tools` input item        | read as more tools (Codex sends its tools there when no model is set) |
 *
 * tool_choice: `auto`, `required`, `none` as they are; `{type: "function" | "custom", name}` → that tool's
 * flat name; `allowed_tools` is not sent (note `param_dropped`). With no tools left for the target,
 * neither tool_choice nor parallel_tool_calls is sent (Codex's compaction request has `tools: []` with
 * `tool_choice: "auto"`, and Chat APIs reject a tool_choice without tools).
 */

import { expectArray, expectObj, expectString, invalid, isObj, type Obj } from '../checks';
import type { NoteList } from '../types';
import { ToolNames } from './tool-names';

export interface FlatTool {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
  strict?: boolean;
}

export type FlatToolChoice = 'auto' | 'required' | 'none' | { name: string };

export interface ToolSet {
  tools: FlatTool[];
  names: ToolNames;
}

const EMPTY_SCHEMA = { type: 'object', properties: {} };

export function customToolDescription(description: unknown, format: unknown): string {
  const parts: string[] = [];
  if (typeof description === 'string' && description !== '') parts.push(description);
  parts.push('Call this tool with one argument, `input`: free-form text (not JSON), passed to the tool exactly as written.');
  if (isObj(format) && format.type === 'grammar' && typeof format.definition === 'string') {
    parts.push(`The input must match this ${typeof format.syntax === 'string' ? format.syntax : ''} grammar:\n${format.definition}`);
  }
  return parts.join('\n\n');
}

function addTool(raw: Obj, path: string, namespace: string | undefined, set: ToolSet, omitted: string[]): void {
  const type = raw.type;
  if (type === 'function') {
    const name = expectString(raw.name, `${path}.name`);
    const tool: FlatTool = {
      name: set.names.declare({ name, ...(namespace !== undefined ? { namespace } : {}), custom: false }),
      parameters: raw.parameters === undefined || raw.parameters === null ? EMPTY_SCHEMA : expectObj(raw.parameters, `${path}.parameters`),
    };
    if (typeof raw.description === 'string') tool.description = raw.description;
    if (typeof raw.strict === 'boolean') tool.strict = raw.strict;
    set.tools.push(tool);
  } else if (type === 'custom') {
    const name = expectString(raw.name, `${path}.name`);
    set.tools.push({
      name: set.names.declare({ name, ...(namespace !== undefined ? { namespace } : {}), custom: true }),
      description: customToolDescription(raw.description, raw.format),
      parameters: { type: 'object', properties: { input: { type: 'string', description: 'The free-form input, not JSON.' } }, required: ['input'], additionalProperties: false },
    });
  } else if (type === 'namespace' && namespace === undefined) {
    const ns = expectString(raw.name, `${path}.name`);
    expectArray(raw.tools, `${path}.tools`).forEach((t, i) => addTool(expectObj(t, `${path}.tools[${i}]`), `${path}.tools[${i}]`, ns, set, omitted));
  } else if (typeof type === 'string') {
    omitted.push(namespace === undefined ? type : `${namespace}.${type}`);
  } else {
    throw invalid(`${path}.type`, 'expected a string');
  }
}

/** The request's tools plus those of `additional_tools` input items, flattened; hosted tools noted. */
export function collectTools(tools: unknown, input: unknown, targetId: string, notes: NoteList): ToolSet {
  const set: ToolSet = { tools: [], names: new ToolNames() };
  const omitted: string[] = [];
  if (tools !== undefined && tools !== null) {
    expectArray(tools, 'tools').forEach((t, i) => addTool(expectObj(t, `tools[${i}]`), `tools[${i}]`, undefined, set, omitted));
  }
  if (Array.isArray(input)) {
    input.forEach((item, i) => {
      if (isObj(item) && item.type === 'additional_tools') {
        expectArray(item.tools, `input[${i}].tools`).forEach((t, j) => addTool(expectObj(t, `input[${i}].tools[${j}]`), `input[${i}].tools[${j}]`, undefined, set, omitted));
      }
    });
  }
  if (omitted.length > 0) notes.add('tools_omitted', `hosted tools ${targetId} cannot run were not sent: ${[...new Set(omitted)].join(', ')}`);
  return set;
}

export function mapToolChoice(choice: unknown, set: ToolSet, notes: NoteList): FlatToolChoice | undefined {
  if (choice === undefined || choice === null || set.tools.length === 0) return undefined;
  if (choice === 'auto' || choice === 'required' || choice === 'none') return choice;
  const c = expectObj(choice, 'tool_choice');
  if (c.type === 'function' || c.type === 'custom') {
    const name = expectString(c.name, 'tool_choice.name');
    return { name: set.names.flat(typeof c.namespace === 'string' ? c.namespace : undefined, name) };
  }
  notes.add('param_dropped', `tool_choice ${String(c.type)}`);
  return undefined;
}
