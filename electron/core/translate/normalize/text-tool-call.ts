/**
 * The inside of a tool call a model wrote as text (quirk `textToolCalls`), parsed against the tools the request
 * offered. A call becomes a real `tool_use` block only when its name is exactly one of them; anything else stays
 * text, unchanged.
 *
 * | written as                                                                 | read as                           |
 * | -------------------------------------------------------------------------- | --------------------------------- |
 * | `{"name": "Bash", "arguments": {…}}` (also `parameters`, `input`, `args`; arguments may be a JSON string) | name + arguments |
 * | `{"type": "function", "function": {"name": …, "arguments": "…"}}`          | the same, OpenAI's shape          |
 * | `<function=Bash><parameter=command>ls</parameter></function>` (Qwen3-Coder) | name + one argument per parameter |
 * | `<invoke name="Bash"><parameter name="command">ls</parameter></invoke>`    | the same                          |
 *
 * JSON arguments get the repairs of json-args.ts. A written parameter value is a string unless the tool's schema
 * types that property as something else (number, integer, boolean, object, array), when it is read as JSON.
 */
import { repairJsonArguments } from './json-args';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Tools the request offered: name → input schema. */
export type OfferedTools = ReadonlyMap<string, Obj | undefined>;

export interface TextToolCall {
  name: string;
  input: Obj;
}

export function parseTextToolCall(inner: string, tools: OfferedTools): TextToolCall | undefined {
  const text = inner.trim();
  if (text.startsWith('{')) return fromJson(text, tools);
  if (text.startsWith('<')) return fromXml(text, tools);
  return undefined;
}

function fromJson(text: string, tools: OfferedTools): TextToolCall | undefined {
  const parsed = repairJsonArguments(text);
  if (!parsed.ok) return undefined;
  let o: Obj = parsed.value;
  if (isObj(o.function)) o = o.function;
  const name = o.name;
  if (typeof name !== 'string' || !tools.has(name)) return undefined;
  const args = o.arguments ?? o.parameters ?? o.input ?? o.args ?? {};
  if (isObj(args)) return { name, input: args };
  if (typeof args === 'string') {
    const inner = repairJsonArguments(args);
    return inner.ok ? { name, input: inner.value } : undefined;
  }
  return undefined;
}

const FUNCTION_OPEN = /^<(?:function=([^>\s]+)|invoke\s+name="([^"]+)")\s*>/;
const PARAMETER = /<parameter(?:=([^>\s]+)|\s+name="([^"]+)")\s*>([\s\S]*?)<\/parameter>/g;

function fromXml(text: string, tools: OfferedTools): TextToolCall | undefined {
  const open = FUNCTION_OPEN.exec(text);
  if (!open) return undefined;
  const name = open[1] ?? open[2] ?? '';
  if (!tools.has(name)) return undefined;
  const close = open[1] !== undefined ? '</function>' : '</invoke>';
  const end = text.lastIndexOf(close);
  const body = text.slice(open[0].length, end < 0 ? text.length : end);
  const props = tools.get(name)?.properties;
  const input: Obj = {};
  for (const m of body.matchAll(PARAMETER)) {
    const key = m[1] ?? m[2] ?? '';
    const raw = (m[3] ?? '').replace(/^\r?\n/, '').replace(/\r?\n$/, '');
    input[key] = typed(raw, isObj(props) ? props[key] : undefined);
  }
  return { name, input };
}

function typed(raw: string, schema: unknown): unknown {
  const type = isObj(schema) ? schema.type : undefined;
  if (type === undefined || type === 'string' || (Array.isArray(type) && type.includes('string'))) return raw;
  try {
    return JSON.parse(raw.trim());
  } catch {
    return raw;
  }
}
