// Checks that no secret of the whole run reached the server's log (the
// passwords the tests typed, the tokens of every mailed link), then stops
// the server and maildev started by global-setup. A secret in the log fails
// the run.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { SECRETS_FILE, SERVER_LOG } from './global-setup';

/** The passwords the specs type (support/helpers.ts and the specs' constants). */
const PASSWORDS = ['tulip-river-42', 'meadow-lantern-99', 'harbor-violet-73'];

/** Every long token in the links of the mails maildev caught. */
async function mailedTokens(): Promise<string[]> {
  const res = await fetch(`${process.env.MAILDEV_URL}/email`);
  if (!res.ok) throw new Error(`maildev answered ${res.status}`);
  const mails = (await res.json()) as { text?: string }[];
  const tokens = new Set<string>();
  for (const mail of mails) {
    for (const url of (mail.text ?? '').match(/https?:\/\/[^\s<>"]+/g) ?? []) {
      const parsed = new URL(url);
      for (const value of [...parsed.searchParams.values(), ...parsed.pathname.split('/')]) {
        if (value.length >= 20) tokens.add(value);
      }
    }
  }
  return [...tokens];
}

async function assertNoSecretsLogged() {
  if (!process.env.MAILDEV_URL) return; // global-setup did not get as far as starting anything
  if (!existsSync(SERVER_LOG)) throw new Error(`the server log ${SERVER_LOG} is missing`);
  const log = readFileSync(SERVER_LOG, 'utf8');
  const tokens = await mailedTokens();
  const met = existsSync(SECRETS_FILE) ? readFileSync(SECRETS_FILE, 'utf8').split('\n').filter((s) => s.length > 0) : [];
  const codes = met.filter((s) => /^\d{6}$/.test(s));
  const others = met.filter((s) => !/^\d{6}$/.test(s));
  const leaked = [...PASSWORDS, ...tokens, ...others].filter((secret) => log.includes(secret));
  // A TOTP code is six digits: it counts only standing alone, not inside a
  // longer number or a timestamp's fraction of a second.
  leaked.push(...codes.filter((code) => new RegExp(`(?<![\\d.:])${code}(?!\\d)`).test(log)));
  if (leaked.length > 0) {
    throw new Error(`the server log (${SERVER_LOG}) contains ${leaked.length} secret(s), e.g. ${leaked[0].slice(0, 3)}…`);
  }
  console.log(
    `server log: none of ${PASSWORDS.length} passwords, ${tokens.length} mailed tokens, ` +
      `${codes.length} TOTP codes and ${others.length} other secrets met (TOTP secrets, recovery codes, ` +
      `auth key secrets, API tokens) appear in it`,
  );
}

export default async function globalTeardown() {
  const file = path.join(__dirname, '..', '.pids');
  try {
    await assertNoSecretsLogged();
  } finally {
    if (existsSync(file)) {
      for (const pid of JSON.parse(readFileSync(file, 'utf8')) as number[]) {
        try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
      }
      rmSync(file);
    }
  }
}
