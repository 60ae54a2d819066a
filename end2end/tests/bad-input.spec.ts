// Bad input gets a clear message tied to its field, never a server error,
// and nothing typed (but passwords) is lost.
import { expect, test, type Page } from '@playwright/test';
import { PASSWORD, linkIn, open, openMailedLink, settle, signIn, uniqueEmail, waitForMail } from '../support/helpers';

async function submitSignUp(page: Page, email: string, password: string, confirm: string) {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Password (again)').fill(confirm);
  await page.getByRole('button', { name: 'Create account' }).click();
}

function watchForServerErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 500) errors.push(`${r.status()} ${r.url()}`);
  });
  return errors;
}

test('empty sign-up fields each say they are required', async ({ page }, info) => {
  const errors = watchForServerErrors(page);
  await open(page, info, '/signup');
  await submitSignUp(page, '', '', '');
  await expect(page.locator('#f-email-error')).toHaveText('This field is required. (AUM0012)');
  await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
  await settle(page, info);
  await submitSignUp(page, uniqueEmail('empty'), '', '');
  await expect(page.locator('#f-password-error')).toHaveText('This field is required. (AUM0012)');
  await settle(page, info);
  await submitSignUp(page, uniqueEmail('empty'), PASSWORD, '');
  await expect(page.locator('#f-confirm-error')).toHaveText('This field is required. (AUM0012)');
  expect(errors).toEqual([]);
});

test('an invalid email address is named as such and kept for correction', async ({ page }, info) => {
  await open(page, info, '/signup');
  await submitSignUp(page, 'alice@@example', PASSWORD, PASSWORD);
  await expect(page.locator('#f-email-error')).toHaveText('Enter a valid email address. (AUM0004)');
  await expect(page.getByLabel('Email address')).toHaveValue('alice@@example');
});

test('a mismatched confirmation is refused', async ({ page }, info) => {
  const email = uniqueEmail('mismatch');
  await open(page, info, '/signup');
  await submitSignUp(page, email, PASSWORD, PASSWORD + 'x');
  await expect(page.locator('#f-confirm-error')).toHaveText('The passwords do not match. (AUM0011)');
  await expect(page.getByLabel('Email address')).toHaveValue(email);
});

test('policy rejections say which rule was broken', async ({ page }, info) => {
  await open(page, info, '/signup');
  await submitSignUp(page, uniqueEmail('short'), 'short', 'short');
  await expect(page.locator('#f-password-error')).toHaveText('The password must be at least 8 characters long. (AUM0010)');
  await settle(page, info);
  await submitSignUp(page, uniqueEmail('common'), 'iloveyou', 'iloveyou');
  await expect(page.locator('#f-password-error')).toHaveText('This password is too common. Choose another one. (AUM0010)');
});

test('10 kB strings get a clear message, not a server error', async ({ page }, info) => {
  const errors = watchForServerErrors(page);
  const huge = 'x'.repeat(10_000);
  await open(page, info, '/signup');
  await submitSignUp(page, `${huge}@example.com`, huge, huge);
  await expect(page.locator('#f-email-error')).toHaveText('This value is too long. (AUM0013)');
  await settle(page, info);
  await submitSignUp(page, uniqueEmail('huge'), huge, huge);
  await expect(page.locator('#f-password-error')).toHaveText('The password must be at most 128 characters long. (AUM0010)');
  await open(page, info, '/login');
  await signIn(page, info, uniqueEmail('huge'), huge);
  await expect(page.locator('#f-password-error')).toHaveText('This value is too long. (AUM0013)');
  expect(errors).toEqual([]);
});

test('a unicode password works from sign-up to sign-in', async ({ page }, info) => {
  const email = uniqueEmail('unicode');
  const password = 'パスワードは長いほど安全🔐';
  await open(page, info, '/signup');
  await submitSignUp(page, email, password, password);
  await expect(page).toHaveURL(/\/signup\/sent/);
  await openMailedLink(page, info, linkIn(await waitForMail(email), '/verify/'), 'Verify my email address', password);
  await expect(page).toHaveURL(/\/login\?verified=1/);
  await settle(page, info);
  await signIn(page, info, email, password);
  await expect(page.getByTestId('operator-id')).toHaveText(/^OP\d{10}$/);
});

test('an unknown page says so with a 404', async ({ page }, info) => {
  const res = await page.goto(process.env.BASE_URL + '/no-such-page');
  expect(res?.status()).toBe(404);
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
});

test('a failed server call answers with a status that fits its code', async ({ request }) => {
  const res = await request.post(`${process.env.BASE_URL}/api/sign_in`, {
    form: { email: uniqueEmail('status'), password: 'not-the-password' },
    headers: { Origin: process.env.BASE_URL! },
  });
  expect(res.status()).toBe(401);
  const body = await res.json();
  expect(body.error).toBe('InvalidCredentials');
  expect(body.code).toBe('AUM0002');
  expect(body.message).toBe('Invalid email address or password. (AUM0002)');
  const empty = await request.post(`${process.env.BASE_URL}/api/sign_in`, {
    form: { email: '', password: 'not-the-password' },
    headers: { Origin: process.env.BASE_URL! },
  });
  expect(empty.status()).toBe(400);
  expect((await empty.json()).code).toBe('AUM0012');
});

test('a form posted from another site is refused', async ({ request }) => {
  const res = await request.post(`${process.env.BASE_URL}/api/sign_in`, {
    form: { email: uniqueEmail('csrf'), password: 'not-the-password' },
    headers: { Origin: 'http://evil.example' },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).code).toBe('AUM0015');
});
