// The security page end to end, hydrated and with JavaScript disabled:
// password change, MFA on/off with the sign-in step and recovery codes,
// ending another session, and the activity log.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { PASSWORD, open, remember, settle, signIn, signOut, signedInUser, submitTo, totpCode, waitForMail } from '../support/helpers';

const NEW_PASSWORD = 'meadow-lantern-99';

/** Turns MFA on from the MFA tab; lands on the page that shows the recovery codes once. */
async function turnOnMfa(page: Page, info: TestInfo): Promise<{ secret: string; codes: string[] }> {
  await open(page, info, '/security/mfa');
  await page.getByRole('button', { name: 'Turn on MFA' }).click();
  const secret = (await page.getByTestId('mfa-secret').textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' }).locator('svg')).toBeVisible();
  await settle(page, info);
  await page.getByLabel('Code', { exact: true }).fill(totpCode(secret));
  await page.getByRole('button', { name: 'Confirm and turn on' }).click();
  await expect(page).toHaveURL(/\/security\/mfa\/codes/);
  await expect(page.getByTestId('recovery-codes').locator('code')).toHaveCount(10);
  const codes = await page.getByTestId('recovery-codes').locator('code').allTextContents();
  remember(...codes);
  await settle(page, info);
  return { secret, codes };
}

test('change the password, then only the new one signs in', async ({ page, browser }, info) => {
  const email = await signedInUser(page, info, 'pwchange');
  // A second session, in another browser.
  const other = await browser.newContext({ javaScriptEnabled: info.project.use.javaScriptEnabled });
  const otherPage = await other.newPage();
  await open(otherPage, info, '/login');
  await signIn(otherPage, info, email, PASSWORD);
  await expect(otherPage.getByTestId('operator-id')).toHaveText(/^OP\d{10}$/);
  await page.getByRole('link', { name: 'Security' }).click();
  await expect(page).toHaveURL(/\/security\/password/);
  await settle(page, info);
  await page.getByLabel('Current password').fill('not-the-password');
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('New password (again)').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#f-current-error')).toHaveText('The current password is wrong. (AUM0019)');
  await settle(page, info);
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('New password (again)').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status')).toHaveText('Your password was changed. Your other sessions were signed out.');
  await otherPage.goto(process.env.BASE_URL + '/');
  await expect(otherPage).toHaveURL(/\/login\?next=/);
  await other.close();
  expect((await waitForMail(email, 2)).subject).toBe('[Gatehouse] Your password was changed');
  await signOut(page, info);
  await signIn(page, info, email, PASSWORD);
  await expect(page.getByRole('alert')).toHaveText('Invalid email address or password. (AUM0002)');
  await settle(page, info);
  await signIn(page, info, email, NEW_PASSWORD);
  await expect(page.getByTestId('operator-id')).toHaveText(/^OP\d{10}$/);
});

test('turn on MFA, sign in with a code and with a recovery code, refuse a replay, turn it off', async ({ page }, info) => {
  const email = await signedInUser(page, info, 'mfa');
  const { secret, codes } = await turnOnMfa(page, info);
  expect(new Set(codes).size).toBe(10);
  await expect(page.getByRole('link', { name: 'Download as .txt' })).toHaveAttribute('download', 'gatehouse-recovery-codes.txt');
  await page.getByRole('link', { name: 'I have saved them' }).click();
  await expect(page.getByTestId('codes-left')).toHaveText('10');

  // Password, then a code from the app (the next step: the set-up step is used up).
  await signOut(page, info);
  await signIn(page, info, email, PASSWORD);
  await expect(page).toHaveURL(/\/login\/mfa/);
  await settle(page, info);
  const code = totpCode(secret, 1);
  await page.getByLabel('Code', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('operator-id')).toHaveText(/^OP\d{10}$/);

  // The same code again is refused; a recovery code works.
  await signOut(page, info);
  await signIn(page, info, email, PASSWORD);
  await expect(page).toHaveURL(/\/login\/mfa/);
  await settle(page, info);
  await page.getByLabel('Code', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('#f-code-error')).toHaveText('The code is wrong, malformed or already used. (AUM0023)');
  await settle(page, info);
  await page.getByLabel('Code', { exact: true }).fill(codes[0]);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('operator-id')).toHaveText(/^OP\d{10}$/);

  await open(page, info, '/security/mfa');
  await expect(page.getByTestId('codes-left')).toHaveText('9');
  await page.locator('#mfa-disable-form').getByLabel('Current password').fill(PASSWORD);
  await page.locator('#mfa-disable-form').getByLabel('Code', { exact: true }).fill(codes[1]);
  await page.getByRole('button', { name: 'Turn off MFA' }).click();
  await expect(page.getByRole('status')).toHaveText('MFA is off.');
  await expect(page.getByTestId('mfa-state')).toContainText('MFA is off');

  await open(page, info, '/security/activity');
  for (const label of ['MFA turned off', 'Recovery code used', 'MFA code refused', 'MFA turned on', 'Signed in']) {
    await expect(page.getByTestId('activity')).toContainText(label);
  }
});

