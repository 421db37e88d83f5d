// The LLM assistant against a scripted model, in the browser, end to end: Stop in the middle of a streamed answer
// (the words stop, the composer comes back, taskchat closes its upstream request, and the part already said is
// what the thread keeps), and the frame times of the page while a long answer streams in (figures written to
// frontend-timings.json, never asserted: they depend on how busy the machine is).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually, launch, uniqueEmail } from './harness.js';
import { startServer } from './server.js';
import { startScriptedModel, scriptedText } from './scripted-model.js';
import { percentile, recordTimings, saveThemedScreenshots } from './artifacts.js';

/** @type {Awaited<ReturnType<typeof startScriptedModel>>} */
let model;
/** @type {Awaited<ReturnType<typeof startServer>>} */
let taskchat;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  model = await startScriptedModel({ words: 200, intervalMs: 50 });
  taskchat = await startServer({
    TASKCHAT_ASSISTANT: 'llm',
    OPENAI_BASE_URL: model.baseUrl,
    OPENAI_API_KEY: 'test',
    OPENAI_MODEL: 'scripted',
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await taskchat?.stop();
  await model?.stop();
});

/** A fresh page on the private server with a new account, signed up through the form. */
async function signedUpPage() {
  const context = await browser.newContext({ baseURL: taskchat.url, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  /** @type {Error[]} */
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto('/#/signup');
  await page.getByLabel('Name').fill('Stopper');
  await page.getByLabel('Email').fill(uniqueEmail('stop'));
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
  return { page, errors };
}

/** The text of the last assistant message in the conversation. @param {import('playwright-core').Page} page */
async function lastAnswer(page) {
  return page.evaluate(() => {
    const bubbles = document.querySelectorAll('#conversation .ck-item--assistant_message .ck-bubble--assistant');
    return (bubbles[bubbles.length - 1]?.textContent ?? '').trim();
  });
}

test('Stop mid-stream: the words stop, the composer is back, the model is hung up on, the thread keeps the part said', async (t) => {
  model.setAnswer({ words: 200, intervalMs: 50 });
  const requestsBefore = model.requests.length;
  const { page, errors } = await signedUpPage();
  const conversation = page.locator('#conversation');
  const composer = conversation.getByRole('textbox', { name: 'Message' });

  await composer.fill('tell me a long story');
  await composer.press('Enter');
  await eventually(async () => (await lastAnswer(page)).split(' ').length >= 10, 'ten words on screen');
  await conversation.getByRole('button', { name: 'Stop' }).click();
  const shownAtStop = await lastAnswer(page);

  // The text stops growing: what is on screen a moment after Stop stays as it is.
  await composer.waitFor({ state: 'visible' });
  await eventually(async () => !(await composer.isDisabled()), 'the composer is enabled again');
  const settled = await lastAnswer(page);
  await page.waitForTimeout(600); // 12 words' worth of the model's pace
  assert.equal(await lastAnswer(page), settled, 'no words arrive after Stop');
  assert.ok(settled.startsWith(shownAtStop), 'what was shown stays');
  assert.ok(settled.split(' ').length < 200, 'the answer was cut short');
  assert.equal(await conversation.getByRole('button', { name: 'Stop' }).count(), 0, 'Stop is gone');
  assert.equal(await conversation.getByRole('button', { name: 'Send message' }).isVisible(), true, 'Send is back');
  await saveThemedScreenshots(page, 'stopped-answer');

  // Upstream: taskchat closed its request to the model before the answer was complete.
  assert.equal(model.requests.length, requestsBefore + 1, 'one model call');
  const upstream = model.requests[requestsBefore];
  await Promise.race([upstream.closed, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  assert.equal(upstream.closedEarly, true, 'the upstream connection was closed before the model finished');
  assert.ok(upstream.wordsSent < 200, `the model sent ${upstream.wordsSent} of 200 words`);

  // The composer works: typing goes in (a second message is not sent, so the model is not called again).
  await composer.fill('still here');
  assert.equal(await composer.inputValue(), 'still here');
  await composer.fill('');

  // After a reload the thread has the partial answer once: the words shown before Stop, in order, and no more
  // than the model had sent.
  await eventually(async () => /#\/chat\/thr_/.test(page.url()), 'the address names the thread');
  await page.reload();
  await conversation.getByText('tell me a long story').waitFor();
  await eventually(async () => (await lastAnswer(page)).length > 0, 'the saved answer is shown');
  const answers = await page.locator('#conversation .ck-item--assistant_message').count();
  assert.equal(answers, 1, 'one assistant message, no duplicate');
  const saved = await lastAnswer(page);
  assert.ok(saved.startsWith(settled), `the saved answer starts with what was shown:\n  shown: ${settled}\n  saved: ${saved}`);
  const savedWords = saved.split(' ');
  assert.ok(savedWords.length <= upstream.wordsSent, 'nothing the model did not say');
  assert.equal(saved, scriptedText(savedWords.length), 'the saved words are the model\'s, in order, once each');
  t.diagnostic(`words on screen at Stop: ${shownAtStop.split(' ').length}, after: ${settled.split(' ').length}, saved: ${savedWords.length}, sent by the model: ${upstream.wordsSent}`);
  assert.deepEqual(errors.map(String), [], 'the page threw');
  await page.context().close();
});

test('frame times while a 1000-word answer streams in (recorded, not asserted)', async () => {
  const WORDS = 1000;
  model.setAnswer({ words: WORDS, intervalMs: 5 });
  const { page, errors } = await signedUpPage();
  const conversation = page.locator('#conversation');
  const composer = conversation.getByRole('textbox', { name: 'Message' });

  // Frame deltas from requestAnimationFrame, from the send until the response ends; long tasks (main-thread work
  // over 50 ms) on the side, to tell a slow render from a frame the machine just did not schedule.
  await page.evaluate(() => {
    const win = /** @type {any} */ (window);
    win.frameDeltas = [];
    win.longTasks = [];
    win.streamDone = false;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!win.streamDone) win.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
    let last = performance.now();
    /** @param {number} now */
    const tick = (now) => {
      win.frameDeltas.push(now - last);
      last = now;
      if (!win.streamDone) requestAnimationFrame(tick);
    };
    document.addEventListener('chatkit-response-end', () => {
      win.streamDone = true;
      win.streamEnded = performance.now();
    }, { once: true });
    win.streamStarted = performance.now();
    requestAnimationFrame(tick);
  });
  await composer.fill('write a very long answer');
  await composer.press('Enter');
  await page.waitForFunction(() => /** @type {any} */ (window).streamDone === true, null, { timeout: 60_000 });

  // Everything arrived and is shown in order.
  assert.equal(await lastAnswer(page), scriptedText(WORDS));
  const { deltas, streamMs, longTasks } = await page.evaluate(() => {
    const win = /** @type {any} */ (window);
    // The first delta runs from setup to the first frame, not between two frames.
    return {
      deltas: /** @type {number[]} */ (win.frameDeltas).slice(1),
      streamMs: win.streamEnded - win.streamStarted,
      longTasks: /** @type {number[]} */ (win.longTasks),
    };
  });
  const figures = {
    words: WORDS,
    model_interval_ms: 5,
    stream_ms: Math.round(streamMs),
    frames: deltas.length,
    frame_ms_p50: percentile(deltas, 50),
    frame_ms_p95: percentile(deltas, 95),
    frame_ms_max: Math.round(Math.max(...deltas) * 10) / 10,
    frames_over_50ms: deltas.filter((d) => d > 50).length,
    long_tasks: longTasks.length,
    long_tasks_total_ms: Math.round(longTasks.reduce((sum, d) => sum + d, 0)),
  };
  recordTimings('streaming_1000_words', figures);
  assert.ok(deltas.length > 0, 'frames were counted');
  assert.deepEqual(errors.map(String), [], 'the page threw');
  await page.context().close();
});
