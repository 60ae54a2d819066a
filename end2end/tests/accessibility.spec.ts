// axe-core on every page of the console, in English and in Japanese,
// hydrated and without JavaScript (the suite's two projects): not one
// serious or critical violation.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { baseUrl, jsEnabled, open, signedInUser } from '../support/helpers';

/** Pages anyone may open (links with made-up tokens show their error page). */
const SIGNED_OUT = [
  '/login',
  '/login/sam',
  '/signup',
  '/signup/sent',
  '/password/forgot',
  '/password/forgot/sent',
  '/password/reset/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  '/verify/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  '/recover',
  '/recover/sent',
  '/recover/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  '/email/done',
  '/no-such-page',
];

/** Pages of a signed-in root user. */
const SIGNED_IN = [
  '/',
  '/security/password',
  '/security/mfa',
  '/security/auth-keys',
  '/security/sessions',
  '/security/activity',
  '/email',
  '/email/confirm/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  '/users',
  '/users/nobody',
  '/roles',
  '/roles/nothing',
];

/** The serious and critical violations on the open page, one line each. */
async function violations(page: Page, path: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  // The audit ran on the page's content (labels, names, contrast, …).
  expect(result.passes.length, `${path}: rules that passed`).toBeGreaterThan(10);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${path}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}: ${v.help}`);
}

/**
 * A page to audit as `page`'s browser sees the console. axe runs as a
 * script, so for the project without JavaScript the audit page is a
 * browser that runs scripts but is given none of the console's (every
 * script request is refused): it shows exactly the server's HTML, with the
 * same cookies.
 */
async function auditPage(browser: Browser, page: Page, info: TestInfo): Promise<Page> {
  if (jsEnabled(info)) return page;
  const context = await browser.newContext({ javaScriptEnabled: true });
  await context.route('**/*', (route) =>
    route.request().resourceType() === 'script' || route.request().url().endsWith('.wasm') ? route.abort() : route.continue(),
  );
  await context.addCookies(await page.context().cookies());
  return context.newPage();
}

async function auditAll(browser: Browser, page: Page, info: TestInfo, paths: string[], lang: string) {
  await page.context().addCookies([{ name: 'lang', value: lang, url: baseUrl() }]);
  const audit = await auditPage(browser, page, info);
  const found: string[] = [];
  for (const path of paths) {
    if (audit === page) {
      await open(page, info, path);
    } else {
      await audit.goto(baseUrl() + path);
      await expect(audit.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
    }
    await expect(audit.locator('html')).toHaveAttribute('lang', lang);
    found.push(...(await violations(audit, path)));
  }
  if (audit !== page) await audit.context().close();
  expect(found, found.join('\n')).toEqual([]);
}

for (const lang of ['en', 'ja']) {
  test(`every signed-out page has no serious accessibility violation (${lang})`, async ({ browser, page }, info) => {
    await auditAll(browser, page, info, SIGNED_OUT, lang);
  });

  test(`every signed-in page has no serious accessibility violation (${lang})`, async ({ browser, page }, info) => {
    await signedInUser(page, info, `a11y-${lang}`);
    await auditAll(browser, page, info, SIGNED_IN, lang);
  });
}
