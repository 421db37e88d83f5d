// User journeys through the whole app in a real browser: accounts, the tasks panel, the chat and the history.
// Every step asserts what a user sees; every test fails on an uncaught page error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, withPage, uniqueEmail, signUp } from './harness.js';
import { saveThemedScreenshots } from './artifacts.js';

const PASSWORD = 'correct horse battery';

/**
 * A journey step, light and dark, as `$TASKCHAT_ARTIFACTS_DIR/app/<name>-<theme>.png`.
 * @param {import('playwright-core').Page} page @param {string} name
 */
async function screenshot(page, name) {
  await saveThemedScreenshots(page, name);
}

/** @param {Error[]} errors */
function assertNoPageErrors(errors) {
  assert.deepEqual(errors.map((e) => e.message), [], 'the page threw');
}

/** Signs in through the form. @param {import('playwright-core').Page} page @param {string} email */
async function signInThroughForm(page, email) {
  await page.goto('/#/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
}

/** The row of a task in the tasks panel. @param {import('playwright-core').Page} page @param {string} title */
function panelTask(page, title) {
  return page.locator('#tasks-panel li.task', { hasText: title });
}

test('sign up through the form, sign out, sign in again', async () => {
  await withPage(async (page, errors) => {
    const email = uniqueEmail('journey');
    await page.goto('/');
    // A visitor without a session lands on sign-in, and finds the way to sign up.
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    await screenshot(page, 'signin');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();

    // A too-short password: the server's message appears inline, the form stays.
    await page.getByLabel('Name').fill('Ada');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByLabel('Password').evaluate((input) => input.removeAttribute('minlength'));
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').filter({ hasText: /password/i }).waitFor();
    await screenshot(page, 'signup-error');

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();

    // The chat page: history, conversation, tasks panel, the user's name.
    await page.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
    await page.getByRole('button', { name: 'New chat' }).waitFor();
    await page.getByText('No tasks yet').waitFor();
    assert.equal(await page.locator('.user-name').textContent(), 'Ada');
    assert.match(page.url(), /#\/chat$/);
    await screenshot(page, 'chat-empty');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    // The session is gone: the chat page sends the visitor back to sign-in.
    await page.goto('/#/chat');
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();

    // A wrong password is refused inline.
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: /./ }).waitFor();

    await signInThroughForm(page, email);
    assert.equal(await page.locator('.user-name').textContent(), 'Ada');
    assertNoPageErrors(errors);
  });
});

