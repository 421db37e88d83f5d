// Accessibility: axe-core scans every main screen of the app, in the light and the dark theme, against the real
// server: sign-in, sign-up, the chat's start screen, a task list widget beside the tasks panel, the delete
// confirmation, and the chat 360 px wide. Any violation of impact "serious" or "critical" fails the test with its
// rule, its help text and the selectors of the elements at fault. At 360 px the list widget's rows must also stay
// inside the message: badges and buttons wrap instead of being cut off.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { BASE_URL, launch, signIn, signUp } from './harness.js';
import { saveScreenshot } from './artifacts.js';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core');
const FAILING_IMPACTS = new Set(['serious', 'critical']);

/** @param {string} token @param {Record<string, unknown>} task */
async function createTask(token, task) {
  const response = await fetch(`${BASE_URL}/api/tasks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(task),
  });
  assert.equal(response.status, 201, `POST /api/tasks: ${await response.text()}`);
}

/** A day from today as YYYY-MM-DD (UTC): -1 and 1 give the list an overdue task and one due tomorrow. @param {number} days */
function dayOffset(days) {
  const date = new Date(Date.now() + days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

/**
 * A user with three tasks whose rows carry every kind of caption and badge the list widget draws.
 * @returns {Promise<{ email: string, password: string, token: string }>}
 */
async function userWithThreeTasks() {
  const account = await signUp('a11y');
  await createTask(account.token, { title: 'Renew the passport before the summer trip', priority: 'high', due: dayOffset(-1), tags: ['admin', 'travel'] });
  await createTask(account.token, { title: 'Buy milk', priority: 'medium', due: dayOffset(1), tags: ['home'] });
  await createTask(account.token, { title: 'Call the plumber about the kitchen sink', priority: 'low', tags: ['home', 'repairs', 'weekend'] });
  return account;
}

/**
 * Runs axe on the page as it is and returns the serious and critical violations, one readable line per element.
 * @param {import('playwright-core').Page} page
 * @param {string} screen
 */
async function scan(page, screen) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async () => {
    const axe = /** @type {any} */ (window).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((/** @type {any} */ v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((/** @type {any} */ n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
  // Moderate and minor findings do not fail the test, but are worth a look: they go to stderr.
  for (const v of violations.filter((v) => !FAILING_IMPACTS.has(v.impact))) {
    process.stderr.write(`axe (${v.impact}, not failing) [${screen}] ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target).join(', ')}\n`);
  }
  return violations
    .filter((v) => FAILING_IMPACTS.has(v.impact))
    .flatMap((v) => v.nodes.map((n) => `[${screen}] ${v.impact} ${v.id}: ${v.help}\n    at ${n.target}\n    ${n.summary.replace(/\n/g, '\n    ')}`));
}

/**
 * A browser context in one theme. bypassCSP: the app's CSP allows only its own scripts, and axe is injected.
 * Reduced motion: a fade caught halfway would be judged on half its contrast.
 * @param {import('playwright-core').Browser} browser
 * @param {'light' | 'dark'} colorScheme
 */
async function themedPage(browser, colorScheme) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    bypassCSP: true,
    colorScheme,
    reducedMotion: 'reduce',
    viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  /** @type {Error[]} */
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  return { context, page, errors };
}

/**
 * The horizontal overflow of the list widget: every element of the last task list whose right edge passes the
 * list's own right edge (or whose left edge is before its left one), with what it shows.
 * @param {import('playwright-core').Page} page
 */
async function widgetOverflow(page) {
  return page.locator('#conversation .ck-listview').last().evaluate((list) => {
    const bounds = list.getBoundingClientRect();
    const out = [];
    for (const element of list.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.right > bounds.right + 0.5 || box.left < bounds.left - 0.5) {
        out.push(`${element.className || element.tagName} "${(element.textContent ?? '').trim().slice(0, 30)}" ${Math.round(box.left)}..${Math.round(box.right)} outside ${Math.round(bounds.left)}..${Math.round(bounds.right)}`);
      }
    }
    // Nor may the whole message stick out of the conversation.
    const conversation = /** @type {HTMLElement} */ (document.querySelector('#conversation')).getBoundingClientRect();
    if (bounds.right > conversation.right + 0.5) out.push(`the list ends at ${bounds.right}, past the conversation (${conversation.right})`);
    return out;
  });
}

for (const theme of /** @type {const} */ (['light', 'dark'])) {
  test(`axe finds no serious or critical violations (${theme} theme)`, async () => {
    const account = await userWithThreeTasks();
    const browser = await launch();
    /** @type {string[]} */
    const found = [];
    /** @type {string[]} */
    let overflow = [];
    try {
      const { page, errors } = await themedPage(browser, theme);

      await page.goto('/#/signin');
      await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
      found.push(...(await scan(page, 'sign-in')));

      await page.getByRole('link', { name: 'Create an account' }).click();
      await page.getByRole('heading', { name: 'Create your account' }).waitFor();
      found.push(...(await scan(page, 'sign-up')));

      await signIn(page, account);
      const conversation = page.locator('#conversation');
      await conversation.getByRole('button', { name: 'Show my tasks' }).waitFor();
      await page.locator('#tasks-panel li.task').nth(2).waitFor();
      found.push(...(await scan(page, 'chat start screen')));

      const composer = conversation.getByRole('textbox', { name: 'Message' });
      await composer.fill('show my tasks');
      await composer.press('Enter');
      await conversation.getByText('My tasks: 3 open · 0 done').waitFor();
      await composer.waitFor({ state: 'visible' });
      await page.waitForFunction(() => !document.querySelector('.ck-composer-input:disabled'));
      found.push(...(await scan(page, 'chat with a task list and the tasks panel')));
      await saveScreenshot(page, `a11y/chat-task-list-${theme}.png`);

      await page.locator('#tasks-panel li.task', { hasText: 'Buy milk' }).getByRole('button', { name: /Delete/ }).click();
      await page.getByRole('dialog', { name: 'Delete task?' }).waitFor();
      found.push(...(await scan(page, 'delete confirmation dialog')));
      await saveScreenshot(page, `a11y/delete-dialog-${theme}.png`);
      await page.getByRole('dialog', { name: 'Delete task?' }).getByRole('button', { name: 'Cancel' }).click();

      // The chat's own confirmation: the list widget's Delete asks with a card.
      await conversation.locator('.ck-listview-item', { hasText: 'Buy milk' }).getByRole('button', { name: 'Delete' }).click();
      await conversation.getByText('This cannot be undone.').waitFor();
      await page.waitForFunction(() => !document.querySelector('.ck-composer-input:disabled'));
      found.push(...(await scan(page, 'delete confirmation card in the chat')));

      await page.setViewportSize({ width: 360, height: 760 });
      await conversation.getByText('My tasks: 3 open · 0 done').scrollIntoViewIfNeeded();
      found.push(...(await scan(page, 'chat at 360 px')));
      await saveScreenshot(page, `a11y/chat-360px-${theme}.png`);
      await saveScreenshot(conversation.locator('.ck-listview').last(), `a11y/task-list-360px-${theme}.png`);
      overflow = await widgetOverflow(page);

      assert.deepEqual(errors.map(String), [], 'the page threw');
    } finally {
      await browser.close();
    }
    assert.equal(found.length, 0, `axe found ${found.length} serious or critical problem(s):\n${found.join('\n')}`);
    assert.deepEqual(overflow, [], 'at 360 px nothing of the task list sticks out of the message');
  });
}
