// Front-end figures, measured in the browser against the real server and written to frontend-timings.json:
// page load until usable (the sign-in form; the chat's composer for a signed-in user), and a 50-row task list
// widget (from sending "show my tasks" to its rows in the DOM, and the renderer's own time on the recorded widget).
// Medians and 90th percentiles of several runs; nothing here asserts a time (a busy machine would fail it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE_URL, launch, signUp } from './harness.js';
import { ORIGIN, serveWeb } from './fixtures/static-route.js';
import { percentile, recordTimings } from './artifacts.js';

const RUNS = 10;
const TASKS = 50;

/** Median, 90th percentile, min and max of a list of milliseconds, with the count. @param {number[]} samples */
function summary(samples) {
  return {
    runs: samples.length,
    median_ms: percentile(samples, 50),
    p90_ms: percentile(samples, 90),
    min_ms: Math.round(Math.min(...samples) * 10) / 10,
    max_ms: Math.round(Math.max(...samples) * 10) / 10,
  };
}

/**
 * Notes, from the first byte of the document on, when the page becomes usable: the sign-in form with its submit
 * button enabled, or the chat's composer enabled with no thread loading. `performance.now()` counts from the
 * navigation's start.
 * @param {import('playwright-core').BrowserContext} context
 */
async function watchUsable(context) {
  await context.addInitScript(() => {
    const win = /** @type {any} */ (window);
    const check = () => {
      if (win.usableAt) return;
      const composer = document.querySelector('#conversation textarea.ck-composer-input');
      const chatUsable = composer instanceof HTMLTextAreaElement && !composer.disabled
        && !document.querySelector('#conversation .ck-root[aria-busy="true"]');
      const signInUsable = document.querySelector('.auth-form #auth-email')
        && document.querySelector('.auth-form button[type="submit"]:not(:disabled)');
      if (chatUsable) win.usableAt = { page: 'chat', ms: performance.now() };
      else if (signInUsable) win.usableAt = { page: 'signin', ms: performance.now() };
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  });
}

/**
 * Loads `path` RUNS times in a fresh page each and returns the times to usable, and the first (cold) one apart.
 * @param {import('playwright-core').BrowserContext} context
 * @param {string} path
 * @param {'chat' | 'signin'} expected
 */
async function loadTimes(context, path, expected) {
  /** @type {number[]} */
  const samples = [];
  /** @type {number[]} */
  const domContentLoaded = [];
  for (let run = 0; run <= RUNS; run += 1) {
    const page = await context.newPage();
    await page.goto(path);
    await page.waitForFunction(() => /** @type {any} */ (window).usableAt, null, { timeout: 15_000 });
    const { usable, dcl } = await page.evaluate(() => ({
      usable: /** @type {any} */ (window).usableAt,
      dcl: /** @type {PerformanceNavigationTiming} */ (performance.getEntriesByType('navigation')[0]).domContentLoadedEventEnd,
    }));
    assert.equal(usable.page, expected, `${path} became usable as ${usable.page}`);
    // Run 0 warms the browser's cache and the server's file reads; it is not counted.
    if (run > 0) {
      samples.push(usable.ms);
      domContentLoaded.push(dcl);
    }
    await page.close();
  }
  return { ...summary(samples), dom_content_loaded_median_ms: percentile(domContentLoaded, 50) };
}

test('page load to usable: the sign-in form, and the chat for a signed-in user', async () => {
  const browser = await launch();
  try {
    const visitor = await browser.newContext({ baseURL: BASE_URL });
    await watchUsable(visitor);
    const signInPage = await loadTimes(visitor, '/#/signin', 'signin');

    const account = await signUp('perf-load');
    const member = await browser.newContext({ baseURL: BASE_URL });
    const signIn = await member.request.post('/api/auth/sign-in/email', { data: { email: account.email, password: account.password } });
    assert.equal(signIn.status(), 200);
    await watchUsable(member);
    const chatPage = await loadTimes(member, '/#/chat', 'chat');

    recordTimings('page_load_to_usable', { signin_form: signInPage, chat_composer_signed_in: chatPage });
  } finally {
    await browser.close();
  }
});

test('a 50-row task list: from send to its rows in the DOM, and the renderer alone', async () => {
  const account = await signUp('perf-list');
  for (let i = 1; i <= TASKS; i += 1) {
    const response = await fetch(`${BASE_URL}/api/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Task number ${i} with a title of ordinary length` }),
    });
    assert.equal(response.status, 201);
  }
  const browser = await launch();
  try {
    const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 900 } });
    const signIn = await context.request.post('/api/auth/sign-in/email', { data: { email: account.email, password: account.password } });
    assert.equal(signIn.status(), 200);
    const page = await context.newPage();
    await page.goto('/#/chat');
    const conversation = page.locator('#conversation');
    const composer = conversation.getByRole('textbox', { name: 'Message' });

    /** @type {number[]} */
    const sendToRows = [];
    /** @type {any} */
    let recordedWidget = null;
    for (let run = 0; run <= RUNS; run += 1) {
      // Each run in a new chat, so every run does the same work (a new thread, one list).
      await page.getByRole('button', { name: 'New chat' }).click();
      await page.waitForFunction(() => location.hash === '#/chat' && !document.querySelector('#conversation .ck-listview'));
      await page.evaluate((rows) => {
        const win = /** @type {any} */ (window);
        win.sentAt = 0;
        win.rowsAt = 0;
        const textarea = /** @type {HTMLElement} */ (document.querySelector('#conversation textarea'));
        textarea.addEventListener('keydown', (event) => {
          if (event.key === 'Enter') win.sentAt = performance.now();
        }, { capture: true, once: true });
        const observer = new MutationObserver(() => {
          const list = document.querySelector('#conversation .ck-listview');
          if (list && list.querySelectorAll('.ck-listview-item').length >= rows) {
            win.rowsAt = performance.now();
            observer.disconnect();
          }
        });
        observer.observe(/** @type {Node} */ (document.querySelector('#conversation')), { childList: true, subtree: true });
      }, TASKS);
      await composer.fill('show my tasks');
      await composer.press('Enter');
      await page.waitForFunction(() => /** @type {any} */ (window).rowsAt > 0, null, { timeout: 15_000 });
      const ms = await page.evaluate(() => /** @type {any} */ (window).rowsAt - /** @type {any} */ (window).sentAt);
      if (run > 0) sendToRows.push(ms); // run 0 warms up (the first chat, the first list)
      await conversation.getByText(`My tasks: ${TASKS} open · 0 done`).waitFor();
      assert.equal(await conversation.locator('.ck-listview-item').count(), TASKS);
      if (!recordedWidget) recordedWidget = await lastWidget(page);
      await eventually(page, () => !document.querySelector('#conversation textarea:disabled'));
    }

    const rendererOnly = await rendererTimes(browser, recordedWidget);
    recordTimings('task_list_50_rows', {
      send_to_rows_in_dom: summary(sendToRows),
      renderer_build_ms: rendererOnly.build,
      renderer_build_and_layout_ms: rendererOnly.buildAndLayout,
    });
  } finally {
    await browser.close();
  }
});

