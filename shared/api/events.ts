/**
 * Live events, the same over both transports: server-sent events at GET /api/v1/events (each event's
 * `event:` name is the key below, `data:` its JSON) and IPC channel `evt:<name>` in the desktop app.
 * Producers throttle: `metrics` at most once a second; `request` once per finished request.
 */
import type { UpdateStatus } from './dto/desktop';
import type { MetricsSnapshot, RequestLogEntry, SpeedTestProgress } from './dto/observability';
import type { StatusView } from './dto/status';

export interface ApiEventMap {
  /** A finished request's log entry. */
  request: RequestLogEntry;
  /** Metric snapshot, at most once a second. */
  metrics: MetricsSnapshot;
  /** The proxy's status changed (paused, resumed, error, config source). */
  status: StatusView;
  /** A new config was applied (from the API, the CLI or an edit on disk). */
  config: { revision: number; source: string; actor: 'api' | 'cli' | 'ui' | 'file' };
  /** A speed test made progress. */
  speedtest: SpeedTestProgress;
  /** Desktop only: the updater's state changed. */
  update: UpdateStatus;
}

export type ApiEventName = keyof ApiEventMap;
export const API_EVENTS = ['request', 'metrics', 'status', 'config', 'speedtest', 'update'] as const satisfies readonly ApiEventName[];
type MissingEvent = Exclude<ApiEventName, (typeof API_EVENTS)[number]>;
export const API_EVENTS_COMPLETE: [MissingEvent] extends [never] ? true : never = true;
