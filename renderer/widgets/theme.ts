/**
 * Light, dark or system. The choice is a display preference of this browser (localStorage), applied
 * as `data-theme` on <html>; "system" follows prefers-color-scheme live.
 */
import { createContext, useContext, useEffect, useState } from 'react';

export type ThemeChoice = 'light' | 'dark' | 'system';
const KEY = 'aimux.theme';

export function readTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

function systemDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

export function applyTheme(choice: ThemeChoice): void {
  const dark = choice === 'dark' || (choice === 'system' && systemDark());
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

export function useTheme(): [ThemeChoice, (t: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(readTheme);
  useEffect(() => {
    applyTheme(choice);
    if (choice !== 'system' || typeof matchMedia !== 'function') return;
    const mq = matchMedia('(prefers-color-scheme: dark)');
    const on = () => applyTheme('system');
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, [choice]);
  const set = (t: ThemeChoice) => {
    try {
      localStorage.setItem(KEY, t);
    } catch {
      // Not persisted; applies to this page.
    }
    setChoice(t);
  };
  return [choice, set];
}

export const ThemeContext = createContext<[ThemeChoice, (t: ThemeChoice) => void]>(['system', () => {}]);
export const useThemeChoice = (): [ThemeChoice, (t: ThemeChoice) => void] => useContext(ThemeContext);
