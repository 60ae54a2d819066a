// The console's CSS, JS and WASM: named inside a content-version folder,
// kept by browsers for a year, and gone once another build replaced them.
import { expect, test } from '@playwright/test';

test('scripts and styles are cached for a year under their content version', async ({ request }) => {
  const html = await (await request.get(`${process.env.BASE_URL}/login`)).text();
  const assets = [...new Set(html.match(/\/pkg\/[0-9a-f]{16}\/gatehouse\.(css|js|wasm)/g) ?? [])].sort();
  expect(assets.map((a) => a.split('.').pop())).toEqual(['css', 'js', 'wasm']);
  for (const asset of assets) {
    const res = await request.get(`${process.env.BASE_URL}${asset}`);
    expect(res.status(), asset).toBe(200);
    expect(res.headers()['cache-control'], asset).toBe('public, max-age=31536000, immutable');
  }
  const stale = assets[0].replace(/\/pkg\/[0-9a-f]{16}\//, '/pkg/0000000000000000/');
  expect((await request.get(`${process.env.BASE_URL}${stale}`)).status()).toBe(404);
  const plain = await request.get(`${process.env.BASE_URL}/pkg/gatehouse.css`);
  expect(plain.headers()['cache-control']).toBe('no-cache');
});
