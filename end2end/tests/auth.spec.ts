// The first slice end to end: sign up → mail → verify → sign in →
// dashboard → sign out; wrong password; the login lock; a protected page.
// Each test runs hydrated and with JavaScript disabled (two projects).
import { expect, test } from '@playwright/test';
import { PASSWORD, linkIn, open, settle, signIn, signUp, signUpAndVerify, uniqueEmail, waitForMail } from '../support/helpers';

test('sign up, open the mailed link, sign in, see the operator id, sign out', async ({ page }, info) => {
  const email = uniqueEmail('flow');
  await signUp(page, info, email);
  await expect(page.getByTestId('sent-to')).toHaveText(email);

  const mail = await waitForMail(email);
  expect(mail.subject).toBe('[Gatehouse] Please verify your email address');
  await page.goto(linkIn(mail, '/verify/'));
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Verify your email address');
  await page.getByLabel('The password you chose when signing up').fill(PASSWORD);
  await page.getByRole('button', { name: 'Verify my email address' }).click();
  await expect(page).toHaveURL(/\/login\?verified=1/);
  await expect(page.getByRole('status')).toHaveText('Your email address is verified. You can now sign in.');
  await settle(page, info);
  await signIn(page, info, email, PASSWORD);
  await expect(page.getByTestId('operator-id')).toHaveText(/^OP\d{10}$/);
  await expect(page.getByTestId('signed-in-as')).toContainText(email);
  const operatorId = await page.getByTestId('operator-id').textContent();
  await expect(page.getByTestId('who')).toContainText(operatorId!);

  await settle(page, info);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1/);
  await expect(page.getByRole('status')).toHaveText('You have signed out.');
  await page.goto('/'.replace('/', process.env.BASE_URL + '/'));
  await expect(page).toHaveURL(/\/login\?next=/);
});

test('an unverified account is told to open the link and can get it again', async ({ page }, info) => {
  const email = uniqueEmail('unverified');
  await signUp(page, info, email);
  await waitForMail(email, 1);
  await open(page, info, '/login');
  await signIn(page, info, email, PASSWORD);
  await expect(page.getByRole('alert')).toContainText('(AUM0003)');
  await page.getByRole('button', { name: 'Send the verification link again' }).click();
  await expect(page).toHaveURL(/\/signup\/sent\?.*again=1/);
  const second = await waitForMail(email, 2);
  expect(linkIn(second, '/verify/')).toMatch(/\/verify\/[A-Za-z0-9]{32}$/);
});

test('a wrong password gets one message that reveals nothing', async ({ page }, info) => {
  const email = uniqueEmail('wrong');
  await signUpAndVerify(page, info, email);
  await open(page, info, '/login');
  expect(await signIn(page, info, email, 'not-the-password')).toBe('InvalidCredentials');
  await expect(page.getByRole('alert')).toHaveText('Invalid email address or password. (AUM0002)');
  await expect(page.getByLabel('Email address')).toHaveValue(email);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');

  await open(page, info, '/login');
  expect(await signIn(page, info, uniqueEmail('nobody'), 'not-the-password')).toBe('InvalidCredentials');
  await expect(page.getByRole('alert')).toHaveText('Invalid email address or password. (AUM0002)');
});

test('five wrong passwords lock the account, even for the right one', async ({ page }, info) => {
  const email = uniqueEmail('lock');
  await signUpAndVerify(page, info, email);
  await open(page, info, '/login');
  for (let n = 0; n < 5; n++) {
    expect(await signIn(page, info, email, `wrong-password-${n}`), `attempt ${n + 1}`).toBe('InvalidCredentials');
    await expect(page.getByRole('alert')).toHaveText('Invalid email address or password. (AUM0002)');
    await settle(page, info);
  }
  expect(await signIn(page, info, email, PASSWORD)).toBe('Locked');
  await expect(page.getByRole('alert')).toHaveText('Too many attempts. Please try again after a while. (AUM0131)');
  // The owner is told, with a link that lifts the lock.
  const notice = await waitForMail(email, 2);
  expect(notice.subject).toBe('[Gatehouse] Sign-in was locked');
  expect(linkIn(notice, '/password/reset/')).toMatch(/\/password\/reset\/[A-Za-z0-9]{32}$/);
});

test('a protected page sends a visitor to sign in and back', async ({ page }, info) => {
  const email = uniqueEmail('next');
  await signUpAndVerify(page, info, email);
  await page.goto(process.env.BASE_URL + '/');
  await expect(page).toHaveURL(/\/login\?next=%2F|\/login\?next=\//);
  await settle(page, info);
  await signIn(page, info, email, PASSWORD);
  await expect(page).toHaveURL(new RegExp(`^${process.env.BASE_URL}/$`));
  await expect(page.getByTestId('operator-id')).toHaveText(/^OP\d{10}$/);
});

test('switching to Japanese changes the whole console and is remembered', async ({ page }, info) => {
  const email = uniqueEmail('ja');
  await signUpAndVerify(page, info, email);
  await open(page, info, '/login');
  await page.getByRole('button', { name: '日本語' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ログイン');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await settle(page, info);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('alert')).toHaveText('メールアドレスまたはパスワードが正しくありません。 (AUM0002)');
  await settle(page, info);
  await page.getByLabel('パスワード', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  // The choice is kept in the account: a fresh browser signs in and sees Japanese.
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: info.project.use.javaScriptEnabled });
  const fresh = await context.newPage();
  await fresh.goto(process.env.BASE_URL + '/login');
  await settle(fresh, info);
  await signIn(fresh, info, email, PASSWORD);
  await expect(fresh.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  await context.close();
});
