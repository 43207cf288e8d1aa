/**
 * The outgoing secret scan on request bodies: every kind of secret it promises to find, where it
 * says it found it, what it leaves alone (recorded Claude Code requests, placeholders, images), and
 * the decision table (off / warn / redact).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findSecrets, redactText, scanOutgoing } from '../../../electron/core/security/secret-scan';
import { anchorOf } from '../../../electron/core/security/secret-detectors';
import { claudeCodeRequests } from '../../support/fixtures';
import { FAKE } from '../../support/fake-secrets';

const bodyWith = (text: string) => ({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'text', text }] }] });
const typesIn = (text: string) => findSecrets(Buffer.from(JSON.stringify(bodyWith(text)))).map((f) => f.type);

describe('what the scan finds', () => {
  it.each([
    ['aws-access-key-id', `id = ${FAKE.awsAccessKeyId}`],
    ['aws-secret-access-key', `[default]\naws_secret_access_key = ${FAKE.awsSecret}\n`],
    ['github-token', `token ${FAKE.github} here`],
    ['github-token', FAKE.githubPat],
    ['gitlab-token', `"${FAKE.gitlab}"`],
    ['slack-token', `SLACK=${FAKE.slack}`],
    ['slack-webhook', `curl -X POST ${FAKE.slackWebhook}`],
    ['stripe-key', `Stripe.api_key = '${FAKE.stripe}'`],
    ['google-api-key', `key=${FAKE.google}&q=1`],
    ['anthropic-key', `x-api-key: ${FAKE.anthropic}`],
    ['openai-key', FAKE.openai],
    ['groq-key', FAKE.groq],
    ['api-key', `DEEPSEEK=${FAKE.deepseek}`],
    ['private-key', `here is id_rsa:\n${FAKE.privateKey}\nthanks`],
    ['env-secret', `# .env\nDATABASE_PASSWORD=${FAKE.envValue}\n`],
    ['env-secret', `export MY_SERVICE_TOKEN="${FAKE.envValue}"`],
    ['env-secret', `api:\n  CLIENT_SECRET: ${FAKE.envValue}`],
  ])('%s (case %#)', (type, text) => {
    expect(typesIn(text)).toEqual([type]);
  });

  it('a key inside an env assignment is named by its own kind, once', () => {
    expect(typesIn(`OPENAI_API_KEY=${FAKE.openai}\nANTHROPIC_API_KEY=${FAKE.anthropic}`)).toEqual(['openai-key', 'anthropic-key']);
  });

  it('a key right after a JSON escape (\\n, \\t) or at the start of a string is found; inside a longer token it is not', () => {
    expect(typesIn(`\n${FAKE.awsAccessKeyId}`)).toEqual(['aws-access-key-id']);
    expect(typesIn(`\t${FAKE.google}`)).toEqual(['google-api-key']);
    expect(typesIn(FAKE.awsAccessKeyId)).toEqual(['aws-access-key-id']);
    expect(typesIn(`x${FAKE.awsAccessKeyId}`)).toEqual([]);
    expect(typesIn(`${FAKE.awsAccessKeyId}Z`)).toEqual([]);
  });

  it('a private key cut off before its END line is found up to the end of the string', () => {
    const cut = FAKE.privateKey.slice(0, 80);
    const raw = Buffer.from(JSON.stringify(bodyWith(cut)));
    const [f] = findSecrets(raw);
    expect(f?.type).toBe('private-key');
    expect(raw.toString('latin1', f!.end, f!.end + 1)).toBe('"');
  });

  it('leaves placeholders, references and prose alone', () => {
    for (const text of [
      'API_KEY=your-api-key-here',
      'GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
      'const API_KEY = process.env.API_KEY',
      'OPENAI_API_KEY=$OPENAI_API_KEY',
      'SECRET_KEY=<generate one>',
      'launch a task-notification with the sk-learn docs; the PRIVATE KEY section explains it',
      'the github_pat_ prefix and ghp_ prefix are documented',
      'set ANTHROPIC_AUTH_TOKEN to the proxy token',
    ]) {
      expect(typesIn(text), text).toEqual([]);
    }
  });

  it('finds nothing in any recorded Claude Code request', () => {
    const reqs = claudeCodeRequests();
    expect(reqs.length).toBeGreaterThan(5);
    for (const r of reqs) expect(findSecrets(Buffer.from(JSON.stringify(r.body))), r.name).toEqual([]);
  });

  it('finds nothing in random base64 image data (seeded sizes, 3 MB in all)', () => {
    for (let i = 0; i < 3; i++) {
      const body = { messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: randomBytes(750_000).toString('base64') } }] }] };
      expect(findSecrets(Buffer.from(JSON.stringify(body)))).toEqual([]);
    }
  });

  it('derives fast anchors from the presets’ key patterns', () => {
    expect(anchorOf('^sk-ant-[A-Za-z0-9_-]{20,}$')).toEqual({ anchor: 'k-ant-', offset: 1 });
    expect(anchorOf('^AIza[0-9A-Za-z_-]{35}$')).toEqual({ anchor: 'AIza', offset: 0 });
    expect(anchorOf('^sk-(?:proj-)?x$')).toEqual({ anchor: 'k-', offset: 1 });
  });
});

describe('where it says it found them', () => {
  it('reports JSON paths into the body, never the secret', () => {
    const body = {
      model: 'm',
      system: [{ type: 'text', text: 'be brief' }],
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'read', input: { path: '.env' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: `AWS=${FAKE.awsAccessKeyId}\nX_TOKEN=${FAKE.envValue}` }] },
      ],
      'odd key': FAKE.github,
    };
    const raw = Buffer.from(JSON.stringify(body));
    const out = scanOutgoing('warn', raw, body);
    expect(out.report).toEqual({
      action: 'warned',
      findings: [
        { type: 'aws-access-key-id', where: 'messages[2].content[0].content' },
        { type: 'env-secret', where: 'messages[2].content[0].content' },
        { type: 'github-token', where: '["odd key"]' },
      ],
    });
    expect(JSON.stringify(out.report)).not.toContain(FAKE.awsAccessKeyId.slice(4));
  });
});

describe('the decision table', () => {
  const body = { model: 'm', input: [{ role: 'user', content: `my key is ${FAKE.anthropic}, and\n${FAKE.privateKey}` }] };
  const raw = Buffer.from(JSON.stringify(body));

  it('off: not scanned, nothing reported', () => {
    const out = scanOutgoing('off', raw, body);
    expect(out.raw).toBe(raw);
    expect(out.body).toBe(body);
    expect(out.report).toBeUndefined();
  });

  it('warn: the same bytes and object go upstream (no re-serialization), the findings are reported', () => {
    const out = scanOutgoing('warn', raw, body);
    expect(out.raw).toBe(raw);
    expect(out.body).toBe(body);
    expect(out.report?.findings.map((f) => f.type)).toEqual(['anthropic-key', 'private-key']);
  });

  it('redact: each match replaced, everything else byte for byte, the body re-parsed from the redacted bytes', () => {
    const out = scanOutgoing('redact', raw, body);
    expect(out.report?.action).toBe('redacted');
    expect(out.raw.toString()).toBe(JSON.stringify({ model: 'm', input: [{ role: 'user', content: 'my key is [REDACTED:anthropic-key], and\n[REDACTED:private-key]' }] }));
    expect(out.body).toEqual(JSON.parse(out.raw.toString()));
  });

  it('clean request: the same bytes whatever the mode', () => {
    const clean = { model: 'm', messages: [{ role: 'user', content: 'nothing secret' }] };
    const b = Buffer.from(JSON.stringify(clean));
    for (const mode of ['off', 'warn', 'redact'] as const) {
      const out = scanOutgoing(mode, b, clean);
      expect(out.raw).toBe(b);
      expect(out.report).toBeUndefined();
    }
  });
});

describe('redactText (logs and crash output)', () => {
  it('replaces secrets in free text, keeps the rest', () => {
    expect(redactText(`Error: bad header "Bearer ${FAKE.openai}" at x`)).toBe('Error: bad header "Bearer [REDACTED:openai-key]" at x');
    expect(redactText('nothing here')).toBe('nothing here');
  });
});
