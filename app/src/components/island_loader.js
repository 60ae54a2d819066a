// Loads the console's WASM and hydrates the islands of the page. Each
// island's code is a file of its own (the build splits the WASM at the
// lazy islands), fetched when its island is hydrated, so a page downloads
// only what its islands use. Islands hydrate side by side; one inside
// another waits for its parent. When every island is done, the body gets
// `data-hydrated="true"` (end-to-end tests wait for it).
(async (pkg, name) => {
  const glue = await import(`${pkg}/${name}.js`);
  await glue.default({ module_or_path: `${pkg}/${name}.wasm` });
  glue.hydrate();
  const done = new Map();
  for (const el of document.querySelectorAll('leptos-island')) {
    const hydrate = glue[el.dataset.component];
    const parent = el.parentElement && el.parentElement.closest('leptos-island');
    const after = (parent && done.get(parent)) || Promise.resolve();
    done.set(
      el,
      after.then(() => {
        if (hydrate) return hydrate(el);
        console.warn(`No WASM function for the island ${el.dataset.component}.`);
      }),
    );
  }
  await Promise.all(done.values());
  document.body.setAttribute('data-hydrated', 'true');
})
