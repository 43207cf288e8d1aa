/** The client for every component below <ApiProvider>; components never build or fetch on their own. */
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { ApiClient } from '../../shared/api/client';
import type { Transport } from './create-client';

interface ApiContextValue {
  client: ApiClient;
  transport: Transport;
}

const ApiContext = createContext<ApiContextValue | undefined>(undefined);

export function ApiProvider({ client, transport, children }: { client: ApiClient; transport: Transport; children: ReactNode }) {
  return <ApiContext.Provider value={{ client, transport }}>{children}</ApiContext.Provider>;
}

function useCtx(): ApiContextValue {
  const v = useContext(ApiContext);
  if (!v) throw new Error('useApi outside <ApiProvider>');
  return v;
}

export const useApi = (): ApiClient => useCtx().client;
export const useTransport = (): Transport => useCtx().transport;
