/**
 * `aimux token rotate`: a new admin token (the old one stops working at once). `aimux token show`
 * prints the dashboard URL with the token in its fragment. `aimux token proxy …`: the proxy token
 * (token-proxy.ts). `aimux token metrics`: a new scrape token for GET /metrics.
 */
import { parseArgs } from 'node:util';
import { ADMIN_TOKEN_FILE, tokenFile } from '../security/token-file';
import { findRunning } from '../service/runtime-file';
import { appendAudit } from '../observability/index';
import { METRICS_TOKEN_FILE } from '../observability/metrics-endpoint';
import { resolveDataDir } from './common';
import { connect } from './connect';
import { print } from './output';
import { tokenProxy } from './token-proxy';
import { UsageError } from './usage-error';

export async function token(argv: string[]): Promise<number> {
  const [sub, ...more] = argv;
  const proxySub = sub === 'proxy' ? more[0] : undefined;
  const rest = sub === 'proxy' ? more.slice(1) : more;
  const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false }, 'data-dir': { type: 'string' } }, strict: true });
  const json = values.json ?? false;
  const dataDir = resolveDataDir(values['data-dir']);
  switch (sub) {
    case 'proxy':
      return tokenProxy(proxySub, dataDir, json);
    case 'rotate': {
      const running = await findRunning(dataDir);
      let t: string;
      if (running) {
        const conn = await connect(dataDir, { quiet: json });
        t = (await conn.client.rotateAdminToken()).token;
      } else {
        process.stderr.write(`aimux is not running: writing a new ${ADMIN_TOKEN_FILE} in ${dataDir}\n`);
        t = await tokenFile(dataDir, ADMIN_TOKEN_FILE).rotate();
        appendAudit(dataDir, { actor: 'cli', action: 'token.rotate', detail: 'admin token' });
      }
      print(json, { rotated: true, dashboard: running ? `${running.url}/ui/#token=${t}` : null }, () =>
        `admin token rotated; the old one no longer works${running ? `\ndashboard: ${running.url}/ui/#token=${t}` : ''}\n`,
      );
      return 0;
    }
    case 'show': {
      const running = await findRunning(dataDir);
      const t = await tokenFile(dataDir, ADMIN_TOKEN_FILE).read();
      if (!t) throw new UsageError(`no admin token yet in ${dataDir} (aimux serve creates one)`);
      print(json, { dashboard: running ? `${running.url}/ui/#token=${t}` : null }, () =>
        running ? `dashboard: ${running.url}/ui/#token=${t}\n` : `aimux is not running; start it with: aimux serve\n`,
      );
      return 0;
    }
    case 'metrics': {
      // The scrape token for GET /metrics (Prometheus: authorization.credentials_file = this file).
      const file = tokenFile(dataDir, METRICS_TOKEN_FILE);
      await file.rotate();
      appendAudit(dataDir, { actor: 'cli', action: 'token.rotate', detail: 'metrics scrape token' });
      print(json, { file: file.path }, () => `new metrics scrape token in ${file.path}\n(Prometheus: authorization: { credentials_file: ${file.path} })\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown subcommand "token ${sub ?? ''}" (rotate, show, proxy rotate|show|remove, metrics)`);
  }
}
