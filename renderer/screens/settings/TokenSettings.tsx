/**
 * The proxy token (clients present it; optional on loopback) and the admin token (this dashboard
 * and the CLI present it). A new token is shown once, with a copy button. Rotating the admin token
 * over HTTP keeps this tab signed in (the new token replaces the old one in sessionStorage).
 */
import { useState } from 'react';
import { useApi, useTransport } from '../../api/api-context';
import { rememberAdminToken } from '../../api/token-store';
import { useAction } from '../../api/use-action';
import { useApiData } from '../../api/use-api-data';
import { CopyButton } from '../../widgets/CopyButton';
import { ErrorNote } from '../../widgets/ErrorNote';
import { ConfirmDialog } from '../../widgets/Modal';

function ShownOnce({ label, token }: { label: string; token: string | undefined }) {
  if (!token) return null;
  return (
    <div className="shown-once" role="status">
      <p>{label} Copy it now; it is not shown again.</p>
      <div className="code-row">
        <code className="code mono">{token}</code>
        <CopyButton text={token} label={`Copy: ${label}`} />
      </div>
    </div>
  );
}

export function TokenSettings() {
  const client = useApi();
  const transport = useTransport();
  const proxy = useApiData((c) => c.getProxyToken(), []);
  const [proxyToken, setProxyToken] = useState<string | undefined>(undefined);
  const [adminToken, setAdminToken] = useState<string | undefined>(undefined);
  const [confirmAdmin, setConfirmAdmin] = useState(false);
  const rotateProxy = useAction(async () => {
    setProxyToken((await client.rotateProxyToken()).token);
    await proxy.reload();
  });
  const removeProxy = useAction(async () => {
    proxy.setData(await client.removeProxyToken());
    setProxyToken(undefined);
  });
  const rotateAdmin = useAction(async () => {
    const { token } = await client.rotateAdminToken();
    if (transport === 'http') rememberAdminToken(window, token);
    setAdminToken(token);
    setConfirmAdmin(false);
  });
  const p = proxy.data;
  return (
    <div className="panel">
      <h2 className="panel-title">Tokens</h2>
      <h3>Proxy token</h3>
      <p className="muted">{p ? (p.required ? 'Clients must send it (as their API key or bearer token).' : p.set ? 'Set, but not required on loopback.' : 'Not set: any program on this machine can use the proxy.') : ''}</p>
      <div className="row">
        <button type="button" className="btn" disabled={rotateProxy.pending} onClick={() => void rotateProxy.run()}>
          {p?.set ? 'Rotate proxy token' : 'Create proxy token'}
        </button>
        {p?.set ? (
          <button type="button" className="btn btn-ghost" disabled={removeProxy.pending} onClick={() => void removeProxy.run()}>
            Stop requiring it
          </button>
        ) : null}
      </div>
      <ErrorNote error={proxy.error ?? rotateProxy.error ?? removeProxy.error} />
      <ShownOnce label="New proxy token." token={proxyToken} />
      <h3>Admin token</h3>
      <p className="muted">Used by this dashboard and the CLI. Rotating it signs out every other open dashboard.</p>
      <button type="button" className="btn" onClick={() => setConfirmAdmin(true)}>
        Rotate admin token
      </button>
      <ErrorNote error={rotateAdmin.error} />
      <ShownOnce label="New admin token." token={adminToken} />
      <ConfirmDialog open={confirmAdmin} onOpenChange={setConfirmAdmin} title="Rotate the admin token?" confirmLabel="Rotate" pending={rotateAdmin.pending} onConfirm={() => void rotateAdmin.run()}>
        <p>Other dashboards and scripts using the current token stop working until they get the new one.</p>
      </ConfirmDialog>
    </div>
  );
}
