/**
 * Shared types of the translation layer: where a request is going, what a response needs to know,
 * and the notes a translation leaves behind.
 *
 * Notes are how aimux avoids silent rewrites: whenever a translation drops, maps or defaults something
 * the client asked for, it records a note. The server puts the note codes in a response header.
 */

import type { ProviderCapabilities, ProviderQuirks } from '../config/types';

/** The provider and model a translated request is sent to. */
export interface TranslateTarget {
  providerId: string;
  /** Upstream model name, written into the translated request. */
  model: string;
  capabilities: ProviderCapabilities;
  quirks: ProviderQuirks;
}

/** What a response translator needs; ids and timestamps come from the caller (translation reads no clock). */
export interface ResponseContext {
  /** Client-visible model name. */
  model: string;
  providerId: string;
  /** Message id (Anthropic client) or completion id (OpenAI client). */
  id: string;
  /** Unix seconds. */
  created: number;
  /** Used when the upstream reports no usage. */
  estimatedInputTokens: number;
  /** The stop sequences of the request, to recognise which one matched. */
  stopSequences?: string[];
}

export interface StreamContext extends ResponseContext {
  /** OpenAI client direction: the client asked for `stream_options.include_usage`. */
  includeUsage?: boolean;
}

/** Token counts a stream translator reports when it is done (for metrics and the estimate header). */
export interface StreamUsage {
  /** Billed at the input price: the prompt minus cache reads and cache writes. */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens?: number;
  /** True when the upstream sent no usage and the numbers are estimates. */
  estimated: boolean;
}

export type TranslationNoteCode =
  /** The client asked for thinking/reasoning and the target cannot do it; nothing was sent. */
  | 'thinking_dropped'
  /** Thinking config was mapped between budget and effort (detail says how). */
  | 'thinking_mapped'
  /** Earlier assistant thinking was not sent to the target (no echo quirk, or redacted). */
  | 'thinking_history_dropped'
  /** Thinking blocks aimux minted (they cannot verify at an Anthropic endpoint) were removed. */
  | 'thinking_signature_dropped'
  /** `thinking` was removed from this request because the final tool-loop turn lacks its thinking block. */
  | 'thinking_disabled_for_turn'
  /** Images replaced by a text placeholder: the target takes no images. */
  | 'images_omitted'
  /** The request had no output limit; a documented default was used. */
  | 'max_tokens_defaulted'
  /** A parameter with no equivalent on the target was not sent (detail names it). */
  | 'param_dropped'
  /** A system/developer message in the middle of an OpenAI conversation became user text. */
  | 'system_message_converted'
  /** Anthropic server-tool blocks in the history (web search) became text or were dropped. */
  | 'server_tool_history_converted'
  /** Responses client: hosted tools (web_search, tool_search, …) the target cannot run were left out. */
  | 'tools_omitted'
  /** Responses client: `text.format` was mapped to the target's structured-output field. */
  | 'text_format_mapped'

  /** JSON-schema keywords the provider rejects were removed from tool/output schemas (quirk `stripSchemaKeywords`). */
  | 'schema_keywords_stripped';

export interface TranslationNote {
  code: TranslationNoteCode;
  detail: string;
}

export interface RequestTranslation<T> {
  body: T;
  notes: TranslationNote[];
}

/** Collects notes; one note per code, details joined, in first-seen order. */
export class NoteList {
  private readonly byCode = new Map<TranslationNoteCode, string[]>();

  add(code: TranslationNoteCode, detail: string): void {
    const list = this.byCode.get(code);
    if (list === undefined) this.byCode.set(code, [detail]);
    else if (!list.includes(detail)) list.push(detail);
  }

  has(code: TranslationNoteCode): boolean {
    return this.byCode.has(code);
  }

  toArray(): TranslationNote[] {
    return [...this.byCode].map(([code, details]) => ({ code, detail: details.join('; ') }));
  }
}
