// The site's last steps, run by `cargo xtask` with the npm tools that
// end2end/ installs (binaryen, lightningcss, terser):
//   - the CSS through lightningcss (vendor prefixes for the `defaults`
//     browsers; minified in release builds);
//   - release builds: every WASM file through binaryen's optimizer (-Oz),
//     the JS glue and the split loader minified by terser,
//     then .br and .gz siblings of the JS, WASM (the main module and the
//     per-island parts) and CSS, which the server sends to browsers that
//     accept them;
//   - debug builds: stale siblings removed, so they never shadow new files.
// Usage: node xtask/finish.mjs <pkg dir> <output name> <style.css> [--release]
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const [pkg, name, style] = process.argv.slice(2);
const release = process.argv.includes('--release');
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(path.join(root, 'end2end', 'package.json'));
const { transform, browserslistToTargets } = require('lightningcss');
const browserslist = require('browserslist');

const css = transform({
  filename: style,
  code: readFileSync(style),
  minify: release,
  targets: browserslistToTargets(browserslist('defaults')),
});
for (const w of css.warnings) console.warn(`${style}: ${w.message}`);
writeFileSync(path.join(pkg, `${name}.css`), css.code);

// The main files and the split WASM's per-island parts and loader
// (xtask/src/split.rs): every JS, WASM and CSS file the build wrote.
const outputs = readdirSync(pkg)
  .filter((f) => /\.(js|wasm|css)$/.test(f))
  .map((f) => path.join(pkg, f));
if (release) {
  // binaryen's `wasm-opt -Oz` on every WASM file, through its JS API in this
  // one process: the CLI's start-up alone takes about a second per file.
  const binaryen = (await import(pathToFileURL(require.resolve('binaryen')).href)).default;
  binaryen.setOptimizeLevel(2);
  binaryen.setShrinkLevel(2);
  const F = binaryen.Features;
  // The features rustc's wasm32 target emits by default (bulk memory in
  // binaryen's two halves, as `--enable-bulk-memory` turns on both).
  const features =
    F.BulkMemory |
    F.BulkMemoryOpt |
    F.NontrappingFPToInt |
    F.SignExt |
    F.MutableGlobals |
    F.ReferenceTypes |
    F.Multivalue;
  for (const file of outputs.filter((f) => f.endsWith('.wasm'))) {
    const module = binaryen.readBinary(readFileSync(file));
    module.setFeatures(features);
    module.optimize();
    writeFileSync(file, module.emitBinary());
    module.dispose();
  }
  const { minify } = require('terser');
  for (const js of outputs.filter((f) => f.endsWith('.js'))) {
    const min = await minify(readFileSync(js, 'utf8'), { module: true, compress: true, mangle: true });
    writeFileSync(js, min.code);
  }
  for (const file of outputs) {
    const raw = readFileSync(file);
    const br = brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    });
    writeFileSync(`${file}.br`, br);
    writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
    console.log(`${path.basename(file)}: ${raw.length} B, brotli ${br.length} B`);
  }
} else {
  for (const file of outputs) {
    for (const sibling of [`${file}.br`, `${file}.gz`]) if (existsSync(sibling)) rmSync(sibling);
  }
}
