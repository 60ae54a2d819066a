// Starts the real pieces the tests talk to: maildev (SMTP + REST API) and
// the Gatehouse server binary on free loopback ports with a fresh SQLite
// file. Their addresses reach the tests through environment variables.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/** Where the server's log of the whole run is kept. */
export const SERVER_LOG = path.join(root, 'target', 'e2e-server.log');

/** The secrets the specs met (TOTP secrets and codes, recovery codes, auth
 * key secrets, API tokens), one per line, checked against the log at the end. */
export const SECRETS_FILE = path.join(root, 'target', 'e2e-secrets.txt');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, what: string, child: ChildProcess, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not answer at ${url} within ${ms} ms`);
}

export default async function globalSetup() {
  const [smtp, web, app] = await Promise.all([freePort(), freePort(), freePort()]);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-e2e-'));
  mkdirSync(path.dirname(SERVER_LOG), { recursive: true });
  writeFileSync(SECRETS_FILE, '');

  const maildev = spawn(
    path.join(__dirname, '..', 'node_modules', '.bin', 'maildev'),
    ['-s', String(smtp), '-w', String(web), '--ip', '127.0.0.1', '--web-ip', '127.0.0.1', '--silent'],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const binary = process.env.GATEHOUSE_BIN ?? path.join(root, 'target', 'debug', 'gatehouse');
  const server = spawn(binary, [], {
    cwd: dataDir,
    env: {
      ...process.env,
      // The production default, so the log the teardown searches for
      // secrets is the one an operator keeps.
      RUST_LOG: process.env.RUST_LOG ?? 'info',
      GATEHOUSE_DATA_DIR: dataDir,
      LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? path.join(root, 'target', 'site'),
      LEPTOS_SITE_ADDR: `127.0.0.1:${app}`,
      LEPTOS_ENV: 'PROD',
      SMTP_URL: `smtp://127.0.0.1:${smtp}`,
      PUBLIC_URL: `http://127.0.0.1:${app}`,
      // Cheap hashing keeps the suite fast; production uses the OWASP cost.
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_ITERATIONS: '1',
      // Every test signs in from 127.0.0.1; the per-address throttle is tested in Rust.
      LOCK_MAX_FAILURES_PER_CLIENT: '10000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The server's whole log goes to a file (searched for secrets by the
  // teardown); warnings and errors also to the console.
  const log = createWriteStream(SERVER_LOG);
  for (const stream of [server.stdout!, server.stderr!]) {
    stream.on('data', (chunk: Buffer) => {
      log.write(chunk);
      const text = chunk.toString();
      if (/\b(WARN|ERROR)\b/.test(text)) process.stderr.write(text);
    });
  }

  process.env.BASE_URL = `http://127.0.0.1:${app}`;
  process.env.MAILDEV_URL = `http://127.0.0.1:${web}`;
  writeFileSync(path.join(__dirname, '..', '.pids'), JSON.stringify([server.pid, maildev.pid]));
  await waitFor(`${process.env.MAILDEV_URL}/email`, 'maildev', maildev);
  await waitFor(`${process.env.BASE_URL}/login`, 'the Gatehouse server', server);
}
