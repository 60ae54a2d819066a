// Pages are server HTML with islands: only the forms, the local times and
// the copy button hydrate. Hydrated, a form answers in place; without
// JavaScript the same form is a plain post and times stay in UTC.
import { expect, test, type ConsoleMessage, type Page } from '@playwright/test';
import { PASSWORD, jsEnabled, open, signIn, signedInUser, uniqueEmail } from '../support/helpers';

test.use({ timezoneId: 'Asia/Tokyo', locale: 'en-US' });

/**
 * Collects the console's warnings and errors (a missing island function is
 * a warning, a panic an error); a refused form's HTTP status is not one.
 */
function consoleProblems(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    const refused = m.text().startsWith('Failed to load resource: the server responded with a status of 4');
    if ((m.type() === 'warning' || m.type() === 'error') && !refused) seen.push(m.text());
  });
  page.on('pageerror', (e) => seen.push(e.message));
  return seen;
}

test('a failed sign-in answers in place once hydrated, and as a new page without JavaScript', async ({ page }, info) => {
  const problems = consoleProblems(page);
  await open(page, info, '/login');
  await expect(page.locator('leptos-island #login-form')).toHaveCount(1);
  if (jsEnabled(info)) await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
  const email = uniqueEmail('island');
  await signIn(page, info, email, PASSWORD);
  await expect(page.getByRole('alert')).toHaveText('Invalid email address or password. (AUM0002)');
  await expect(page.getByLabel('Email address')).toHaveValue(email);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  if (jsEnabled(info)) {
    expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
    await expect(page).not.toHaveURL(/__err=/);
  } else {
    // A real post and a new page, which carries the error back.
    await expect(page).toHaveURL(/\/login\?.*__err=/);
  }
  expect(problems).toEqual([]);
});

test('times show in the browser time zone once hydrated, in UTC without JavaScript', async ({ page }, info) => {
  const problems = consoleProblems(page);
  await signedInUser(page, info, 'localtime');
  await open(page, info, '/security/sessions');
  const created = page.getByTestId('sessions').locator('tbody tr time').first();
  await expect(created).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
  if (jsEnabled(info)) {
    // The browser runs in Tokyo (see `test.use` at the top): the wall time there.
    const iso = (await created.getAttribute('datetime'))!;
    await expect(created).toHaveText(new Date(iso).toLocaleString('en-US', { timeZone: 'Asia/Tokyo' }));
  } else {
    await expect(created).toContainText('UTC');
  }
  expect(problems).toEqual([]);
});
