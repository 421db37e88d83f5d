// The app shell around the chat: paging of the history and the tasks panel, refresh on window focus, keyboard use,
// and an ended session. Data is made through the API; what is checked is what the user sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, withPage, signIn, signUp } from './harness.js';

/** @param {string} token @param {string} path @param {unknown} body */
async function post(token, path, body) {
  const response = await fetch(`${BASE_URL}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.ok(response.ok, `${path}: ${response.status}`);
  await response.text();
}

test('history pages by 20 with Load more; tasks panel pages by 50', async () => {
  const account = await signUp('paging');
  for (let i = 1; i <= 22; i += 1) {
    await post(account.token, '/chatkit', {
      type: 'threads.create',
      params: { input: { content: [{ type: 'input_text', text: `add chore ${i}` }], attachments: [], inference_options: {} } },
    });
  }
  for (let i = 23; i <= 52; i += 1) await post(account.token, '/api/tasks', { title: `extra ${i}` });
  await withPage(async (page, errors) => {
    await signIn(page, account);
    const threads = page.locator('#history .thread-link');
    await threads.nth(19).waitFor();
    assert.equal(await threads.count(), 20);
    assert.equal(await threads.first().textContent(), 'add chore 22', 'newest first');
    await page.getByRole('button', { name: 'Load more', exact: true }).click();
    await threads.nth(21).waitFor();
    assert.equal(await threads.last().textContent(), 'add chore 1');
    await page.getByRole('button', { name: 'Load more', exact: true }).waitFor({ state: 'hidden' });

    const tasks = page.locator('#tasks-panel li.task');
    await tasks.nth(49).waitFor();
    assert.equal(await tasks.count(), 50);
    await page.getByRole('button', { name: 'Load more tasks' }).click();
    await tasks.nth(51).waitFor();
    await page.getByText('52 open').waitFor();
    assert.deepEqual(errors.map(String), []);
  });
});

test('tasks changed elsewhere show up when the window regains focus', async () => {
  const account = await signUp('focus');
  await withPage(async (page, errors) => {
    await signIn(page, account);
    await page.getByText('No tasks yet').waitFor();
    await post(account.token, '/api/tasks', { title: 'made on the phone' });
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.locator('#tasks-panel li.task', { hasText: 'made on the phone' }).waitFor();
    assert.deepEqual(errors.map(String), []);
  });
});

test('keyboard only: add, tick and delete a task; Escape cancels the dialog and focus comes back', async () => {
  const account = await signUp('keyboard');
  await withPage(async (page, errors) => {
    await signIn(page, account);
    const input = page.getByLabel('New task title');
    await input.focus();
    await page.keyboard.type('call the plumber');
    await page.keyboard.press('Enter');
    const row = page.locator('#tasks-panel li.task', { hasText: 'call the plumber' });
    await row.waitFor();
    assert.equal(await input.evaluate((el) => el === document.activeElement), true, 'focus stays in the form');

    // Tab from the form reaches the task's checkbox; Space ticks it, and focus survives the re-render.
    await page.keyboard.press('Tab'); // Add button
    await page.keyboard.press('Tab'); // the checkbox
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'checkbox');
    await page.keyboard.press('Space');
    await page.getByRole('heading', { name: 'Completed (1)' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'checkbox');
    // The tick shows at once but is saved after: until then the row is busy and ignores Delete.
    await page.locator('#tasks-panel li.task[aria-busy="false"]', { hasText: 'call the plumber' }).waitFor();

    await page.keyboard.press('Tab'); // the delete button
    const focusedLabel = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    assert.equal(focusedLabel, 'Delete “call the plumber”');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Delete task?' });
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Cancel', 'the safe choice has focus');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), focusedLabel, 'focus returns');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // Delete
    await row.waitFor({ state: 'detached' });
    assert.deepEqual(errors.map(String), []);
  });
});

test('an ended session sends the user back to sign in', async () => {
  const account = await signUp('expired');
  await withPage(async (page, errors) => {
    await signIn(page, account);
    await page.context().clearCookies();
    await page.getByRole('button', { name: 'Refresh tasks' }).click();
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    assert.deepEqual(errors.map(String), []);
  });
});