test('end another session from the sessions tab', async ({ page, browser }, info) => {
  const email = await signedInUser(page, info, 'sessions');
  const other = await browser.newContext({ javaScriptEnabled: info.project.use.javaScriptEnabled });
  const otherPage = await other.newPage();
  await open(otherPage, info, '/login');
  await signIn(otherPage, info, email, PASSWORD);
  await expect(otherPage.getByTestId('operator-id')).toHaveText(/^OP\d{10}$/);

  await open(page, info, '/security/sessions');
  const rows = page.getByTestId('sessions').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('sessions')).toContainText('This session');
  await expect(page.getByTestId('sessions')).toContainText('Chrome');
  await page.getByRole('button', { name: 'Sign out this session' }).click();
  await expect(page.getByRole('status')).toHaveText('The session was ended.');
  await expect(rows).toHaveCount(1);

  await otherPage.goto(process.env.BASE_URL + '/');
  await expect(otherPage).toHaveURL(/\/login\?next=/);
  await other.close();
});

test('the MFA step refuses bad codes and a replayed or broken pending login', async ({ page, context }, info) => {
  const email = await signedInUser(page, info, 'mfabad');
  const { codes } = await turnOnMfa(page, info);
  await signOut(page, info);

  await signIn(page, info, email, PASSWORD);
  await expect(page).toHaveURL(/\/login\/mfa/);
  await settle(page, info);
  for (const bad of ['12a456', '12345', '1234567']) {
    await page.getByLabel('Code', { exact: true }).fill(bad);
    expect(await submitTo(page, page.getByRole('button', { name: 'Verify' }), '/api/sign_in_mfa')).toBe('MfaCodeInvalid');
    await expect(page.locator('#f-code-error')).toHaveText('The code is wrong, malformed or already used. (AUM0023)');
    await settle(page, info);
  }
  const pending = (await context.cookies()).find((c) => c.name === 'gh_mfa')!;
  await page.getByLabel('Code', { exact: true }).fill(codes[0]);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('operator-id')).toHaveText(/^OP\d{10}$/);

  // The used pending login cannot be replayed.
  await context.addCookies([pending]);
  await open(page, info, '/login/mfa');
  await page.getByLabel('Code', { exact: true }).fill(codes[1]);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toContainText('(AUM0024)');
  await expect(page.getByRole('link', { name: 'Sign in again' })).toBeVisible();

  // Nor can a broken one.
  await context.addCookies([{ ...pending, value: 'garbage%25' }]);
  await open(page, info, '/login/mfa');
  await page.getByLabel('Code', { exact: true }).fill(codes[1]);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toContainText('(AUM0024)');
});

test('the security page speaks Japanese', async ({ page }, info) => {
  await signedInUser(page, info, 'secja');
  await page.getByRole('button', { name: '日本語' }).click();
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  await open(page, info, '/security/mfa');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('多要素認証 (MFA)');
  await expect(page.getByRole('link', { name: 'アクティビティ' })).toBeVisible();
});

test('after signing out, the back button shows no recovery codes', async ({ page }, info) => {
  await signedInUser(page, info, 'back');
  await turnOnMfa(page, info);
  await signOut(page, info);
  await page.goBack();
  await expect(page).toHaveURL(/\/security\/mfa\/codes/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByTestId('recovery-codes')).toHaveCount(0);
  await expect(page.locator('code')).toHaveCount(0);
});

test('with MFA on, setting a recovery address asks for a current code too', async ({ page }, info) => {
  const email = await signedInUser(page, info, 'mfa-addr');
  const { secret } = await turnOnMfa(page, info);
  const backup = email.replace('@', '-backup@');
  await open(page, info, '/email');
  const form = page.locator('#recovery-form');
  await form.getByLabel('Recovery email address').fill(backup);
  await form.getByLabel('Current password').fill(PASSWORD);
  const missing = await submitTo(page, page.getByRole('button', { name: 'Save recovery address' }), '/api/set_recovery_email');
  expect(missing).not.toBeNull();
  await expect(page.locator('#f-recovery-code-error')).toHaveText('This field is required. (AUM0012)');
  await settle(page, info);
  await form.getByLabel('Recovery email address').fill(backup);
  await form.getByLabel('Current password').fill(PASSWORD);
  await form.getByLabel('Code', { exact: true }).fill(totpCode(secret, 1));
  expect(await submitTo(page, page.getByRole('button', { name: 'Save recovery address' }), '/api/set_recovery_email')).toBeNull();
  await expect(page.getByTestId('pending-recovery')).toContainText(backup);
});