test('tasks panel: add a task, tick it done, delete it', async () => {
  await withPage(async (page, errors) => {
    const account = await signUp('panel');
    await signInThroughForm(page, account.email);

    await page.getByLabel('New task title').fill('water the plants');
    await page.getByRole('button', { name: 'Add task' }).click();
    const row = panelTask(page, 'water the plants');
    await row.waitFor();
    assert.equal(await page.getByLabel('New task title').inputValue(), '', 'the form is emptied');
    await page.getByText('1 open').waitFor();

    // Tick it: it moves to Completed, struck through, and the server agrees after a reload of the panel.
    await row.getByRole('checkbox').check();
    await page.getByRole('heading', { name: 'Completed (1)' }).waitFor();
    await eventually(async () => (await row.getAttribute('class'))?.includes('is-done') ?? false, 'the row shows done');
    await page.getByRole('button', { name: 'Refresh tasks' }).click();
    await eventually(async () => await panelTask(page, 'water the plants').getByRole('checkbox').isChecked(), 'still done after refresh');
    await screenshot(page, 'panel-done');

    // Delete asks first; Cancel keeps it, Delete removes it.
    await row.getByRole('button', { name: /Delete/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete task?' });
    await dialog.waitFor();
    await screenshot(page, 'panel-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await row.count(), 1);
    await row.getByRole('button', { name: /Delete/ }).click();
    await page.getByRole('dialog', { name: 'Delete task?' }).getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByText('No tasks yet').waitFor();

    // A title that looks like markup is shown as text.
    await page.getByLabel('New task title').fill('<img src=x onerror=alert(1)>');
    await page.getByLabel('New task title').press('Enter');
    await panelTask(page, '<img src=x onerror=alert(1)>').waitFor();
    assert.equal(await page.locator('#tasks-panel img').count(), 0);
    assertNoPageErrors(errors);
  });
});

test('chat: add by chat, the list widget, complete in place, history after reload', async () => {
  await withPage(async (page, errors) => {
    const account = await signUp('chat');
    await signInThroughForm(page, account.email);
    const conversation = page.locator('#conversation');
    // The start screen with its starter prompts.
    await conversation.getByText('Show my tasks').first().waitFor();
    await screenshot(page, 'start-screen');

    const composer = conversation.locator('textarea');
    await composer.fill('add buy milk tomorrow');
    await composer.press('Enter');
    // The confirmation card in the conversation, and the panel refreshed by the end of the response.
    await conversation.getByText('Added #1').waitFor();
    await panelTask(page, 'buy milk').waitFor();
    await eventually(async () => /#\/chat\/thr_/.test(page.url()), 'the address names the new thread');
    const threadUrl = page.url();
    await screenshot(page, 'chat-added');

    await composer.fill('show my tasks');
    await composer.press('Enter');
    await conversation.getByText('My tasks: 1 open · 0 done').waitFor();
    const widgetRow = conversation.locator('li, [role="listitem"]', { hasText: 'buy milk' }).last();
    const widgetsBefore = await conversation.getByText('My tasks:').count();
    // The toggle is the first button of the task's row (the other is Delete).
    await widgetRow.getByRole('button').first().click();
    await conversation.getByText('My tasks: 0 open · 1 done').waitFor();
    assert.equal(await conversation.getByText('My tasks:').count(), widgetsBefore, 'the widget changed in place');
    await eventually(async () => await panelTask(page, 'buy milk').getByRole('checkbox').isChecked(), 'the panel shows it done');
    await screenshot(page, 'chat-completed');

    // The sidebar lists the thread; after a reload the same thread and its history come back.
    const sidebarThread = page.locator('#history .thread-link').first();
    await sidebarThread.waitFor();
    await page.reload();
    await page.locator('#history .thread-link').first().waitFor();
    assert.equal(page.url(), threadUrl);
    await conversation.getByText('Added #1').waitFor();
    await conversation.getByText('My tasks: 0 open · 1 done').waitFor();

    // A new chat, then reopening the thread from the sidebar.
    await page.getByRole('button', { name: 'New chat' }).click();
    await eventually(async () => /#\/chat$/.test(page.url()), 'a new chat');
    await eventually(async () => (await conversation.getByText('Added #1').count()) === 0, 'the old thread is gone from view');
    await page.locator('#history .thread-link').first().click();
    await conversation.getByText('Added #1').waitFor();
    assert.equal(page.url(), threadUrl);
    await screenshot(page, 'chat-reopened');

    // A plain visit reopens the last thread.
    await page.goto('/');
    await conversation.getByText('Added #1').waitFor();
    assert.equal(page.url(), threadUrl);
    assertNoPageErrors(errors);
  });
});

test('history sidebar: rename and delete a thread', async () => {
  await withPage(async (page, errors) => {
    const account = await signUp('history');
    // A thread made over the API: the sidebar lists it by its title.
    const response = await page.request.post('/chatkit', {
      headers: { authorization: `Bearer ${account.token}` },
      data: { type: 'threads.create', params: { input: { content: [{ type: 'input_text', text: 'help' }], attachments: [], inference_options: {} } } },
    });
    assert.equal(response.status(), 200);
    await signInThroughForm(page, account.email);
    const link = page.locator('#history .thread-link').first();
    await link.waitFor();
    const before = (await link.textContent()) ?? '';

    await page.getByRole('button', { name: `Rename “${before}”` }).click();
    const input = page.getByLabel('Chat title');
    await input.fill('Weekly planning');
    await input.press('Enter');
    await page.locator('#history .thread-link', { hasText: 'Weekly planning' }).waitFor();
    await page.reload();
    await page.locator('#history .thread-link', { hasText: 'Weekly planning' }).waitFor();

    // Deleting the open thread goes back to a new chat.
    await page.locator('#history .thread-link', { hasText: 'Weekly planning' }).click();
    await eventually(async () => /#\/chat\/thr_/.test(page.url()), 'the thread is open');
    await page.getByRole('button', { name: 'Delete “Weekly planning”' }).click();
    await page.getByRole('dialog', { name: 'Delete chat?' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No chats yet').waitFor();
    await eventually(async () => /#\/chat$/.test(page.url()), 'back to a new chat');
    await page.locator('#conversation').getByText('Show my tasks').first().waitFor();
    assertNoPageErrors(errors);
  });
});

test('narrow screen: the sidebar and the tasks panel are drawers', async () => {
  await withPage(async (page, errors) => {
    const account = await signUp('narrow');
    await page.setViewportSize({ width: 390, height: 760 });
    await page.goto('/#/signin');
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // On a narrow screen the panel is a closed drawer: the top bar has its button.
    await page.getByRole('button', { name: 'Tasks', exact: true }).waitFor();
    const history = page.getByRole('navigation', { name: 'Chat history' });
    assert.equal(await history.isVisible(), false, 'the sidebar starts closed');
    await screenshot(page, 'narrow');
    await page.getByRole('button', { name: 'Chat history' }).click();
    await page.getByRole('button', { name: 'New chat' }).waitFor();
    await page.waitForTimeout(300); // the drawer's slide
    await screenshot(page, 'narrow-history');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'New chat' }).waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Tasks', exact: true }).click();
    await page.getByLabel('New task title').waitFor();
    await page.waitForTimeout(300);
    await screenshot(page, 'narrow-tasks');
    assertNoPageErrors(errors);
  });
});
