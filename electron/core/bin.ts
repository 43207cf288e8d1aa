/** Entry of the bundled CLI (dist/cli.mjs). */
import { main } from './cli/index';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`aimux: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
