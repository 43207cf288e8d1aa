/**
 * Editing the routing section as data: read a class's list in either written form (array, or
 * `{targets, strategy}`) and write it back in the shortest form that keeps its meaning. Pure.
 */
import type { RequestClass, RouteStrategy } from '../../../shared/config/defaults';
import { REQUEST_CLASSES } from '../../../shared/config/defaults';
import type { ModelMapEntryDoc, RoutingDoc, TargetListDoc } from '../../../shared/config/schema';

export interface ListDraft {
  targets: string[];
  strategy: RouteStrategy;
}

export function readList(l: TargetListDoc | undefined): ListDraft | undefined {
  if (l === undefined) return undefined;
  return Array.isArray(l) ? { targets: [...l], strategy: 'failover' } : { targets: [...l.targets], strategy: l.strategy ?? 'failover' };
}

export function writeList(l: ListDraft): TargetListDoc {
  return l.strategy === 'failover' ? l.targets : { targets: l.targets, strategy: l.strategy };
}

export function setClassList(doc: RoutingDoc, cls: RequestClass, list: ListDraft | undefined): RoutingDoc {
  const next: Record<string, unknown> = { ...doc };
  if (list === undefined && cls !== 'default') delete next[cls];
  else if (list) next[cls] = writeList(list);
  return next as RoutingDoc;
}

export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const out = items.slice();
  const [it] = out.splice(from, 1);
  out.splice(to, 0, it as T);
  return out;
}

/** A modelMap route as one line of text: a class name, or targets separated by commas. */
export function routeText(route: ModelMapEntryDoc['route']): string {
  if (typeof route === 'string') return route;
  const l = readList(route)!;
  return l.targets.join(', ');
}

export function parseRouteText(text: string): ModelMapEntryDoc['route'] {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 1) return parts[0]!;
  return parts;
}

export const CLASS_LABELS: Record<RequestClass, string> = {
  default: 'Default',
  background: 'Background (small, fast models: haiku-class requests)',
  thinking: 'Thinking (extended reasoning)',
  vision: 'Vision (images)',
  longContext: 'Long context',
  webSearch: 'Web search',
};

export { REQUEST_CLASSES };
