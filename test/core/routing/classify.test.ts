import { describe, expect, it } from 'vitest';
import type { RoutingConfig } from '../../../electron/core/config/types';
import { ProxyError } from '../../../electron/core/errors';
import { classify, createClassifier } from '../../../electron/core/routing/classify';
import { extractFeatures } from '../../../electron/core/routing/features';
import { loadClaudeCodeRequests } from './fixtures';
import { features, list, routing } from './support';

const IDS = new Set(['anthropic', 'openrouter', 'local']);

const ALL_CLASSES = routing({
  classes: {
    default: list('failover', 'anthropic/claude-opus-5-5'),
    background: list('failover', 'local/qwen-small'),
    thinking: list('failover', 'anthropic/claude-opus-5-5', 'openrouter/anthropic/claude-opus'),
    vision: list('failover', 'openrouter/google/gemini-pro'),
    longContext: list('failover', 'openrouter/google/gemini-long'),
    webSearch: list('failover', 'openrouter/perplexity/sonar'),
  },
  longContextThreshold: 60_000,
});
const DEFAULT_ONLY = routing({ classes: { default: list('failover', 'anthropic/claude-opus-5-5') } });

describe('classify: feature precedence', () => {
  it.each([
    ['webSearch beats everything', { webSearch: true, hasImages: true, thinking: true, estimatedInputTokens: 100_000, model: 'claude-haiku-4' }, 'webSearch'],
    ['vision beats thinking', { hasImages: true, thinking: true, estimatedInputTokens: 100_000 }, 'vision'],
    ['thinking beats longContext', { thinking: true, estimatedInputTokens: 100_000 }, 'thinking'],
    ['longContext beats background', { estimatedInputTokens: 60_001, model: 'claude-haiku-4-5' }, 'longContext'],
    ['at the threshold is not long', { estimatedInputTokens: 60_000 }, 'default'],
    ['haiku-class model → background', { model: 'Claude-3-5-HAIKU-latest' }, 'background'],
    ['nothing special → default', {}, 'default'],
  ] as const)('%s', (_, over, expected) => {
    const d = classify(features(over), ALL_CLASSES, IDS);
    expect(d.class).toBe(expected);
    expect(d.via).toBe('class');
    expect(d.list).toBe(ALL_CLASSES.classes[expected]);
  });

  it('passes over matched classes without a list, naming them, and falls back to default', () => {
    const d = classify(features({ thinking: true, estimatedInputTokens: 100_000 }), DEFAULT_ONLY, IDS);
    expect(d).toEqual({
      class: 'default',
      via: 'class',
      list: DEFAULT_ONLY.classes.default,
      reason: 'thinking enabled but no thinking list; ~100000 input tokens > 60000 but no longContext list; using default',
    });
    const onlyLong: RoutingConfig = { ...DEFAULT_ONLY, classes: { ...DEFAULT_ONLY.classes, longContext: list('failover', 'local/long') } };
    const d2 = classify(features({ thinking: true, estimatedInputTokens: 100_000 }), onlyLong, IDS);
    expect(d2.class).toBe('longContext');
    expect(d2.reason).toBe('thinking enabled but no thinking list; ~100000 input tokens > 60000 → longContext');
  });
});

