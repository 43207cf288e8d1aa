/** Port and bind address (checked with the config schema; they apply after a restart). */
import { useEffect, useMemo, useState } from 'react';
import { problemsFromIssues } from '../../../shared/config/problems';
import { serverSchema } from '../../../shared/config/schema';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { useApiData } from '../../api/use-api-data';
import { ErrorNote } from '../../widgets/ErrorNote';
import { fieldError, generalError, problemAt } from '../../widgets/errors';
import { Field } from '../../widgets/Field';

export function ServerSettings() {
  const client = useApi();
  const settings = useApiData((c) => c.getSettings(), []);
  const [host, setHost] = useState('');
  const [port, setPort] = useState('');
  const [restart, setRestart] = useState(false);
  useEffect(() => {
    if (!settings.data) return;
    setHost(settings.data.server.host);
    setPort(String(settings.data.server.port));
    setRestart(settings.data.restartRequired);
  }, [settings.data]);
  const draft = { host: host.trim(), port: port.trim() === '' ? Number.NaN : Number(port) };
  const problems = useMemo(() => {
    const r = serverSchema.safeParse(draft);
    return r.success ? [] : problemsFromIssues(r.error.issues);
  }, [draft.host, draft.port]);
  const save = useAction(async () => {
    const v = await client.updateSettings({ server: draft });
    settings.setData(v);
  });
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(draft.host);
  return (
    <form
      className="panel form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (problems.length === 0) void save.run();
      }}
    >
      <h2 className="panel-title">Server</h2>
      <ErrorNote error={settings.error} />
      <div className="form-grid">
        <Field label="Bind address" hint={loopback ? 'Only this machine can connect.' : 'Other machines can connect: clients then need the proxy token.'} error={problemAt(problems, 'host') ?? fieldError(save.error, 'server.host', 'host')}>
          {(p) => <input {...p} value={host} onChange={(e) => setHost(e.target.value)} />}
        </Field>
        <Field label="Port" error={problemAt(problems, 'port') ?? fieldError(save.error, 'server.port', 'port')}>
          {(p) => <input {...p} inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />}
        </Field>
      </div>
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={save.pending || problems.length > 0 || !settings.data}>
          Save
        </button>
        <span role="status" className="muted">
          {restart ? 'Saved. Restart aimux for the new address to take effect.' : ''}
        </span>
      </div>
      <ErrorNote message={generalError(save.error, 'server.host', 'server.port', 'host', 'port')} />
    </form>
  );
}
