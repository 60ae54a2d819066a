// Stops the server and maildev started by global-setup.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

export default async function globalTeardown() {
  const file = path.join(__dirname, '..', '.pids');
  if (!existsSync(file)) return;
  for (const pid of JSON.parse(readFileSync(file, 'utf8')) as number[]) {
    try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
  }
  rmSync(file);
}
