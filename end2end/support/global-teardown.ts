// Checks that no secret of the whole run reached the server's log (the
// passwords the tests typed, the tokens of every mailed link), then stops
// the server and maildev started by global-setup. A secret in the log fails
// the run.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { SERVER_LOG } from './global-setup';

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
  const leaked = [...PASSWORDS, ...tokens].filter((secret) => log.includes(secret));
  if (leaked.length > 0) {
    throw new Error(`the server log (${SERVER_LOG}) contains ${leaked.length} secret(s), e.g. ${leaked[0].slice(0, 6)}…`);
  }
  console.log(`server log: none of ${PASSWORDS.length} passwords and ${tokens.length} mailed tokens appear in it`);
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
