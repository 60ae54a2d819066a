// A keyboard-only walk (hydrated and without JavaScript): sign in, change
// the password, set up TOTP, sign in again through the MFA step — with Tab,
// typing and Enter only. Every control reached is labelled and shows its
// focus; every error is announced (a live region, tied to its field).
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { PASSWORD, open, remember, settle, signOut, signedInUser, totpCode } from '../support/helpers';

const NEW_PASSWORD = 'meadow-lantern-99';

/** What the focused element is: its accessible name, whether its focus is
 * visible (an outline or a ring), and its tag. */
async function focused(page: Page): Promise<{ name: string; visible: boolean; tag: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: '', visible: false, tag: 'body' };
    const byLabel = (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
    const byRef = (el.getAttribute('aria-labelledby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
    const name = (el.getAttribute('aria-label') ?? '') || byRef || byLabel || el.textContent || (el as HTMLInputElement).value || '';
    const style = getComputedStyle(el);
    const visible =
      (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    return { name: name.replace(/\s+/g, ' ').trim(), visible, tag: el.tagName.toLowerCase() };
  });
}

/** Presses Tab until the focused control's name matches `target`; every
 * control passed on the way must be labelled and show its focus. */
async function tabTo(page: Page, target: RegExp) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.tag === 'body') continue;
    expect(f.name, `a ${f.tag} reached by Tab has a name`).not.toBe('');
    expect(f.visible, `the focus on "${f.name}" is visible`).toBe(true);
    if (target.test(f.name)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Tabs to the field named `label` and types `text` into it. */
async function typeInto(page: Page, label: RegExp, text: string) {
  await tabTo(page, label);
  await page.keyboard.type(text);
}

/** Tabs to the button named `label`, presses Enter, waits for the page. */
async function press(page: Page, info: TestInfo, label: RegExp) {
  await tabTo(page, label);
  await page.keyboard.press('Enter');
  await page.waitForLoadState();
  await settle(page, info);
}

/** The error shown for the field `id` is announced: in a live region or an
 * alert, and the field names it in `aria-describedby`. */
async function expectAnnounced(page: Page, fieldId: string, text: RegExp) {
  const error = page.locator(`#${fieldId}-error`);
  await expect(error).toHaveText(text);
  const announced = await error.evaluate((el) => {
    const live = el.closest('[aria-live], [role="alert"], [role="status"]');
    return live !== null;
  });
  expect(announced, `the error of #${fieldId} is in a live region`).toBe(true);
  await expect(page.locator(`#${fieldId}`)).toHaveAttribute('aria-describedby', new RegExp(`${fieldId}-error`));
}

test('sign in, change the password and set up TOTP with the keyboard alone', async ({ page }, info) => {
  const email = await signedInUser(page, info, 'keys');
  await signOut(page, info);

  // Sign in: a wrong password first, announced; then the right one.
  await open(page, info, '/login');
  await typeInto(page, /^Email address/, email);
  await typeInto(page, /^Password/, 'not-the-password');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('Invalid email address or password. (AUM0002)');
  await settle(page, info);
  await page.locator('body').focus();
  await typeInto(page, /^Password/, PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('operator-id')).toHaveText(/^OP\d{10}$/);
  await settle(page, info);

  // Change the password: the wrong current one is announced at its field.
  await open(page, info, '/security/password');
  await typeInto(page, /^Current password/, 'not-the-password');
  await typeInto(page, /^New password$/, NEW_PASSWORD);
  await typeInto(page, /^New password \(again\)/, NEW_PASSWORD);
  await press(page, info, /^Change password$/);
  await expectAnnounced(page, 'f-current', /\(AUM0019\)/);
  await page.locator('body').focus();
  await typeInto(page, /^Current password/, PASSWORD);
  await typeInto(page, /^New password$/, NEW_PASSWORD);
  await typeInto(page, /^New password \(again\)/, NEW_PASSWORD);
  await press(page, info, /^Change password$/);
  await expect(page.getByRole('status')).toContainText('Your password was changed');

  // Set up TOTP: a wrong code is announced; the right one turns MFA on.
  await open(page, info, '/security/mfa');
  await press(page, info, /^Turn on MFA$/);
  const secret = remember((await page.getByTestId('mfa-secret').textContent())!.trim());
  await typeInto(page, /^Code$/, '000000');
  await page.keyboard.press('Enter');
  await page.waitForLoadState();
  await settle(page, info);
  await expect(page.locator('[role="alert"], [aria-live] .error, .field-error').first()).toContainText('AUM0023');
  await page.locator('body').focus();
  await typeInto(page, /^Code$/, totpCode(secret));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/security\/mfa\/codes/);
  remember(...(await page.getByTestId('recovery-codes').locator('code').allTextContents()));
  await settle(page, info);

  // Sign in again: the MFA step, by keyboard.
  await signOut(page, info);
  await typeInto(page, /^Email address/, email);
  await typeInto(page, /^Password/, NEW_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/login\/mfa/);
  await settle(page, info);
  await typeInto(page, /Code/, totpCode(secret, 1));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('operator-id')).toHaveText(/^OP\d{10}$/);
});
