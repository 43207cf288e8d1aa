/**
 * Loading one API answer into a component: data, the error where it failed, and reload. Stale
 * answers (an older call finishing after a newer one) are dropped, so fast filter changes never
 * show old rows.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DependencyList } from 'react';
import type { ApiClient } from '../../shared/api/client';
import type { ApiEventMap, ApiEventName } from '../../shared/api/events';
import { useApi } from './api-context';

export interface ApiData<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
  /** Replace the data locally (after a mutation answered with the new value). */
  setData: (update: T | ((prev: T | undefined) => T)) => void;
}

export function useApiData<T>(load: (client: ApiClient) => Promise<T>, deps: DependencyList): ApiData<T> {
  const client = useApi();
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const v = await loadRef.current(client);
      if (mine !== seq.current) return;
      setDataState(v);
      setError(undefined);
    } catch (err) {
      if (mine !== seq.current) return;
      setError(err);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, ...deps]);

  useEffect(() => {
    void reload();
    return () => {
      seq.current++;
    };
  }, [reload]);

  const setData = useCallback((update: T | ((prev: T | undefined) => T)) => {
    setDataState((prev) => (typeof update === 'function' ? (update as (p: T | undefined) => T)(prev) : update));
  }, []);

  return { data, error, loading, reload, setData };
}

/** Subscribes to a live event for the component's lifetime; the latest handler is always called. */
export function useApiEvent<E extends ApiEventName>(event: E, handler: (data: ApiEventMap[E]) => void): void {
  const client = useApi();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => client.on(event, (d) => ref.current(d)), [client, event]);
}
