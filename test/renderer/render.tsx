/** Rendering the dashboard (or one screen) against the fake API client. */
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { App } from '../../renderer/App';
import { ApiProvider } from '../../renderer/api/api-context';
import { StatusProvider } from '../../renderer/app/status-context';
import { createFakeClient } from '../../renderer/dev/fake-client';
import type { FakeApiClient, FakeOptions } from '../../renderer/dev/fake-client';

export function renderApp(hash = '', opts: FakeOptions = {}): { client: FakeApiClient } & ReturnType<typeof render> {
  window.location.hash = hash;
  const client = createFakeClient(opts);
  return { client, ...render(<App client={client} transport="fake" />) };
}

export function renderScreen(ui: ReactElement, opts: FakeOptions = {}): { client: FakeApiClient } & ReturnType<typeof render> {
  const client = createFakeClient(opts);
  return {
    client,
    ...render(
      <ApiProvider client={client} transport="fake">
        <StatusProvider>{ui}</StatusProvider>
      </ApiProvider>,
    ),
  };
}
