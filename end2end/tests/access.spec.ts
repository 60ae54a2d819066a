// Users & roles end to end, hydrated and with JavaScript disabled: the
// root user makes a role and a SAM user, the SAM user signs in with the
// operator id, sees only what its role allows (the server refuses the
// rest, whatever is typed or posted by hand), then turns MFA on for itself.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { baseUrl, open, remember, settle, signOut, signedInUser, submitTo, totpCode, waitForMail } from '../support/helpers';

const SAM_PASSWORD = 'harbor-violet-73';
const LIST_ONLY = '{"statements":[{"effect":"allow","api":"User:listUsers"}]}';

/** Signs a SAM user in from `/login/sam`; the error of this attempt, or `null`. */
async function samSignIn(page: Page, operatorId: string, name: string, password: string): Promise<string | null> {
  await page.getByLabel('Operator ID').fill(operatorId);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(password);
  return submitTo(page, page.getByRole('button', { name: 'Sign in' }), '/api/sign_in_sam');
}

/** As the root user: a role that allows only listing users, and user `name` with it and a password. */
async function rootMakesReader(page: Page, info: TestInfo, name: string) {
  await page.getByTestId('menu-access').click();
  await expect(page).toHaveURL(/\/users$/);
  await settle(page, info);
  await page.getByRole('link', { name: 'Roles', exact: true }).click();
  await expect(page).toHaveURL(/\/roles$/);
  await settle(page, info);

  // A broken document is refused with its place and kept as typed.
  const broken = '{"statements": [\n  {"effect": "allow", "api": "User:listUsers", "when": 1}\n]}';
  await page.getByLabel('Role ID').fill('list-only');
  await page.getByLabel('Permission document (JSON)').fill(broken);
  const err = await submitTo(page, page.getByRole('button', { name: 'Create role' }), '/api/create_role');
  expect(err).toBe('PolicyInvalid');
  await expect(page.locator('#f-permission-error')).toContainText('"when" is not part of a permission document (line 2, column 53)');
  await expect(page.locator('#f-permission-error')).toContainText('(AUM0029)');
  await expect(page.getByLabel('Permission document (JSON)')).toHaveValue(broken);
  await settle(page, info);

  await page.getByLabel('Role ID').fill('list-only');
  await page.getByLabel('Permission document (JSON)').fill(LIST_ONLY);
  await page.getByRole('button', { name: 'Create role' }).click();
  await expect(page).toHaveURL(/\/roles\/list-only\?created=1/);
  await settle(page, info);

  await open(page, info, '/users');
  await page.getByLabel('User name').fill('bad name');
  expect(await submitTo(page, page.getByRole('button', { name: 'Create user' }), '/api/create_user')).toBe('NameInvalid');
  await expect(page.locator('#f-name-error')).toContainText('(AUM0030)');
  await settle(page, info);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Description').fill('reads the user list');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page).toHaveURL(new RegExp(`/users/${name}\\?tab=access&created=1`));
  await settle(page, info);

  await page.getByLabel('New password', { exact: true }).fill(SAM_PASSWORD);
  await page.getByLabel('New password (again)').fill(SAM_PASSWORD);
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByTestId('console-access')).toContainText('password set');
  await settle(page, info);

  await page.getByRole('link', { name: 'Roles', exact: true }).last().click();
  await expect(page).toHaveURL(/tab=roles/);
  await settle(page, info);
  await page.getByLabel('Attach a role').selectOption('list-only');
  await page.getByRole('button', { name: 'Attach' }).click();
  await expect(page.getByTestId('user-roles')).toContainText('list-only');
  await settle(page, info);
}

