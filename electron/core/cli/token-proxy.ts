/**
 * `aimux token proxy rotate | show | remove`: the proxy token clients present to use aimux
 * (`x-api-key` or `Authorization: Bearer`). Optional on loopback, mandatory when aimux listens on
 * another address. Rotation and removal go through the running aimux's API (they apply at once) or,
 * when none runs, change the 0600 file in the data dir.
 */
import { PROXY_TOKEN_FILE, tokenFile } from '../security/token-file';
import { connect } from './connect';
import { print } from './output';
import { UsageError } from './usage-error';

function howToUse(token: string): string {
  return (
    `clients must present it:\n` +
    `  Claude Code:  ANTHROPIC_AUTH_TOKEN=${token}   (or ANTHROPIC_API_KEY=${token})\n` +
    `  OpenAI SDKs:  api key ${token}   (aimux codex passes it to Codex itself)\n`
  );
}

export async function tokenProxy(sub: string | undefined, dataDir: string, json: boolean): Promise<number> {
  switch (sub) {
    case 'rotate': {
      const had = (await tokenFile(dataDir, PROXY_TOKEN_FILE).read()) !== undefined;
      const conn = await connect(dataDir, { quiet: json });
      try {
        const { token } = await conn.client.rotateProxyToken();
        print(json, { rotated: had, created: !had, token }, () => `proxy token ${had ? 'rotated (the old one no longer works)' : 'created'}: ${token}\n${howToUse(token)}`);
      } finally {
        await conn.close();
      }
      return 0;
    }
    case 'show': {
      const token = await tokenFile(dataDir, PROXY_TOKEN_FILE).read();
      print(json, { set: token !== undefined, ...(token ? { token } : {}) }, () =>
        token ? `proxy token: ${token}\n${howToUse(token)}` : `no proxy token: any local client may use aimux (create one with: aimux token proxy rotate)\n`,
      );
      return 0;
    }
    case 'remove': {
      const conn = await connect(dataDir, { quiet: json });
      try {
        const status = await conn.client.removeProxyToken();
        print(json, status, () => 'proxy token removed: local clients no longer need one\n');
      } finally {
        await conn.close();
      }
      return 0;
    }
    default:
      throw new UsageError(`unknown subcommand "token proxy ${sub ?? ''}" (rotate, show, remove)`);
  }
}
