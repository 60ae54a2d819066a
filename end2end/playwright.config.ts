import { defineConfig } from '@playwright/test';

// Debian's Chromium; Playwright never downloads a browser here.
const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  },
};

export default defineConfig({
  testDir: './tests',
  globalSetup: './support/global-setup.ts',
  globalTeardown: './support/global-teardown.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { trace: 'retain-on-failure', ...chromium },
  projects: [
    { name: 'hydrated', testDir: './tests', use: { javaScriptEnabled: true } },
    { name: 'no-js', testDir: './tests', use: { javaScriptEnabled: false } },
    // A measurement, run by `make bench` only (`--project slow-3g`).
    { name: 'slow-3g', testDir: './slow', use: { javaScriptEnabled: true } },
  ],
});