test('a SAM user sees what its role allows and nothing more, then turns MFA on', async ({ page }, info) => {
  const name = `reader${Date.now() % 100000}`;
  await signedInUser(page, info, 'access');
  const operatorId = (await page.getByTestId('operator-id').textContent())!.trim();
  await rootMakesReader(page, info, name);
  await signOut(page, info);

  // SAM sign-in from the root sign-in page's link.
  await page.getByTestId('to-sam-login').click();
  await expect(page).toHaveURL(/\/login\/sam/);
  await settle(page, info);
  expect(await samSignIn(page, operatorId, name, 'wrong-password-1')).toBe('InvalidCredentials');
  await expect(page.getByRole('alert')).toHaveText('Invalid email address or password. (AUM0002)');
  await expect(page.getByLabel('Operator ID')).toHaveValue(operatorId);
  await expect(page.getByLabel('User name')).toHaveValue(name);
  await settle(page, info);
  expect(await samSignIn(page, operatorId, name, SAM_PASSWORD)).toBeNull();
  await expect(page.getByTestId('signed-in-as')).toContainText(`${name} (SAM user)`);
  await expect(page.getByTestId('who')).toContainText(operatorId);
  await expect(page.getByRole('link', { name: 'Email settings' })).toHaveCount(0);

  // The list, but no way to create.
  await page.getByTestId('menu-access').click();
  await expect(page.getByTestId('user-list')).toContainText(name);
  await expect(page.getByRole('button', { name: 'Create user' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Roles', exact: true })).toHaveCount(0);

  // Posting the create form by hand, and opening /roles by URL, are refused with the code.
  const posted = await page.request.post(`${baseUrl()}/api/create_user`, {
    form: { name: 'intruder', description: '' },
    headers: { Origin: baseUrl() },
  });
  expect(posted.status()).toBe(403);
  expect(await posted.text()).toContain('AUM0017');
  await open(page, info, '/roles');
  await expect(page.locator('[data-code="AUM0017"]')).toHaveText(
    'You do not have permission to do this (Role:listRoles). Ask the root user or an administrator of this operator. (AUM0017)',
  );
  await expect(page.getByTestId('role-list')).toHaveCount(0);

  // The same, in Japanese.
  await page.getByRole('button', { name: '日本語' }).click();
  await settle(page, info);
  await expect(page.locator('[data-code="AUM0017"]')).toHaveText(
    'この操作（Role:listRoles）を行う権限がありません。ルートユーザーまたはこのオペレーターの管理者に依頼してください。 (AUM0017)',
  );
  await open(page, info, '/users');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ユーザーとロール');
  await expect(page.getByTestId('user-list')).toContainText(name);
  await expect(page.getByRole('button', { name: 'ユーザーを作成' })).toHaveCount(0);
  await page.getByRole('button', { name: 'English' }).click();
  await settle(page, info);

  // MFA for itself, then a sign-in with a code.
  await open(page, info, '/security/mfa');
  await page.getByRole('button', { name: 'Turn on MFA' }).click();
  const secret = (await page.getByTestId('mfa-secret').textContent())!.trim();
  await settle(page, info);
  await page.getByLabel('Code', { exact: true }).fill(totpCode(secret));
  await page.getByRole('button', { name: 'Confirm and turn on' }).click();
  await expect(page.getByTestId('recovery-codes').locator('code')).toHaveCount(10);
  await settle(page, info);
  await signOut(page, info);
  await open(page, info, '/login/sam');
  expect(await samSignIn(page, operatorId, name, SAM_PASSWORD)).toBeNull();
  await expect(page).toHaveURL(/\/login\/mfa/);
  await settle(page, info);
  await page.getByLabel('Code', { exact: true }).fill(totpCode(secret, 1));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText(name);
});

test('Users & roles and SAM sign-in speak Japanese', async ({ page }, info) => {
  await signedInUser(page, info, 'access-ja');
  await page.getByRole('button', { name: '日本語' }).click();
  await settle(page, info);
  await open(page, info, '/users');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ユーザーとロール');
  await expect(page.getByRole('button', { name: 'ユーザーを作成' })).toBeVisible();
  await page.getByLabel('ユーザー名').fill('ユーザー');
  expect(await submitTo(page, page.getByRole('button', { name: 'ユーザーを作成' }), '/api/create_user')).toBe('NameInvalid');
  await expect(page.locator('#f-name-error')).toContainText('英字');
  await open(page, info, '/roles');
  await expect(page.getByRole('heading', { name: 'ロールを作成' })).toBeVisible();
  await open(page, info, '/login/sam');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SAM ユーザーとしてサインイン');
  await expect(page.getByLabel('オペレーター ID')).toBeVisible();
});

test('the password reset page tells SAM users who resets their password', async ({ page }, info) => {
  await open(page, info, '/password/forgot');
  await expect(page.getByTestId('sam-note')).toContainText('your password is reset by the root user');
});

test('deleting a role asks for a confirmation; deleting a user takes it off the list', async ({ page }, info) => {
  await signedInUser(page, info, 'access-del');
  await open(page, info, '/roles');
  await page.getByLabel('Role ID').fill('short-lived');
  await page.getByLabel('Permission document (JSON)').fill(LIST_ONLY);
  await page.getByRole('button', { name: 'Create role' }).click();
  await expect(page).toHaveURL(/\/roles\/short-lived/);
  await settle(page, info);
  expect(await submitTo(page, page.getByRole('button', { name: 'Delete this role' }), '/api/delete_role')).toBe('Required');
  await expect(page.locator('#f-confirm-error')).toContainText('(AUM0012)');
  await settle(page, info);
  await page.getByLabel(/the role is detached from its 0 user/).check();
  await page.getByRole('button', { name: 'Delete this role' }).click();
  await expect(page).toHaveURL(/\/roles\?deleted=1/);
  await expect(page.getByRole('status')).toHaveText('The role was deleted.');

  await open(page, info, '/users');
  await page.getByLabel('User name').fill('temp');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page).toHaveURL(/\/users\/temp/);
  await settle(page, info);
  await page.getByRole('button', { name: 'Delete this user' }).click();
  await expect(page).toHaveURL(/\/users\?deleted=1/);
  await expect(page.getByTestId('no-users')).toBeVisible();
});

test('an auth key for a SAM user: the secret is shown once, then only the key id, and it signs in to the API', async ({
  page,
  request,
}, info) => {
  await signedInUser(page, info, 'access-keys');
  const operatorId = (await page.getByTestId('operator-id').textContent())!.trim();
  await open(page, info, '/users');
  await page.getByLabel('User name').fill('robot');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page).toHaveURL(/\/users\/robot/);
  await open(page, info, '/users/robot?tab=permissions');
  await page.getByLabel('Permission document (JSON)').fill(LIST_ONLY);
  expect(await submitTo(page, page.getByRole('button', { name: 'Save', exact: true }), '/api/update_user_permission')).toBeNull();
  await expect(page).toHaveURL(/tab=permissions&saved=1/);
  await settle(page, info);
  await open(page, info, '/users/robot?tab=keys');
  await expect(page.getByTestId('no-auth-keys')).toBeVisible();
  await page.getByRole('button', { name: 'Create an auth key' }).click();
  await expect(page.getByTestId('new-auth-key')).toBeVisible();
  const id = (await page.getByTestId('new-key-id').textContent())!.trim();
  expect(id).toMatch(/^keyId-[A-Za-z0-9]{32}$/);
  const secret = remember((await page.getByTestId('new-key-secret').textContent())!.trim());
  expect(secret).toMatch(/^secret-[A-Za-z0-9]{64}$/);
  await expect(page.getByTestId('auth-keys')).toContainText(id);
  await settle(page, info);

  await page.reload();
  await settle(page, info);
  await expect(page.getByTestId('auth-keys')).toContainText(id);
  await expect(page.getByTestId('new-auth-key')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(secret);

  // A program signs in with the key and lists the users.
  const auth = await request.post(`${baseUrl()}/v1/auth`, { data: { authKeyId: id, authKey: secret } });
  expect(auth.status()).toBe(200);
  const session = (await auth.json()) as { apiKey: string; token: string; operatorId: string; userName: string };
  remember(session.apiKey, session.token);
  expect(session.operatorId).toBe(operatorId);
  expect(session.userName).toBe('robot');
  const headers = { 'X-Soracom-API-Key': session.apiKey, 'X-Soracom-Token': session.token };
  const users = await request.get(`${baseUrl()}/v1/operators/${operatorId}/users`, { headers });
  expect(users.status()).toBe(200);
  expect(((await users.json()) as { userName: string }[]).map((u) => u.userName)).toEqual(['robot']);
  const roles = await request.get(`${baseUrl()}/v1/operators/${operatorId}/roles`, { headers });
  expect(roles.status()).toBe(403);
  expect(((await roles.json()) as { code: string }).code).toBe('AUM0017');

  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('The auth key was deleted.');
  await expect(page.getByTestId('no-auth-keys')).toBeVisible();
  const after = await request.get(`${baseUrl()}/v1/operators/${operatorId}/users`, { headers });
  expect(after.status()).toBe(401);
});

test("the root user's own auth key is announced by mail", async ({ page }, info) => {
  const email = await signedInUser(page, info, 'access-rootkey');
  await open(page, info, '/security/auth-keys');
  await page.getByRole('button', { name: 'Create an auth key' }).click();
  await expect(page.getByTestId('new-key-secret')).toHaveText(/^secret-[A-Za-z0-9]{64}$/);
  expect((await waitForMail(email, 2)).subject).toBe('[Gatehouse] An auth key was created');
});
