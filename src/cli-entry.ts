import { colorFromEnv, main } from './cli.js';

/**
 * The process shell around `main`: real standard streams, the terminal decides colour. Both the
 * compiled `dist/src/cli-entry.js` and the bundled `dist-action/cli.cjs` run this, so `bin/iamlint.cjs`
 * behaves the same whichever of the two it finds.
 */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readStdin,
  color: colorFromEnv(process.env, Boolean(process.stdout.isTTY)),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`iamlint: internal error: ${e instanceof Error && e.stack ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  },
);
