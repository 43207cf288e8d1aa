/**
 * Screens and their addresses. Hash routes (`/ui/#/providers`) work under /ui/ and in the desktop
 * window alike, and need nothing from the server.
 */
import { useEffect, useState } from 'react';

export const SCREENS = [
  { id: 'overview', label: 'Overview' },
  { id: 'providers', label: 'Providers' },
  { id: 'routing', label: 'Routing' },
  { id: 'requests', label: 'Requests' },
  { id: 'speed-test', label: 'Speed test' },
  { id: 'claude-code', label: 'Claude Code' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'] | 'home';

export interface Route {
  screen: ScreenId;
  /** What follows the screen, e.g. `add` in `#/providers/add`. */
  sub: string | undefined;
}

export function parseRoute(hash: string): Route {
  const [first, ...rest] = hash.replace(/^#\/?/, '').split('/');
  const screen = SCREENS.find((s) => s.id === first)?.id ?? 'home';
  return { screen, sub: rest.join('/') || undefined };
}

export const href = (screen: ScreenId, sub?: string): string => `#/${screen === 'home' ? '' : screen}${sub ? `/${sub}` : ''}`;

export function navigate(screen: ScreenId, sub?: string): void {
  window.location.hash = href(screen, sub);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
