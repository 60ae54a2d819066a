// The site's last steps, run by `cargo xtask` with the npm tools that
// end2end/ installs:
//   - the CSS through lightningcss (vendor prefixes for the `defaults`
//     browsers; minified in release builds);
//   - release builds: the JS glue and the split loader minified by terser,
//     then .br and .gz siblings of the JS, WASM (the main module and the
//     per-island parts) and CSS, which the server sends to browsers that
//     accept them;
//   - debug builds: stale siblings removed, so they never shadow new files.
// Usage: node xtask/finish.mjs <pkg dir> <output name> <style.css> [--release]
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

// The split WASM's per-island files and their loader (xtask/src/split.rs).
const parts = readdirSync(pkg).filter(
  (f) => /^(split_|chunk_).*\.wasm$/.test(f) || /^__wasm_split\..*\.js$/.test(f),
);
const outputs = [
  ...['js', 'wasm', 'css'].map((ext) => path.join(pkg, `${name}.${ext}`)),
  ...parts.map((f) => path.join(pkg, f)),
];
if (release) {
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
