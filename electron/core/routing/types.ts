/**
 * Types shared by the routing modules: what a request looks like to the router, what the router
 * decided, and what one upstream attempt gets. Time and randomness are injected (see `Clock`,
 * `Random`, `Schedule`) so every decision is reproducible in tests.
 */
import type { ApiKey, ProviderConfig, RequestClass, Target, TargetList } from '../config/types';

export type { Clock, Random } from '../deps';
import type { Clock, Random } from '../deps';

/** Runs `fn` after `ms`; returns a cancel function. The default uses `setTimeout` (unref'd). */
export type Schedule = (fn: () => void, ms: number) => () => void;

/** What routing needs to know about a request, extracted once in a single cheap pass. */
export interface RequestFeatures {
  /** The model the client asked for, verbatim (`''` when absent). */
  model: string;
  /** Client session, for affinity. Absent when the client sent none. */
  sessionId?: string;
  /** An image anywhere in the messages, tool results included. */
  hasImages: boolean;
  /** Extended thinking / reasoning requested. */
  thinking: boolean;
  /** A web-search/web-fetch server tool (Anthropic) or `web_search_options` (OpenAI). */
  webSearch: boolean;
  /** The first Anthropic server tool (`web_search_20250305`, `web_fetch_20250910`): only targets with `capabilities.webSearch` take it. */
  serverTool?: string;
  /** Tool definitions, or tool calls/results in the history. */
  usesTools: boolean;
  /** Cheap estimate (tokens/estimate.ts), every block type counted. */
  estimatedInputTokens: number;
}

/** How the target list was chosen. */
export type RouteVia = 'explicit' | 'model-map' | 'class';

export interface RouteDecision {
  /** The class reported in `x-aimux-class` and in metrics. */
  class: RequestClass;
  via: RouteVia;
  /** The candidate targets, before strategy ordering and health filtering. */
  list: TargetList;
  /** One line for people: why this list. */
  reason: string;
}

/** What one upstream attempt gets from the failover executor. */
export interface AttemptContext {
  target: Target;
  provider: ProviderConfig;
  /** Undefined when the provider has no keys (synthetic, keyless local servers). */
  key: ApiKey | undefined;
  /** 1-based, across keys and targets. */
  attemptNumber: number;
  /** Aborts when the client goes away or the request deadline passes (before commit). */
  signal: AbortSignal;
  /** `clock.now()` when the attempt started. */
  startedAt: number;
  /** `clock.now()` when the attempt committed (its upstream's first byte); undefined until then. */
  committedAt?: number;
  /**
   * Frees the provider concurrency slot. Call it once the response has ended (the slot is held for
   * the whole stream, so `least-busy` and `maxConcurrent` see real load). Idempotent.
   */
  release(): void;
}
