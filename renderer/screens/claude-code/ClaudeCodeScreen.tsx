/** Claude Code against this proxy: environment lines and a settings.json snippet to copy, or apply/undo. */
import { isApiError } from '../../../shared/api/errors';
import type { ClaudeCodeSetupView } from '../../../shared/api/dto/integrations';
import { useStatus } from '../../app/status-context';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { useApiData } from '../../api/use-api-data';
import { CopyButton } from '../../widgets/CopyButton';
import { ErrorNote } from '../../widgets/ErrorNote';

const STATE: Record<ClaudeCodeSetupView['state'], string> = {
  'not-configured': 'Claude Code is not set up for aimux yet.',
  configured: 'Claude Code uses aimux.',
  other: 'Claude Code points somewhere else.',
  unreadable: "Claude Code's settings file could not be read.",
};

/** Lines built from the proxy URL when the server cannot give its own (older server). */
function fallback(url: string): Pick<ClaudeCodeSetupView, 'envLines' | 'settingsSnippet'> {
  return {
    envLines: [`export ANTHROPIC_BASE_URL=${url}`, 'export ANTHROPIC_AUTH_TOKEN=aimux', 'export CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1'],
    settingsSnippet: JSON.stringify({ env: { ANTHROPIC_BASE_URL: url, ANTHROPIC_AUTH_TOKEN: 'aimux', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' } }, null, 2),
  };
}

function Snippet({ title, text, copyLabel }: { title: string; text: string; copyLabel: string }) {
  return (
    <div className="panel">
      <div className="panel-head">
        <h2 className="panel-title">{title}</h2>
        <CopyButton text={text} label={copyLabel} />
      </div>
      <pre className="code" tabIndex={0}>
        {text}
      </pre>
    </div>
  );
}

export function ClaudeCodeScreen() {
  const client = useApi();
  const url = useStatus().data?.url ?? 'http://127.0.0.1:4141';
  const setup = useApiData((c) => c.getClaudeCodeSetup(), []);
  const apply = useAction(async () => setup.setData(await client.applyClaudeCodeSetup()));
  const undo = useAction(async () => setup.setData(await client.undoClaudeCodeSetup()));
  const s = setup.data;
  const missing = isApiError(setup.error) && (setup.error.code === 'UNSUPPORTED' || setup.error.code === 'NOT_FOUND');
  const text = s ?? fallback(url);
  return (
    <section className="screen" aria-labelledby="cc-title">
      <h1 id="cc-title">Claude Code</h1>
      <p className="lead">
        Point Claude Code at <code>{s?.baseUrl ?? url}</code>. Use the lines below in a shell, paste the snippet into <code>{s?.settingsPath ?? '~/.claude/settings.json'}</code>, or let aimux write it.
      </p>
      {s ? (
        <div className="panel">
          <p data-testid="cc-state">
            <strong>{STATE[s.state]}</strong>
          </p>
          {s.warnings.map((w) => (
            <p key={w} className="text-warn">
              {w}
            </p>
          ))}
          <div className="row">
            <button type="button" className="btn btn-primary" disabled={apply.pending || s.state === 'configured'} onClick={() => void apply.run()}>
              Write it to Claude Code's settings
            </button>
            <button type="button" className="btn" disabled={undo.pending || !s.canUndo} onClick={() => void undo.run()}>
              Undo
            </button>
          </div>
          <ErrorNote error={apply.error ?? undo.error} />
        </div>
      ) : setup.error && !missing ? (
        <ErrorNote error={setup.error} />
      ) : null}
      <Snippet title="Environment" text={text.envLines.join('\n')} copyLabel="Copy the environment lines" />
      <Snippet title="settings.json" text={text.settingsSnippet} copyLabel="Copy the settings.json snippet" />
    </section>
  );
}
