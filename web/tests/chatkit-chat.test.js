// mountChat against a scripted ChatKit endpoint (Playwright routes): start screen, the first message creating
// the thread, streamed Markdown, widgets and their actions, errors with Retry, failures restoring the text,
// feedback, and opening a thread with older pages.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { launch } from './harness.js';
import { ORIGIN, serveWeb } from './fixtures/static-route.js';

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
/** @type {Error[]} */
let errors = [];
/** Requests the endpoint received. @type {any[]} */
let requests = [];
/** The scripted answer per op. @type {Record<string, (params: any) => {status?: number, events?: any[], json?: any}>} */
let script = {};

const T = '2025-01-31T12:00:00Z';
const thread = { id: 'thr_1', created_at: T, status: { type: 'active' }, metadata: {}, items: { data: [], has_more: false } };
/** @param {string} id @param {string} text */
const userItem = (id, text) => ({ id, thread_id: 'thr_1', created_at: T, type: 'user_message', content: [{ type: 'input_text', text }], attachments: [], inference_options: {} });
/** @param {string} id @param {string} text */
const assistantItem = (id, text) => ({ id, thread_id: 'thr_1', created_at: T, type: 'assistant_message', content: [{ type: 'output_text', text, annotations: [] }] });
/** @param {string} label @param {boolean} done */
const widgetItem = (label, done) => ({
  id: 'msg_w', thread_id: 'thr_1', created_at: T, type: 'widget', copy_text: `Task: ${label}`,
  widget: { id: 'task_card', type: 'Card', children: [
    { id: 'task_title_text', type: 'Text', value: label, lineThrough: done },
    { id: 'task_complete_button', type: 'Button', label: done ? 'Reopen' : 'Complete', onClickAction: { type: 'task.complete', payload: { number: 1 } } },
    { id: 'task_local_button', type: 'Button', label: 'Local', onClickAction: { type: 'ui.open', payload: { number: 1 }, handler: 'client' } },
  ] },
});

function defaultScript() {
  return {
    'threads.create': (/** @type {any} */ params) => ({ events: [
      { type: 'thread.created', thread },
      { type: 'thread.item.done', item: userItem('msg_u1', params.input.content[0].text) },
      { type: 'stream_options', stream_options: { allow_cancel: true } },
      { type: 'progress_update', text: 'Looking up your tasks…' },
      { type: 'thread.item.added', item: { ...assistantItem('msg_a1', ''), content: [] } },
      { type: 'thread.item.updated', item_id: 'msg_a1', update: { type: 'assistant_message.content_part.added', content_index: 0, content: { type: 'output_text', text: '', annotations: [] } } },
      { type: 'thread.item.updated', item_id: 'msg_a1', update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: 'Here are **your** ' } },
      { type: 'thread.item.updated', item_id: 'msg_a1', update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: 'tasks <img src=x onerror=alert(1)>' } },
      { type: 'thread.item.done', item: assistantItem('msg_a1', 'Here are **your** tasks <img src=x onerror=alert(1)>') },
      { type: 'thread.item.done', item: widgetItem('Buy milk', false) },
      { type: 'notice', level: 'info', message: 'Task #1 is due **tomorrow**.', title: 'Reminder' },
      { type: 'client_effect', name: 'tasks.changed', data: { numbers: [1] } },
    ] }),
    'threads.custom_action': () => ({ events: [{ type: 'thread.item.replaced', item: widgetItem('Buy milk', true) }] }),
    'threads.add_user_message': (/** @type {any} */ params) => ({ events: [
      { type: 'thread.item.done', item: userItem('msg_u2', params.input.content[0].text) },
      { type: 'error', code: 'stream.error', message: 'The model timed out.', allow_retry: true },
    ] }),
    'threads.retry_after_item': () => ({ events: [{ type: 'thread.item.done', item: assistantItem('msg_a2', 'Second try worked.') }] }),
    'items.feedback': () => ({ json: {} }),
  };
}

before(async () => {
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 900, height: 800 } });
  await serveWeb(context, async (route, request) => {
    if (new URL(request.url()).pathname !== '/chatkit') return false;
    const body = JSON.parse(request.postData() ?? '{}');
    requests.push(body);
    const handler = script[body.type];
    if (!handler) {
      await route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'not_found', message: 'no such op' } }) });
      return true;
    }
    const answer = handler(body.params);
    if (answer.events) {
      await route.fulfill({ status: 200, contentType: 'text/event-stream', body: answer.events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('') });
    } else {
      await route.fulfill({ status: answer.status ?? 200, contentType: 'application/json', body: JSON.stringify(answer.json ?? {}) });
    }
    return true;
  });
  page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error));
});

after(async () => {
  await browser?.close();
});

beforeEach(() => {
  errors = [];
  requests = [];
  script = defaultScript();
});

/** @param {string} [query] */
async function openPage(query = '') {
  await page.goto(`${ORIGIN}/tests/fixtures/chat.html${query}`);
  await page.waitForFunction(() => /** @type {any} */ (window).chatReady === true);
}

