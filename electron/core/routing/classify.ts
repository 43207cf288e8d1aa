/**
 * Request classification: which target list serves a request. Pure and deterministic.
 *
 * Precedence (issue 4):
 *   1. explicit `provider/model` — split at the first `/`, only when the prefix is a configured provider id;
 *   2. `modelMap` — the first matching glob, in file order; maps to a class or to a list of its own;
 *   3. feature classes, in this order: webSearch (web-search tool) > vision (images) > thinking >
 *      longContext (estimated input tokens > `longContextThreshold`) > background (`/haiku/i` model name);
 *   4. default.
 *
 * Decisions:
 * - Feature classes are tried in precedence order and the first one **that has a list** wins; matched
 *   classes without a list are passed over (the reason names them) and, when none has a list, the request
 *   falls back to `default`. So a Claude Code main turn (always `thinking: adaptive`) with only a
 *   `longContext` list configured still reaches `longContext` when it is long.
 * - A modelMap entry naming a class without a list falls back to `default` (the reason says so).
 * - For `explicit` and modelMap-to-list decisions, `class` is the first matching feature class (or
 *   `default`), so metrics still see "a thinking request"; `via` says how the list was picked.
 * - A model containing `/` whose prefix is no provider id and that no modelMap entry matches is an
 *   error (UNKNOWN_PROVIDER, 404) rather than a silent reroute.
 */
import type { RequestClass, RoutingConfig, TargetList } from '../config/types';
import { ProxyError, badRequest } from '../errors';
import { compileGlob } from './glob';
import type { RequestFeatures, RouteDecision } from './types';

export type Classifier = (features: RequestFeatures, providerIds: ReadonlySet<string>) => RouteDecision;

const HAIKU = /haiku/i;
const MAX_EXPLICIT_LISTS = 1024;

interface Match {
  class: RequestClass;
  why: string;
}

/** Compiles the modelMap globs once; the returned function classifies one request. */
export function createClassifier(routing: RoutingConfig): Classifier {
  const modelMap = routing.modelMap.map((entry) => ({ entry, match: compileGlob(entry.pattern) }));
  // `provider/model` lists, made once per model name: the same objects each time, so what is cached
  // per list or target (strategy state, latency keys) is made once too. Bounded: a client inventing
  // model names cannot grow it.
  const explicit = new Map<string, { list: TargetList; reason: string }>();

  return (features, providerIds) => {
    const model = features.model;
    const slash = model.indexOf('/');
    if (slash > 0) {
      const providerId = model.slice(0, slash);
      if (providerIds.has(providerId)) {
        const targetModel = model.slice(slash + 1);
        if (targetModel === '') throw badRequest(`model "${model}" names provider "${providerId}" but no model after the "/"`);
        let known = explicit.get(model);
        if (known === undefined) {
          if (explicit.size >= MAX_EXPLICIT_LISTS) explicit.clear();
          known = { list: { targets: [{ providerId, model: targetModel }], strategy: 'failover' }, reason: `explicit provider "${providerId}"` };
          explicit.set(model, known);
        }
        return { class: firstMatch(features, routing)?.class ?? 'default', via: 'explicit', list: known.list, reason: known.reason };
      }
    }

    for (const { entry, match } of modelMap) {
      if (!match(model)) continue;
      const matched = `model "${model}" matched modelMap "${entry.pattern}"`;
      if (entry.route.kind === 'targets') {
        return { class: firstMatch(features, routing)?.class ?? 'default', via: 'model-map', list: entry.route.list, reason: matched };
      }
      const cls = entry.route.class;
      const list = routing.classes[cls];
      if (list) return { class: cls, via: 'model-map', list, reason: `${matched} → ${cls}` };
      return { class: 'default', via: 'model-map', list: routing.classes.default, reason: `${matched} → ${cls}, which has no list; using default` };
    }

    if (slash >= 0) {
      const providerId = model.slice(0, slash);
      const ids = [...providerIds].join(', ') || '(none)';
      throw new ProxyError('UNKNOWN_PROVIDER', `unknown provider "${providerId}" in model "${model}"; configured providers: ${ids}`, 404);
    }
    return byFeatures(features, routing);
  };
}

/** Classifies one request. Compiles the globs on every call: prefer `createClassifier` on a hot path. */
export function classify(features: RequestFeatures, routing: RoutingConfig, providerIds: ReadonlySet<string>): RouteDecision {
  return createClassifier(routing)(features, providerIds);
}

function byFeatures(features: RequestFeatures, routing: RoutingConfig): RouteDecision {
  const passed: string[] = [];
  for (const m of featureMatches(features, routing)) {
    const list = routing.classes[m.class];
    if (list) {
      const prefix = passed.length ? `${passed.join('; ')}; ` : '';
      return { class: m.class, via: 'class', list, reason: `${prefix}${m.why} → ${m.class}` };
    }
    passed.push(`${m.why} but no ${m.class} list`);
  }
  const reason = passed.length ? `${passed.join('; ')}; using default` : 'no special features → default';
  return { class: 'default', via: 'class', list: routing.classes.default, reason };
}

function firstMatch(features: RequestFeatures, routing: RoutingConfig): Match | undefined {
  for (const m of featureMatches(features, routing)) return m;
  return undefined;
}

/** Feature classes that apply, in precedence order (lazy: stops when the caller does). */
function* featureMatches(features: RequestFeatures, routing: RoutingConfig): Generator<Match> {
  if (features.webSearch) yield { class: 'webSearch', why: 'web search tool' };
  if (features.hasImages) yield { class: 'vision', why: 'images' };
  if (features.thinking) yield { class: 'thinking', why: 'thinking enabled' };
  if (features.estimatedInputTokens > routing.longContextThreshold) {
    yield { class: 'longContext', why: `~${features.estimatedInputTokens} input tokens > ${routing.longContextThreshold}` };
  }
  if (HAIKU.test(features.model)) yield { class: 'background', why: `haiku-class model "${features.model}"` };
}
