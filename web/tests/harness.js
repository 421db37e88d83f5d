// Test harness: a headless Chromium (the system's, via playwright-core) against the taskchat server that
// scripts/test starts. TASKCHAT_URL is that server; CHROMIUM_PATH overrides the browser binary.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.TASKCHAT_URL ?? 'http://127.0.0.1:8000';

/** Launches the browser; the flags keep Chromium from reaching for the network it does not have here. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh browser context (its own cookies) with a page, closed after `fn`. */
export async function withPage(fn) {
  const browser = await launch();
  try {
    const context = await browser.newContext({ baseURL: BASE_URL });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error));
    await fn(page, errors);
  } finally {
    await browser.close();
  }
}

/** A unique email for a test user. */
export function uniqueEmail(who) {
  return `${who}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/** Signs a user up through the REST API and returns { token, user }. */
export async function signUp(who = 'user') {
  const email = uniqueEmail(who);
  const response = await fetch(`${BASE_URL}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'correct horse battery', name: who }),
  });
  if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  const body = await response.json();
  return { ...body, email, password: 'correct horse battery' };
}

/**
 * Waits until `check` returns true (polling every 50 ms), failing with `what` after `timeout` ms.
 * @param {() => Promise<boolean> | boolean} check
 * @param {string} what
 */
export async function eventually(check, what, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) assert.fail(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Signs in through the form and waits for the chat page (its tasks panel heading).
 * @param {import('playwright-core').Page} page
 * @param {{ email: string, password: string }} account
 */
export async function signIn(page, account) {
  await page.goto('/#/signin');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
}
