// Forgot / reset password, email settings and /recover end to end, with
// real mail through maildev, hydrated and with JavaScript disabled.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import {
  PASSWORD, linkIn, mailsTo, open, openMailedLink, settle, signIn, signOut, signUpAndVerify, signedInUser, submitTo,
  uniqueEmail, waitForMail,
} from '../support/helpers';

const NEW_PASSWORD = 'meadow-lantern-99';

async function askForReset(page: Page, info: TestInfo, email: string) {
  await open(page, info, '/login');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page).toHaveURL(/\/password\/forgot$/);
  await settle(page, info);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page).toHaveURL(/\/password\/forgot\/sent/);
  await expect(page.getByTestId('sent-to')).toHaveText(email);
  await expect(page.getByText('We sent an email to reset your password to the address below.')).toBeVisible();
  await expect(page.getByText('Look in your spam or junk folder.')).toBeVisible();
}

async function setNewPassword(page: Page, info: TestInfo, password: string) {
  await settle(page, info);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('New password (again)').fill(password);
  await page.getByRole('button', { name: 'Save' }).click();
}

test('forgot password: mail, link, new password, sign in with it', async ({ page }, info) => {
  const email = uniqueEmail('reset');
  await signUpAndVerify(page, info, email);
  await askForReset(page, info, email);
  const mail = await waitForMail(email, 2);
  expect(mail.subject).toBe('[Gatehouse] Password reset URL');
  const link = linkIn(mail, '/password/reset/');
  await page.goto(link);
  await expect(page.getByTestId('reset-for')).toHaveText(email);
  await setNewPassword(page, info, 'short');
  await expect(page.locator('#f-password-error')).toHaveText('The password must be at least 8 characters long. (AUM0010)');
  await setNewPassword(page, info, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/login\?reset=1/);
  await expect(page.getByRole('status')).toHaveText('Your password was reset. Sign in with your new password.');
  await settle(page, info);
  await signIn(page, info, email, PASSWORD);
  await expect(page.getByRole('alert')).toContainText('(AUM0002)');
  await settle(page, info);
  await signIn(page, info, email, NEW_PASSWORD);
  await expect(page.getByTestId('operator-id')).toHaveText(/^OP\d{10}$/);
  expect((await waitForMail(email, 3)).subject).toBe('[Gatehouse] Your password was changed');

  // The link works once.
  await page.goto(link);
  await expect(page.getByRole('alert')).toHaveText('The password reset token is invalid. (AUM0006)');
  await expect(page.getByRole('link', { name: 'Start again from step 1' })).toHaveAttribute('href', '/password/forgot');
});

test('a reset link altered by a mail client says the token is invalid', async ({ page }, info) => {
  const email = uniqueEmail('altered');
  await signUpAndVerify(page, info, email);
  await askForReset(page, info, email);
  const link = linkIn(await waitForMail(email, 2), '/password/reset/');
  for (const suffix of ['%', '.', '%3E']) {
    await page.goto(link + suffix);
    await expect(page.getByRole('alert')).toHaveText('The password reset token is invalid. (AUM0006)');
  }
  await page.goto(link);
  await expect(page.getByTestId('reset-for')).toHaveText(email);
});

test('an unknown address gets the same confirmation and no mail', async ({ page }, info) => {
  const email = uniqueEmail('unknown');
  await askForReset(page, info, email);
  await page.waitForTimeout(1000);
  expect(await mailsTo(email)).toHaveLength(0);
});