describe('classify: explicit provider/model and modelMap', () => {
  const withMap = routing({
    ...ALL_CLASSES,
    modelMap: [
      { pattern: 'claude-*haiku*', route: { kind: 'class', class: 'background' } },
      { pattern: 'fast-*', route: { kind: 'targets', list: list('round-robin', 'local/a', 'local/b') } },
      { pattern: 'vendor/*', route: { kind: 'class', class: 'thinking' } },
      { pattern: 'search-me', route: { kind: 'class', class: 'webSearch' } },
    ],
  });

  it('routes provider/model straight to that provider, split at the first slash', () => {
    const d = classify(features({ model: 'openrouter/anthropic/claude-opus', thinking: true, webSearch: true }), withMap, IDS);
    expect(d.via).toBe('explicit');
    expect(d.list).toEqual({ strategy: 'failover', targets: [{ providerId: 'openrouter', model: 'anthropic/claude-opus' }] });
    expect(d.class).toBe('webSearch');
    expect(d.reason).toBe('explicit provider "openrouter"');
  });

  it('one list per explicit model name: the same object on every request (what is cached per list stays small), still separate per class', () => {
    const c = createClassifier(withMap);
    const a = c(features({ model: 'local/x' }), IDS);
    const b = c(features({ model: 'local/x', thinking: true }), IDS);
    expect(b.list).toBe(a.list);
    expect(b.class).not.toBe(a.class);
    expect(c(features({ model: 'local/y' }), IDS).list).not.toBe(a.list);
    // Bounded: a client sending endless model names does not grow it without end.
    for (let i = 0; i < 1100; i++) c(features({ model: `local/m${i}` }), IDS);
    expect(c(features({ model: 'local/x' }), IDS).list).not.toBe(a.list);
    expect(c(features({ model: 'local/x' }), IDS).list).toEqual(a.list);
  });

  it('explicit wins over a matching modelMap entry', () => {
    const map = routing({ modelMap: [{ pattern: '*', route: { kind: 'class', class: 'background' } }] });
    expect(classify(features({ model: 'local/x' }), map, IDS).via).toBe('explicit');
  });

  it('rejects provider/ with no model', () => {
    expect(() => classify(features({ model: 'local/' }), withMap, IDS)).toThrow(ProxyError);
  });

  it('modelMap wins over features; first match in order; class or list', () => {
    const haiku = classify(features({ model: 'claude-3-5-haiku', thinking: true, hasImages: true }), withMap, IDS);
    expect(haiku).toMatchObject({ class: 'background', via: 'model-map', list: ALL_CLASSES.classes.background });
    expect(haiku.reason).toBe('model "claude-3-5-haiku" matched modelMap "claude-*haiku*" → background');
    const fast = classify(features({ model: 'fast-1', thinking: true }), withMap, IDS);
    expect(fast).toMatchObject({ class: 'thinking', via: 'model-map', list: withMap.modelMap[1]!.route.kind === 'targets' ? withMap.modelMap[1]!.route.list : null });
  });

  it('a modelMap class without a list falls back to default and says so', () => {
    const m = routing({ modelMap: [{ pattern: 'search-me', route: { kind: 'class', class: 'webSearch' } }] });
    const d = classify(features({ model: 'search-me' }), m, IDS);
    expect(d).toEqual({ class: 'default', via: 'model-map', list: m.classes.default, reason: 'model "search-me" matched modelMap "search-me" → webSearch, which has no list; using default' });
  });

  it('a slash model whose prefix is no provider may still match the modelMap', () => {
    expect(classify(features({ model: 'vendor/model-x' }), withMap, IDS)).toMatchObject({ class: 'thinking', via: 'model-map' });
  });

  it('otherwise a slash model with an unknown provider is UNKNOWN_PROVIDER 404 naming the configured ids', () => {
    let err: unknown;
    try {
      classify(features({ model: 'nope/model' }), withMap, IDS);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProxyError);
    const e = err as ProxyError;
    expect(e.code).toBe('UNKNOWN_PROVIDER');
    expect(e.httpStatus).toBe(404);
    expect(e.message).toBe('unknown provider "nope" in model "nope/model"; configured providers: anthropic, openrouter, local');
  });

  it('createClassifier and classify agree', () => {
    const c = createClassifier(withMap);
    for (const model of ['claude-3-5-haiku', 'fast-2', 'vendor/a', 'local/b', 'plain']) {
      expect(c(features({ model }), IDS)).toEqual(classify(features({ model }), withMap, IDS));
    }
  });
});

describe('classify on every recorded Claude Code request', () => {
  const recorded = loadClaudeCodeRequests();
  const haikuMap = routing({ ...ALL_CLASSES, modelMap: [{ pattern: 'claude-*haiku*', route: { kind: 'class', class: 'background' } }] });
  const longOnly = routing({ classes: { default: DEFAULT_ONLY.classes.default, longContext: list('failover', 'local/long') }, longContextThreshold: 10_000 });

  it.each(recorded.map((r) => [r.name, r] as const))('%s', (name, r) => {
    const f = extractFeatures('anthropic', r.body, { sessionId: r.headers['x-claude-code-session-id'] });
    // The session title call is the interactive UI's small request, but it was recorded with the main
    // model (no ANTHROPIC_SMALL_FAST_MODEL set): not haiku-class, so not background. No thinking, no tools.
    const isTitle = name.endsWith('tui-session-title.request.json');
    const full = classify(f, ALL_CLASSES, IDS);
    expect(full.via).toBe('class');
    expect(full.class).toBe(isTitle ? 'default' : 'thinking');
    expect(full.reason).toBe(isTitle ? 'no special features → default' : 'thinking enabled → thinking');
    // No modelMap entry for haiku matches either (the recorded models are opus).
    expect(classify(f, haikuMap, IDS).class).toBe(isTitle ? 'default' : 'thinking');
    // With only default configured everything is default.
    expect(classify(f, DEFAULT_ONLY, IDS)).toMatchObject({ class: 'default', list: DEFAULT_ONLY.classes.default });
    // With only longContext (threshold 10k), the main turns (12k–19k estimated tokens) go long, the title does not.
    expect(classify(f, longOnly, IDS).class).toBe(isTitle ? 'default' : 'longContext');
    // Were the title call sent with a haiku model (ANTHROPIC_SMALL_FAST_MODEL), it would be background.
    if (isTitle) expect(classify({ ...f, model: 'claude-haiku-4-5' }, ALL_CLASSES, IDS).class).toBe('background');
  });
});
