/**
 * First run (no provider but the built-in one): aimux already answers, so say so, and lead to the
 * two next steps: a real provider, and Claude Code pointed at this proxy.
 */
import { useStatus } from '../../app/status-context';
import { href } from '../../routes';
import { CopyButton } from '../../widgets/CopyButton';

export function FirstRunScreen() {
  const url = useStatus().data?.url ?? 'http://127.0.0.1:4141';
  const curl = `curl ${url}/v1/messages -H 'content-type: application/json' -d '{"model":"any","max_tokens":64,"messages":[{"role":"user","content":"hello"}]}'`;
  return (
    <section className="screen first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title">aimux is running</h1>
      <p className="lead">
        It already answers at <code>{url}</code> from its built-in <strong>synthetic</strong> provider: no network, no key. Your tools can talk to it now; add a real provider when you are ready.
      </p>
      <div className="next-steps">
        <a className="next-step" href={href('providers', 'add')}>
          <span className="next-step-title">Add your first provider</span>
          <span className="muted">Pick Anthropic, OpenAI, OpenRouter, DeepSeek, GLM… paste a key, test it, save.</span>
        </a>
        <a className="next-step" href={href('claude-code')}>
          <span className="next-step-title">Set up Claude Code</span>
          <span className="muted">Point Claude Code at aimux with two environment lines, or let aimux write its settings.</span>
        </a>
      </div>
      <div className="panel">
        <h2 className="panel-title">Try it from a terminal</h2>
        <div className="code-row">
          <pre className="code" tabIndex={0}>
            {curl}
          </pre>
          <CopyButton text={curl} label="Copy the curl command" />
        </div>
      </div>
      <p>
        <a href={href('overview')}>Go to the overview</a>
      </p>
    </section>
  );
}
