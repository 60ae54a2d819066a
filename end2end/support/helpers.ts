// Shared steps of the end-to-end tests: opening pages (waiting for
// hydration when JavaScript is on), reading mail from maildev, and the
// sign-up → verify → sign-in path.
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { appendFileSync } from 'node:fs';
import { SECRETS_FILE } from './global-setup';

export const PASSWORD = 'tulip-river-42';

export function baseUrl(): string {
  const url = process.env.BASE_URL;
  if (!url) throw new Error('BASE_URL is not set: run through playwright.config.ts (global-setup)');
  return url;
}

export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export function jsEnabled(info: TestInfo): boolean {
  return info.project.use.javaScriptEnabled !== false;
}

/** Opens a console path; with JavaScript on, waits until the page is hydrated. */
export async function open(page: Page, info: TestInfo, path: string) {
  await page.goto(baseUrl() + path);
  await settle(page, info);
}

/** After a navigation, waits for hydration when JavaScript is on. */
export async function settle(page: Page, info: TestInfo) {
  if (jsEnabled(info)) await page.waitForSelector('body[data-hydrated="true"]');
}

type Mail = { to: { address: string }[]; subject: string; text: string; time: string };

/** Waits until maildev holds `count` mails to `to`, and returns the newest. */
export async function waitForMail(to: string, count = 1): Promise<Mail> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    const res = await fetch(`${process.env.MAILDEV_URL}/email`);
    const mails = ((await res.json()) as Mail[]).filter((m) => m.to.some((t) => t.address === to));
    if (mails.length >= count) return mails[mails.length - 1];
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail #${count} to ${to} arrived in maildev`);
}

/** All mails to `to` so far. */
export async function mailsTo(to: string): Promise<Mail[]> {
  const res = await fetch(`${process.env.MAILDEV_URL}/email`);
  return ((await res.json()) as Mail[]).filter((m) => m.to.some((t) => t.address === to));
}

/** The console link in a mail that starts with `path` (e.g. `/verify/`). */
export function linkIn(mail: Mail, path: string): string {
  const m = mail.text.match(new RegExp(`https?://[^\\s]+${path}[A-Za-z0-9-]+`));
  if (!m) throw new Error(`no ${path} link in mail "${mail.subject}"`);
  return m[0];
}

export async function signUp(page: Page, info: TestInfo, email: string, password = PASSWORD) {
  await open(page, info, '/signup');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Password (again)').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/signup\/sent/);
  await settle(page, info);
}

export async function signUpAndVerify(page: Page, info: TestInfo, email: string, password = PASSWORD) {
  await signUp(page, info, email, password);
  const mail = await waitForMail(email);
  await openMailedLink(page, info, linkIn(mail, '/verify/'), 'Verify my email address', password);
  await expect(page).toHaveURL(/\/login\?verified=1/);
  await expect(page.getByRole('status')).toContainText('Your email address is verified');
  await settle(page, info);
}

/**
 * Opens a mailed link and presses its button (opening alone changes
 * nothing: link scanners open links too). A verification link also takes
 * the password chosen at sign-up.
 */
export async function openMailedLink(page: Page, info: TestInfo, link: string, button: string, password?: string) {
  await page.goto(link);
  await settle(page, info);
  if (password !== undefined) {
    await page.getByLabel('The password you chose when signing up').fill(password);
  }
  await submitTo(page, page.getByRole('button', { name: button }), '/api/open_mailed_link');
}

/** Fills and posts the sign-in form; the error of this attempt, or `null`. */
export async function signIn(page: Page, info: TestInfo, email: string, password: string): Promise<string | null> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  return submitTo(page, page.getByRole('button', { name: 'Sign in' }), '/api/sign_in');
}

/**
 * Clicks a submit button, waits for the server's answer to `endpoint` (a
 * fetch once hydrated, the form post without JavaScript) and for the page
 * to show it, and returns the error of *this* attempt (its name, e.g.
 * `InvalidCredentials`, or `null` on success). A message left on the page
 * by an earlier attempt is never mistaken for the new one: without
 * JavaScript the errors shown before are marked and the new page must have
 * none of the marks; once hydrated, the answer's own error is returned.
 */
export async function submitTo(page: Page, button: Locator, endpoint: string): Promise<string | null> {
  await page.evaluate(() => document.querySelectorAll('[role="alert"]').forEach((e) => e.setAttribute('data-stale', '1')));
  const [res] = await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === endpoint), button.click()]);
  if (res.request().isNavigationRequest()) {
    await expect(page.locator('[data-stale]')).toHaveCount(0);
    // The page posted from may carry an earlier error too: this answer's is the last.
    const err = new URL(res.headers()['location'] ?? '/', baseUrl()).searchParams.getAll('__err').pop();
    return err ? errorName((JSON.parse(Buffer.from(err, 'base64').toString('utf8')) as { error: unknown }).error) : null;
  }
  // The island applies the answer right after the fetch resolves (or the
  // page moves on, which ends this wait too).
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))).catch(() => {});
  const body = res.ok() ? null : ((await res.json()) as { error: unknown });
  if (!body) return null;
  return errorName(body.error);
}

/** The name of an error as serde sends it: `"Locked"`, or `{"PolicyInvalid": …}`. */
function errorName(error: unknown): string {
  return typeof error === 'string' ? error : Object.keys(error as object)[0];
}

/** Notes secrets a spec met, so the end of the run can check that none of
 * them reached the server's log (see global-teardown). Returns the first. */
export function remember<T extends string>(...secrets: T[]): T {
  appendFileSync(SECRETS_FILE, secrets.map((s) => `${s}\n`).join(''));
  return secrets[0];
}

/** The TOTP code an authenticator app shows for `secret` at `offsetSteps` from now. */
export function totpCode(secret: string, offsetSteps = 0): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { TOTP, Secret } = require('otpauth') as typeof import('otpauth');
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  const code = totp.generate({ timestamp: Date.now() + offsetSteps * 30_000 });
  remember(secret, code);
  return code;
}

/** Signs up, verifies and signs in a new user; lands on the dashboard. */
export async function signedInUser(page: Page, info: TestInfo, tag: string): Promise<string> {
  const email = uniqueEmail(tag);
  await signUpAndVerify(page, info, email);
  await open(page, info, '/login');
  await signIn(page, info, email, PASSWORD);
  await expect(page.getByTestId('operator-id')).toHaveText(/^OP\d{10}$/);
  await settle(page, info);
  return email;
}

/** Signs out from the account menu. */
export async function signOut(page: Page, info: TestInfo) {
  await settle(page, info);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1/);
  await settle(page, info);
}
