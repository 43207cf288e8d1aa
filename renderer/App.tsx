/**
 * The dashboard's frame: top bar, screen list, and the current screen. Overview and first run are
 * in the first bundle; every other screen loads when it is opened (React.lazy).
 */
import { Suspense, lazy } from 'react';
import type { ApiClient } from '../shared/api/client';
import { isApiError } from '../shared/api/errors';
import { ApiProvider } from './api/api-context';
import type { Transport } from './api/create-client';
import { Header } from './app/Header';
import { Nav } from './app/Nav';
import { StatusProvider, useStatus } from './app/status-context';
import { TokenGate } from './app/TokenGate';
import { useRoute } from './routes';
import type { Route } from './routes';
import { FirstRunScreen } from './screens/first-run/FirstRunScreen';
import { OverviewScreen } from './screens/overview/OverviewScreen';
import { ErrorNote } from './widgets/ErrorNote';
import { ThemeContext, useTheme } from './widgets/theme';

const named = <K extends string, M extends Record<K, React.ComponentType<{ route: Route }>>>(load: () => Promise<M>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] })));

const LAZY = {
  providers: named(() => import('./screens/providers/ProvidersScreen'), 'ProvidersScreen'),
  routing: named(() => import('./screens/routing/RoutingScreen'), 'RoutingScreen'),
  requests: named(() => import('./screens/requests/RequestsScreen'), 'RequestsScreen'),
  'speed-test': named(() => import('./screens/speed-test/SpeedTestScreen'), 'SpeedTestScreen'),
  'claude-code': named(() => import('./screens/claude-code/ClaudeCodeScreen'), 'ClaudeCodeScreen'),
  settings: named(() => import('./screens/settings/SettingsScreen'), 'SettingsScreen'),
};

export function App({ client, transport }: { client: ApiClient; transport: Transport }) {
  const theme = useTheme();
  return (
    <ThemeContext.Provider value={theme}>
      <ApiProvider client={client} transport={transport}>
        <StatusProvider>
          <Shell />
        </StatusProvider>
      </ApiProvider>
    </ThemeContext.Provider>
  );
}

function Shell() {
  const route = useRoute();
  const status = useStatus();
  if (isApiError(status.error) && (status.error.code === 'UNAUTHORIZED' || status.error.code === 'FORBIDDEN') && !status.data) {
    return <TokenGate reason={status.error.message} onToken={() => void status.reload()} />;
  }
  const home = status.data && status.data.userProviders === 0 ? 'first-run' : 'overview';
  const current = route.screen === 'home' ? 'overview' : route.screen;
  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <Header />
      <div className="app-body">
        <Nav current={current} />
        <main id="main" className="content" tabIndex={-1}>
          {status.error && !status.data ? (
            <div className="panel">
              <ErrorNote error={status.error} />
              <button type="button" className="btn" onClick={() => void status.reload()}>
                Try again
              </button>
            </div>
          ) : route.screen === 'home' ? (
            status.data ? home === 'first-run' ? <FirstRunScreen /> : <OverviewScreen /> : <div className="screen-loading" aria-busy="true" />
          ) : route.screen === 'overview' ? (
            <OverviewScreen />
          ) : (
            <Screen route={route} />
          )}
        </main>
      </div>
    </div>
  );
}

function Screen({ route }: { route: Route }) {
  const C = LAZY[route.screen as keyof typeof LAZY];
  return (
    <Suspense fallback={<div className="screen-loading" aria-busy="true" />}>
      <C route={route} />
    </Suspense>
  );
}
