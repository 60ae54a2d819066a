// The slow-network benchmark (run by `make bench`, not by `make test`):
// /login over an emulated slow 3G link (400 ms latency, 400 kbit/s each
// way) with the CPU slowed ×4. Records first contentful paint, when the
// sign-in form can be used, when the page is hydrated and how many bytes
// (as sent, compressed) and requests that took; checks that a sign-in
// posted before the WASM finished loading succeeds.
import { expect, test, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PASSWORD, signUpAndVerify, uniqueEmail } from '../support/helpers';

async function slow3g(context: BrowserContext, page: Page): Promise<CDPSession> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 400,
    downloadThroughput: (400 * 1000) / 8,
    uploadThroughput: (400 * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return cdp;
}

/** Counts what the page downloads: bytes as sent (compressed, with headers) and requests. */
function countLoads(cdp: CDPSession) {
  const seen = { bytes: 0, requests: 0 };
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    seen.bytes += e.encodedDataLength;
    seen.requests += 1;
  });
  return seen;
}

test('on slow 3G the sign-in form works before hydration and hydrates in time', async ({ page, context }, info) => {
  test.setTimeout(180_000);
  const email = uniqueEmail('slow');
  await signUpAndVerify(page, info, email);
  const cdp = await slow3g(context, page);

  // 1. Form usable (rendered, submittable as a plain POST) and first paint.
  const start = Date.now();
  await page.goto(`${process.env.BASE_URL}/login`, { waitUntil: 'commit' });
  await page.locator('#login-form button[type=submit]').waitFor({ state: 'visible' });
  const usableMs = Date.now() - start;
  const fcpMs = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? performance.now(),
  );

  // 2. Sign in before the WASM has arrived: a plain form post.
  const hydratedAtClick = await page.evaluate(() => document.body.dataset.hydrated === 'true');
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(PASSWORD);
  await page.locator('#login-form button[type=submit]').click();
  await expect(page.getByTestId('operator-id')).toHaveText(/^OP\d{10}$/, { timeout: 60_000 });

  // 3. Time to hydrated on a fresh load, and everything that load fetched
  // (the page, CSS, JS, the WASM and any island parts) as the browser got it.
  await page.goto('about:blank');
  const loaded = countLoads(cdp);
  const again = Date.now();
  await page.goto(`${process.env.BASE_URL}/login?next=/`, { waitUntil: 'commit' });
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 120_000 });
  const hydratedMs = Date.now() - again;

  const result = {
    fcpMs: Math.round(fcpMs),
    usableMs,
    hydratedMs,
    signedInBeforeHydration: !hydratedAtClick,
    loadedBytes: loaded.bytes,
    loadedRequests: loaded.requests,
  };
  console.log(`slow-3g: ${JSON.stringify(result)}`);
  const out = path.resolve(__dirname, '..', '..', 'target', 'bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'slow-network.json'), JSON.stringify(result, null, 2));
  expect(hydratedAtClick, 'the sign-in was posted before hydration').toBe(false);
  info.annotations.push({ type: 'slow-3g', description: JSON.stringify(result) });
});
