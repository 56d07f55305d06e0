// `npm test` and `npm run test:all`: the type-check (`tsc --noEmit`) and
// jest, side by side rather than one after the other. tsc uses one core for
// its whole run, so in sequence the other core would idle; jest's workers
// take it. tsc's report is printed after jest's, and the run fails when
// either fails. Arguments go to jest.
const { spawn } = require('child_process');
const { join } = require('path');

const root = join(__dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Runs `command`, resolving with its exit code (and its output, when captured). */
function run(command, args, capture) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => { output += chunk; });
      child.stderr.on('data', (chunk) => { output += chunk; });
    }
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

async function main() {
  const [typecheck, tests] = await Promise.all([
    run(bin('tsc'), ['--noEmit'], true),
    run(bin('jest'), process.argv.slice(2), false),
  ]);
  process.stdout.write(typecheck.output);
  console.log(typecheck.code === 0 ? 'tsc --noEmit: no type errors' : `tsc --noEmit: failed (exit ${typecheck.code})`);
  process.exitCode = typecheck.code !== 0 ? typecheck.code : tests.code;
}

main();
