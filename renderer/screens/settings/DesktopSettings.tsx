/** Desktop only: start at login, the update channel, the plaintext-keys opt-in. Hidden where the API answers UNSUPPORTED. */
import type { DesktopSettings as Settings } from '../../../shared/api/dto/desktop';
import { isApiError } from '../../../shared/api/errors';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { useApiData } from '../../api/use-api-data';
import { ErrorNote } from '../../widgets/ErrorNote';

export function DesktopSettings() {
  const client = useApi();
  const s = useApiData((c) => c.getDesktopSettings(), []);
  const update = useAction(async (patch: Partial<Pick<Settings, 'startAtLogin' | 'updateChannel' | 'allowPlaintextKeys'>>) => s.setData(await client.updateDesktopSettings(patch)));
  const check = useAction(() => client.checkForUpdates());
  if (!s.data) return s.error && !(isApiError(s.error) && s.error.code === 'UNSUPPORTED') ? <ErrorNote error={s.error} /> : null;
  return (
    <div className="panel" data-testid="desktop-settings">
      <h2 className="panel-title">Desktop app</h2>
      <label className="check">
        <input type="checkbox" checked={s.data.startAtLogin} disabled={update.pending} onChange={(e) => void update.run({ startAtLogin: e.target.checked })} /> Start aimux at login
      </label>
      <label className="inline-field">
        <span>Update channel</span>
        <select value={s.data.updateChannel} disabled={update.pending || !s.data.autoUpdate} onChange={(e) => void update.run({ updateChannel: e.target.value as Settings['updateChannel'] })}>
          <option value="stable">Stable</option>
          <option value="beta">Beta</option>
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={s.data.allowPlaintextKeys} disabled={update.pending} onChange={(e) => void update.run({ allowPlaintextKeys: e.target.checked })} /> Store keys unencrypted where this system cannot encrypt them
      </label>
      {s.data.allowPlaintextKeys ? <p className="text-warn small">Keys added while no keyring is available are saved in plain text in the app's data folder.</p> : null}
      <div className="row">
        <button type="button" className="btn" disabled={check.pending || !s.data.autoUpdate} onClick={() => void check.run()}>
          Check for updates
        </button>
        <span role="status" className="muted">
          {check.pending ? 'Checking…' : ''}
        </span>
      </div>
      <ErrorNote error={update.error ?? check.error} />
    </div>
  );
}
