/**
 * The admin token in the browser: it arrives in the URL fragment that `aimux serve` prints
 * (`/ui/#token=…`, so it never reaches a request log), moves to sessionStorage (this tab only, gone
 * when it closes) and is stripped from the address bar at once. Never a cookie, never a query.
 */
const KEY = 'aimux.adminToken';

export function takeTokenFromFragment(win: Window): string | undefined {
  const hash = win.location.hash.replace(/^#/, '');
  const params = new URLSearchParams(hash);
  const token = params.get('token');
  if (!token) return undefined;
  rememberAdminToken(win, token);
  params.delete('token');
  const rest = params.toString();
  win.history.replaceState(win.history.state, '', `${win.location.pathname}${win.location.search}${rest ? `#${rest}` : ''}`);
  return token;
}

export function readAdminToken(win: Window): string | undefined {
  try {
    return win.sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function rememberAdminToken(win: Window, token: string): void {
  try {
    win.sessionStorage.setItem(KEY, token);
  } catch {
    // Storage disabled: the token lives only as long as this page.
  }
}

export function forgetAdminToken(win: Window): void {
  try {
    win.sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}