test('change the primary address: link to the new one, notice to the old one', async ({ page }, info) => {
  const email = await signedInUser(page, info, 'primary');
  const next = uniqueEmail('primary-new');
  await page.getByRole('link', { name: 'Email settings' }).click();
  await expect(page.getByTestId('primary')).toHaveText(email);
  await settle(page, info);
  await page.getByLabel('New email address').fill(next);
  await page.locator('#email-change-form').getByLabel('Current password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Change primary address' }).click();
  await expect(page.getByTestId('pending-primary')).toContainText(next);
  const mail = await waitForMail(next);
  expect(mail.subject).toBe('[Gatehouse] Confirm your new email address');
  await openMailedLink(page, info, linkIn(mail, '/email/confirm/'), 'Confirm this address');
  await expect(page).toHaveURL(/\/email\/done\?which=primary/);
  await expect(page.getByRole('status')).toHaveText('Your primary email address was changed. Sign in with the new address from now on.');
  const notice = await waitForMail(email, 2);
  expect(notice.subject).toBe('[Gatehouse] Your primary email address was changed');
  await open(page, info, '/email');
  await expect(page.getByTestId('primary')).toHaveText(next);
  await signOut(page, info);
  await signIn(page, info, next, PASSWORD);
  await expect(page.getByTestId('operator-id')).toHaveText(/^OP\d{10}$/);
});

test('add a recovery address, verify it, and recover a lost primary mailbox', async ({ page }, info) => {
  const email = await signedInUser(page, info, 'recovery');
  const backup = uniqueEmail('backup');
  await open(page, info, '/email');
  await page.locator('#recovery-form').getByLabel('Recovery email address').fill(backup);
  await submitTo(page, page.getByRole('button', { name: 'Save recovery address' }), '/api/set_recovery_email');
  await expect(page.locator('#f-recovery-current-error')).toHaveText('This field is required. (AUM0012)');
  await settle(page, info);
  await page.locator('#recovery-form').getByLabel('Recovery email address').fill(backup);
  await page.locator('#recovery-form').getByLabel('Current password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Save recovery address' }).click();
  await expect(page.getByTestId('pending-recovery')).toContainText(backup);
  await expect(page.getByTestId('recovery')).toHaveText('No recovery address is set.');
  await openMailedLink(page, info, linkIn(await waitForMail(backup), '/email/recovery/'), 'Confirm this address');
  await expect(page.getByRole('status')).toHaveText('Your recovery email address is verified.');
  expect((await waitForMail(email, 2)).subject).toBe('[Gatehouse] Your recovery email address was changed');
  await open(page, info, '/email');
  await expect(page.getByTestId('recovery')).toHaveText(backup);
  await signOut(page, info);

  // Lost the primary mailbox: go through the recovery address.
  await page.getByRole('link', { name: 'Lost access to your email address?' }).click();
  await settle(page, info);
  await page.getByLabel('Recovery email address').fill(backup);
  await page.getByRole('button', { name: 'Send link' }).click();
  await expect(page.getByTestId('sent-to')).toHaveText(backup);
  await page.goto(linkIn(await waitForMail(backup, 2), '/recover/'));
  await settle(page, info);
  const fresh = uniqueEmail('fresh');
  await page.getByLabel('New email address').fill(fresh);
  await page.getByRole('button', { name: 'Send confirmation link' }).click();
  await expect(page).toHaveURL(/\/recover\/chosen/);
  expect((await waitForMail(email, 3)).subject).toBe('[Gatehouse] Someone started recovering your account');
  await openMailedLink(page, info, linkIn(await waitForMail(fresh), '/email/confirm/'), 'Confirm this address');
  await expect(page.getByTestId('reset-for')).toHaveText(fresh);
  await setNewPassword(page, info, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/login\?reset=1/);
  await settle(page, info);
  await signIn(page, info, fresh, NEW_PASSWORD);
  await expect(page.getByTestId('operator-id')).toHaveText(/^OP\d{10}$/);
  expect((await mailsTo(email)).some((m) => m.subject === '[Gatehouse] Your primary email address was changed')).toBe(true);
});

test('the reset mail comes in Japanese for a Japanese account', async ({ page }, info) => {
  const email = await signedInUser(page, info, 'resetja');
  await page.getByRole('button', { name: '日本語' }).click();
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  await settle(page, info);
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page).toHaveURL(/\/login/);
  await open(page, info, '/password/forgot');
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByRole('button', { name: '再設定用リンクを送信' }).click();
  await expect(page.getByTestId('sent-to')).toHaveText(email);
  expect((await waitForMail(email, 2)).subject).toBe('[Gatehouse]パスワード変更用URLのお知らせ');
});