test('start screen → first message creates the thread, streams Markdown and a widget; actions update it in place', async () => {
  await openPage();
  const start = page.locator('.ck-start');
  assert.equal(await start.isVisible(), true);
  assert.deepEqual(await start.locator('button').allTextContents(), ['Show my tasks', 'Add a task', "What's due this week?"]);
  await start.getByRole('button', { name: 'Show my tasks' }).click();
  await page.locator('[data-item-id="msg_w"]').waitFor();
  assert.equal(requests[0].type, 'threads.create');
  assert.deepEqual(requests[0].params.input.content, [{ type: 'input_text', text: 'Show my tasks' }]);
  assert.equal(await start.isVisible(), false);
  assert.equal(await page.locator('[data-item-id="msg_u1"] .ck-user-text').textContent(), 'Show my tasks');
  const answer = page.locator('[data-item-id="msg_a1"] .ck-bubble');
  assert.equal(await answer.locator('strong').textContent(), 'your');
  assert.equal(await answer.locator('img').count(), 0);
  assert.match((await answer.textContent()) ?? '', /<img src=x onerror=alert\(1\)>/);
  assert.equal(await page.locator('.ck-cursor').count(), 0);
  assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).threadChanges), ['thr_1']);
  assert.match((await page.locator('.ck-notice').textContent()) ?? '', /Reminder.*due tomorrow/s);
  const names = await page.evaluate(() => /** @type {any} */ (window).domEvents.map((/** @type {any} */ e) => e.name));
  assert.ok(names.includes('chatkit-effect') && names.includes('chatkit-response-end') && names.includes('chatkit-items-changed'));
  assert.equal(await page.locator('.ck-composer-input').isDisabled(), false);

  // A server action: threads.custom_action with the item id; the widget is replaced in place.
  await page.locator('[data-ck-id="task_complete_button"]').click();
  await page.locator('[data-ck-id="task_complete_button"]', { hasText: 'Reopen' }).waitFor();
  const action = requests.find((r) => r.type === 'threads.custom_action');
  assert.deepEqual(action.params, { thread_id: 'thr_1', item_id: 'msg_w', action: { type: 'task.complete', payload: { number: 1 } } });
  assert.equal(await page.locator('[data-ck-id="task_title_text"].ck-line-through').count(), 1);
  assert.equal(await page.locator('[data-item-id="msg_w"]').count(), 1);

  // A client action: a DOM event, no request.
  const before = requests.length;
  await page.locator('[data-ck-id="task_local_button"]').click();
  const clientEvent = await page.evaluate(() => /** @type {any} */ (window).domEvents.find((/** @type {any} */ e) => e.name === 'chatkit-client-action'));
  assert.deepEqual(clientEvent.detail, { action: { type: 'ui.open', payload: { number: 1 } }, itemId: 'msg_w', threadId: 'thr_1' });
  assert.equal(requests.length, before);

  // Feedback on the assistant message.
  await page.locator('[data-item-id="msg_a1"] [data-ck-action="feedback-positive"]').click();
  await page.locator('[data-item-id="msg_a1"] [data-ck-action="feedback-positive"][aria-pressed="true"]').waitFor();
  assert.deepEqual(requests.at(-1), { type: 'items.feedback', params: { thread_id: 'thr_1', item_ids: ['msg_a1'], kind: 'positive' }, metadata: {} });
  assert.deepEqual(errors, []);
});

test('an error event shows Retry, which retries after the last user message', async () => {
  await openPage();
  await page.getByRole('button', { name: 'Show my tasks' }).click();
  await page.locator('[data-item-id="msg_w"]').waitFor();
  const input = page.locator('.ck-composer-input');
  await input.fill('and tomorrow?');
  await input.press('Enter');
  const error = page.locator('.ck-error');
  await error.getByText('The model timed out.').waitFor();
  assert.equal(await input.inputValue(), ''); // the message was saved: nothing to restore
  await error.getByRole('button', { name: 'Retry' }).click();
  await page.locator('[data-item-id="msg_a2"]').waitFor();
  assert.deepEqual(requests.at(-1).params, { thread_id: 'thr_1', item_id: 'msg_u2' });
  assert.equal(await error.isVisible(), false);
});

test('a failed send restores the text; Shift+Enter makes a new line', async () => {
  script['threads.create'] = () => ({ status: 500, json: { error: { code: 'internal', message: 'internal error' } } });
  await openPage();
  const input = page.locator('.ck-composer-input');
  await input.fill('first line');
  await input.press('Shift+Enter');
  await input.type('second line');
  assert.equal(await input.inputValue(), 'first line\nsecond line');
  await input.press('Enter');
  await page.locator('.ck-error').waitFor();
  assert.equal(await input.inputValue(), 'first line\nsecond line');
  assert.equal(await page.locator('.ck-error [data-ck-action="retry"]').count(), 0);
  assert.equal(await page.locator('.ck-item--sending').isVisible(), false);
});

test('opening a thread loads it and pages older items', async () => {
  const all = Array.from({ length: 45 }, (_, i) => (i % 2 === 0 ? userItem(`msg_${i}`, `question ${i}`) : assistantItem(`msg_${i}`, `answer ${i}`)));
  script['threads.get_by_id'] = () => ({ json: { ...thread, title: 'Long', items: { data: all.slice(0, 20), has_more: true, after: 'msg_19' } } });
  script['items.list'] = (params) => {
    const newestFirst = [...all].reverse();
    const start = params.after ? newestFirst.findIndex((item) => item.id === params.after) + 1 : 0;
    const data = newestFirst.slice(start, start + params.limit);
    const hasMore = start + params.limit < all.length;
    return { json: { data, has_more: hasMore, after: hasMore ? data.at(-1)?.id : null } };
  };
  await openPage('?thread=thr_1');
  await page.locator('[data-item-id="msg_44"]').waitFor();
  assert.equal(await page.locator('.ck-items > .ck-item').count(), 30);
  assert.equal(await page.locator('.ck-start').isVisible(), false);
  await page.locator('.ck-load-older').click();
  await page.locator('[data-item-id="msg_0"]').waitFor();
  const ids = await page.locator('.ck-items > .ck-item').evaluateAll((els) => els.map((el) => /** @type {HTMLElement} */ (el).dataset.itemId));
  assert.deepEqual(ids, all.map((item) => item.id));
  assert.deepEqual(requests.filter((r) => r.type === 'items.list').map((r) => r.params.order), ['desc', 'desc']);
  assert.deepEqual(errors, []);
});
