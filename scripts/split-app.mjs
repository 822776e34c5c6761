// The app's wasm, split at its split points (src/components/deferred.rs,
// src/pages.rs): trunk has no step for it, so the post-build hook (finish-build.mjs)
// calls this on the wasm cargo built (linked with --emit-relocs, build.rs)
// and puts the result in place of trunk's unsplit JS and wasm:
// 1. wasm-split-cli moves the code each split point alone reaches into chunks of its own,
//    and writes __wasm_split.js, which fetches a chunk the first time it is needed;
// 2. wasm-bindgen makes the main module's JS, keeping the exports the chunks link to;
// 3. wasm-opt -Oz shrinks each wasm file.
// The set goes into one folder named by a hash of all of it, `tenant-desk-<hash>/`: its
// files name each other (the JS imports __wasm_split.js, which imports the JS back and
// fetches the chunks), so one hash over the set, rather than one per file, keeps every
// name inside stable and still changes the folder's name with any change of content.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const NAME = 'tenant-desk';

/** Runs `command`; its errors are printed, less wasm-opt's notes on the name subsection
 * wasm-split-cli leaves (one a file, of no consequence: wasm-opt drops the names). */
function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      const said = stderr.split('\n').filter((l) => l && !/^warning: unknown name subsection/.test(l));
      if (said.length) console.error(said.join('\n'));
      if (code === 0) resolve();
      else reject(new Error(`split-app.mjs: ${command} failed (exit ${code})`));
    });
  });
}

/** Runs `jobs` (functions that start a promise), as many at once as the machine has cores. */
async function inParallel(jobs) {
  const queue = [...jobs];
  const worker = async () => { while (queue.length) await queue.shift()(); };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), queue.length) }, worker));
}

/**
 * The chunk loader starts a chunk's fetch, then waits for the chunks it depends on before
 * it hands the response to WebAssembly; a fetch that fails meanwhile (offline, or the site
 * updated and the file gone) is an unhandled rejection the page reports as an error. Each
 * fetch is marked handled: the failure still reaches the loader through the same promise,
 * which tells the app (src/components/deferred.rs shows it).
 */
function markFetchesHandled(loaderJs) {
  const text = readFileSync(loaderJs, 'utf8');
  const chunks = readdirSync(dirname(loaderJs)).filter((f) => f.endsWith('.wasm') && f !== `${NAME}_bg.wasm`).length;
  let marked = 0;
  const next = text.replace(/const src = (fetch\(new URL\("\.\/[\w.-]+\.wasm", import\.meta\.url\)\));/g, (_, call) => {
    marked += 1;
    return `const src = ${call}; src.catch(() => {});`;
  });
  if (marked !== chunks) throw new Error(`split-app.mjs: marked ${marked} chunk fetches in ${loaderJs}, expected ${chunks}`);
  writeFileSync(loaderJs, next);
}

/**
 * Splits `rawWasm` (cargo's output, before wasm-bindgen) into `staging`; returns the
 * folder's name and the main JS and wasm paths relative to `staging`.
 */
export async function splitApp(rawWasm, staging) {
  statSync(rawWasm);
  const work = mkdtempSync(join(tmpdir(), `${NAME}-split-`));
  try {
    const split = join(work, 'split');
    const out = join(work, 'out');
    await run('wasm-split-cli', ['--out-name', NAME, rawWasm, split]);
    await run('wasm-bindgen', [
      join(split, `${NAME}.wasm`), `--out-dir=${out}`, `--out-name=${NAME}`,
      '--target=web', '--no-typescript', '--weak-refs', '--keep-lld-exports',
    ]);
    for (const f of readdirSync(split)) {
      if (f !== `${NAME}.wasm`) cpSync(join(split, f), join(out, f));
    }
    markFetchesHandled(join(out, '__wasm_split.js'));
    const files = readdirSync(out).sort();
    // The largest first, so that the main module does not start last.
    const wasm = files.filter((f) => f.endsWith('.wasm')).sort((a, b) => statSync(join(out, b)).size - statSync(join(out, a)).size);
    await inParallel(wasm.map((f) => () => run('wasm-opt', [`--output=${join(out, f)}`, '-Oz', join(out, f)])));
    const hash = createHash('sha256');
    for (const f of files) hash.update(f).update('\0').update(readFileSync(join(out, f)));
    const folder = `${NAME}-${hash.digest('hex').slice(0, 16)}`;
    rmSync(join(staging, folder), { recursive: true, force: true });
    cpSync(out, join(staging, folder), { recursive: true });
    return { folder, js: `${folder}/${NAME}.js`, wasm: `${folder}/${NAME}_bg.wasm` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
