/** Entry of the bundled CLI (dist/cli.mjs). */
import { describeCrash, installCrashHandlers } from './cli/crash';
import { main } from './cli/index';

installCrashHandlers();
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`aimux: ${describeCrash(err)}\n`);
    process.exit(1);
  },
);