/**
 * The JSON of the newest widget of the open thread, as the server stored it (items.list).
 * @param {import('playwright-core').Page} page
 */
async function lastWidget(page) {
  const threadId = decodeURIComponent(new URL(page.url()).hash.replace(/^#\/chat\//, ''));
  assert.match(threadId, /^thr_/);
  const response = await page.request.post('/chatkit', { data: { type: 'items.list', params: { thread_id: threadId, order: 'desc', limit: 10 } } });
  assert.equal(response.status(), 200);
  const page1 = await response.json();
  const item = page1.data.find((/** @type {any} */ i) => i.type === 'widget' && i.widget?.type === 'ListView');
  assert.ok(item, 'the list widget is among the last items');
  assert.equal(item.widget.children.length, TASKS);
  return item.widget;
}

/**
 * @param {import('playwright-core').Page} page
 * @param {() => boolean} condition evaluated in the page
 */
async function eventually(page, condition) {
  await page.waitForFunction(condition, null, { timeout: 15_000 });
}

/**
 * The renderer alone on the recorded widget, on the fixture page (no server, the renderer's CSS): `renderWidget`
 * building the DOM, and that plus attaching it and the browser laying it out, RUNS times after a warm-up.
 * @param {import('playwright-core').Browser} browser
 * @param {any} widget
 */
async function rendererTimes(browser, widget) {
  const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
  await serveWeb(context);
  const page = await context.newPage();
  await page.goto(`${ORIGIN}/tests/fixtures/widgets.html`);
  await page.waitForFunction(() => /** @type {any} */ (window).fixturesReady === true);
  const times = await page.evaluate(async ({ json, runs }) => {
    const { renderWidget } = await import('/chatkit/index.js');
    const host = document.createElement('section');
    host.style.width = '760px';
    document.body.prepend(host);
    const build = [];
    const buildAndLayout = [];
    for (let run = 0; run <= runs; run += 1) {
      const started = performance.now();
      const element = renderWidget(json, { onAction: () => undefined });
      const built = performance.now();
      host.replaceChildren(element);
      void host.offsetHeight; // forces style and layout now
      const laidOut = performance.now();
      if (run > 0) {
        build.push(built - started);
        buildAndLayout.push(laidOut - started);
      }
    }
    return { build, buildAndLayout, rows: host.querySelectorAll('.ck-listview-item').length };
  }, { json: widget, runs: RUNS });
  await context.close();
  assert.equal(times.rows, TASKS);
  return { build: summary(times.build), buildAndLayout: summary(times.buildAndLayout) };
}
