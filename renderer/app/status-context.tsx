/**
 * The running aimux's status for every screen: loaded once, then kept current from `status`
 * events, and re-read when the config changes (a provider added changes `userProviders`).
 */
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { StatusView } from '../../shared/api/dto/status';
import { useApiData, useApiEvent } from '../api/use-api-data';
import type { ApiData } from '../api/use-api-data';

const StatusContext = createContext<ApiData<StatusView> | undefined>(undefined);

export function StatusProvider({ children }: { children: ReactNode }) {
  const status = useApiData((c) => c.getStatus(), []);
  useApiEvent('status', (s) => status.setData(s));
  useApiEvent('config', () => void status.reload());
  return <StatusContext.Provider value={status}>{children}</StatusContext.Provider>;
}

export function useStatus(): ApiData<StatusView> {
  const v = useContext(StatusContext);
  if (!v) throw new Error('useStatus outside <StatusProvider>');
  return v;
}
