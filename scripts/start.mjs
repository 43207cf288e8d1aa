// `npm start`: builds, then opens the desktop app where the Electron binary is installed (downloading it
// once when npm did not), and otherwise runs the headless proxy, which prints the dashboard URL, after a
// line that says why. `npm run serve` is always headless.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chooseLaunch, installedElectron } from './launch-mode.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

function run(cmd, argv) {
  const child = spawn(cmd, argv, { cwd: root, stdio: 'inherit' });
  // Ctrl-C reaches the child too (same process group); wait for it to finish its own shutdown.
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

let launch = chooseLaunch({ env: process.env, platform: process.platform, electron: installedElectron(root) });
if (launch.mode === 'download') {
  process.stdout.write('aimux: downloading the Electron binary for the desktop app (once; set AIMUX_HEADLESS=1 to skip)\n');
  const r = spawnSync(process.execPath, ['node_modules/electron/install.js'], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'], timeout: 10 * 60 * 1000 });
  if (r.status !== 0) process.stdout.write(`aimux: the download failed: ${String(r.stderr ?? r.error ?? '').trim().split('\n')[0] || 'timed out'}\n`);
  launch = chooseLaunch({ env: process.env, platform: process.platform, electron: installedElectron(root), downloadFailed: r.status !== 0 });
}
if (launch.mode === 'desktop') {
  process.stdout.write('aimux: opening the desktop app (it lives in the tray; AIMUX_HEADLESS=1 npm start runs it headless)\n');
  run(installedElectron(root), ['.', ...args]);
} else {
  process.stdout.write(`aimux: running headless: ${launch.reason}\n`);
  run(process.execPath, ['bin/aimux.mjs', 'serve', ...args]);
}
