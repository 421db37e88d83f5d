// mountChat: one conversation against any ChatKit server. Sending, streaming (with Stop), retry, widget actions,
// paging older items, notices and progress. DOM events on the container tell the page what happened:
//   chatkit-response-start / chatkit-response-end {op, threadId, error?, stopped?}
//   chatkit-action-end {action, itemId, threadId}     chatkit-client-action {action, itemId, threadId}
//   chatkit-items-changed {threadId}                 chatkit-effect {name, data}   (server `client_effect`)
import { isAbort } from './client.js';
import { renderItem, spinner, userText } from './chat-items.js';
import { renderMarkdown } from './markdown.js';
import { ThreadStore } from './thread-store.js';
import { icon } from './widgets/icons.js';

/** @typedef {import('./client.js').ChatKitClient} ChatKitClient */
/** @typedef {import('./types.js').Thread} Thread */
/** @typedef {import('./types.js').ThreadItem} ThreadItem */
/** @typedef {import('./types.js').ActionConfig} ActionConfig */
/** @typedef {import('./thread-store.js').ChangeDetail} ChangeDetail */

/**
 * @typedef {{
 *   client: ChatKitClient,
 *   threadId: string | null,
 *   onThreadChange?: (thread: Thread) => void,
 *   startScreen?: {greeting?: string, prompts?: {label: string, prompt: string}[]},
 *   placeholder?: string,
 *   pageSize?: number,
 * }} MountOptions
 */

const DEFAULT_PROMPTS = [
  { label: 'Show my tasks', prompt: 'Show my tasks' },
  { label: 'Add a task', prompt: 'Add a task' },
  { label: "What's due this week?", prompt: "What's due this week?" },
];

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} className
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
function el(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * @param {HTMLElement} container
 * @param {MountOptions} options
 * @returns {{open(threadId: string | null): Promise<void>, destroy(): void, send(text: string): Promise<boolean>, store: ThreadStore}}
 */
export function mountChat(container, options) {
  const { client, onThreadChange } = options;
  const pageSize = options.pageSize ?? 30;
  const store = new ThreadStore();
  /** @type {string | null} */
  let threadId = null;
  /** @type {AbortController | null} */
  let current = null;
  let busy = false;
  /** @type {string | null} */
  let olderCursor = null;
  let loadingOlder = false;
  let loadSeq = 0;
  /** @type {{message: string, retry: (() => void) | null} | null} */
  let loadError = null;
  /** @type {Map<string, 'positive' | 'negative'>} */
  const feedback = new Map();
  /** @type {Map<string, {item: ThreadItem, el: HTMLElement | null}>} */
  const nodes = new Map();
  /** @type {Set<string>} */
  const dirty = new Set();
  let structural = false;
  let stickToBottom = true;
  let frame = 0;
  let timer = 0;

  // ----- DOM -----
  const root = el('div', 'ck-root ck-chat');
  const notices = el('div', 'ck-notices');
  notices.setAttribute('role', 'status');
  const scroller = el('div', 'ck-scroll');
  const threadEl = el('div', 'ck-thread');
  const start = el('div', 'ck-start');
  const olderButton = el('button', 'ck-load-older', 'Load earlier messages');
  olderButton.type = 'button';
  olderButton.hidden = true;
  const list = el('div', 'ck-items');
  list.setAttribute('role', 'log');
  list.setAttribute('aria-live', 'polite');
  list.setAttribute('aria-label', 'Conversation');
  const pendingUser = el('div', 'ck-item ck-item--user_message ck-item--sending');
  pendingUser.hidden = true;
  const statusLine = el('div', 'ck-progress');
  statusLine.setAttribute('role', 'status');
  statusLine.hidden = true;
  const errorBox = el('div', 'ck-error');
  errorBox.setAttribute('role', 'alert');
  errorBox.hidden = true;
  threadEl.append(start, olderButton, list, pendingUser, statusLine, errorBox);
  scroller.appendChild(threadEl);

  const composer = el('form', 'ck-composer');
  const textarea = el('textarea', 'ck-composer-input');
  textarea.rows = 1;
  textarea.placeholder = options.placeholder ?? 'Message the assistant…';
  textarea.setAttribute('aria-label', 'Message');
  const sendButton = el('button', 'ck-composer-send');
  sendButton.type = 'submit';
  sendButton.setAttribute('aria-label', 'Send message');
  sendButton.appendChild(icon('send'));
  const stopButton = el('button', 'ck-composer-stop');
  stopButton.type = 'button';
  stopButton.setAttribute('aria-label', 'Stop');
  stopButton.title = 'Stop';
  stopButton.appendChild(el('span', 'ck-stop-square'));
  stopButton.hidden = true;
  composer.append(textarea, stopButton, sendButton);
  root.append(notices, scroller, composer);
  container.appendChild(root);

  // ----- events out -----
  /**
   * @param {string} name
   * @param {Record<string, unknown>} detail
   */
  const emit = (name, detail) => container.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));

  // ----- rendering -----
  const nearBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 48;
  const schedule = () => {
    if (frame) return;
    frame = requestAnimationFrame(flush);
    timer = window.setTimeout(flush, 120); // rAF does not run in background tabs
  };

  function flush() {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    frame = 0;
    timer = 0;
    const stick = stickToBottom || nearBottom();
    const top = scroller.scrollTop;
    if (structural) reconcile();
    else for (const id of dirty) rerender(id);
    structural = false;
    dirty.clear();
    renderStatus();
    if (stick) scroller.scrollTop = scroller.scrollHeight;
    else scroller.scrollTop = top;
    stickToBottom = false;
  }

  /** @param {ThreadItem} item */
  function build(item) {
    const id = item.id;
    return renderItem(item, {
      pending: store.pending.has(id),
      feedback: feedback.get(id),
      onAction: (action, values) => runAction(id, action, values),
      onFeedback: (kind) => void sendFeedback(id, kind),
    });
  }

  function reconcile() {
    const seen = new Set();
    let index = 0;
    for (const item of store.items) {
      seen.add(item.id);
      let entry = nodes.get(item.id);
      if (!entry || entry.item !== item || dirty.has(item.id)) {
        const fresh = build(item);
        if (entry?.el) replaceKeepingFocus(entry.el, fresh);
        entry = { item, el: fresh };
        nodes.set(item.id, entry);
      }
      if (!entry.el) continue;
      if (list.children[index] !== entry.el) list.insertBefore(entry.el, list.children[index] ?? null);
      index++;
    }
    for (const [id, entry] of nodes) {
      if (seen.has(id)) continue;
      entry.el?.remove();
      nodes.delete(id);
    }
  }

  /** @param {string} id */
  function rerender(id) {
    const item = store.get(id);
    const entry = nodes.get(id);
    if (!item || !entry) {
      structural = true;
      reconcile();
      return;
    }
    const fresh = build(item);
    if (entry.el && fresh) replaceKeepingFocus(entry.el, fresh);
    else if (entry.el) entry.el.remove();
    else if (fresh) {
      nodes.set(id, { item, el: fresh });
      reconcile();
      return;
    }
    nodes.set(id, { item, el: fresh });
  }

  /**
   * Swaps an item's element, keeping keyboard focus on the same control when it was inside: found again by its
   * widget id, or, for a control without one (a card's confirm button, a list row's button), by its role inside
   * the nearest component with an id. When that control is gone or cannot take focus, the item itself takes it.
   * @param {HTMLElement} old
   * @param {HTMLElement | null} fresh
   */
  function replaceKeepingFocus(old, fresh) {
    const active = document.activeElement;
    const hadFocus = active instanceof HTMLElement && old.contains(active);
    const owner = hadFocus ? active.closest('[data-ck-id]') : null;
    const key = owner?.getAttribute('data-ck-id');
    const role = hadFocus && active !== owner ? active.dataset.ckRole : undefined;
    if (fresh) old.replaceWith(fresh);
    else old.remove();
    if (!hadFocus || !fresh) return;
    let target = key ? fresh.querySelector(`[data-ck-id="${CSS.escape(key)}"]`) : null;
    if (target && role) target = target.querySelector(`[data-ck-role="${CSS.escape(role)}"]`);
    if (target instanceof HTMLElement) target.focus({ preventScroll: true });
    if (document.activeElement !== target) fresh.focus({ preventScroll: true });
  }

  function renderStatus() {
    // start screen
    const showStart = threadId === null && store.items.length === 0 && pendingUser.hidden && !busy;
    start.hidden = !showStart;
    olderButton.hidden = !olderCursor;
    olderButton.disabled = loadingOlder;
    // progress / typing
    const streamingText = [...store.pending].some((id) => store.get(id)?.type === 'assistant_message');
    statusLine.replaceChildren();
    if (busy && store.progress) {
      statusLine.append(spinner(), el('span', 'ck-progress-text', store.progress.text));
      statusLine.hidden = false;
    } else if (busy && !streamingText) {
      const dots = el('span', 'ck-typing');
      dots.setAttribute('aria-label', 'Assistant is responding');
      dots.append(el('span', ''), el('span', ''), el('span', ''));
      statusLine.append(dots);
      statusLine.hidden = false;
    } else {
      statusLine.hidden = true;
    }
    // error
    const error = loadError ?? (store.error ? streamError() : null);
    errorBox.replaceChildren();
    errorBox.hidden = !error;
    if (error) {
      errorBox.append(icon('info'), el('span', 'ck-error-text', error.message));
      if (error.retry) {
        const retryButton = el('button', 'ck-button ck-button--secondary ck-button--outline ck-button--sm', 'Retry');
        retryButton.type = 'button';
        retryButton.dataset.ckAction = 'retry';
        const retry = error.retry;
        retryButton.addEventListener('click', () => retry());
        errorBox.appendChild(retryButton);
      }
    }
    // notices
    notices.replaceChildren(
      ...store.notices.map((notice) => {
        const banner = el('div', `ck-notice ck-notice--${/^(info|warning|danger)$/.test(notice.level) ? notice.level : 'info'}`);
        if (notice.title) banner.appendChild(el('strong', 'ck-notice-title', notice.title));
        const body = el('div', 'ck-notice-body ck-prose');
        body.appendChild(renderMarkdown(notice.message));
        const close = el('button', 'ck-icon-button ck-notice-close', '×');
        close.type = 'button';
        close.setAttribute('aria-label', 'Dismiss');
        close.addEventListener('click', () => store.dismissNotice(notice.id));
        banner.append(body, close);
        return banner;
      }),
    );
    // composer
    textarea.disabled = busy;
    sendButton.disabled = busy;
    sendButton.hidden = busy && store.streamOptions.allow_cancel !== false;
    stopButton.hidden = !busy || store.streamOptions.allow_cancel === false;
  }

  function streamError() {
    const error = /** @type {import('./thread-store.js').StreamErrorInfo} */ (store.error);
    const message = error.message || (error.code === 'stream.error' ? 'Something went wrong while answering.' : 'Something went wrong.');
    const canRetry = error.allow_retry && lastUserMessage() !== undefined && threadId !== null;
    return { message, retry: canRetry ? retry : null };
  }

  function lastUserMessage() {
    for (let i = store.items.length - 1; i >= 0; i--) if (store.items[i].type === 'user_message') return store.items[i];
    return undefined;
  }

  store.addEventListener('change', (event) => {
    const detail = /** @type {CustomEvent<ChangeDetail>} */ (event).detail;
    if (detail.kind === 'items') structural = true;
    else if (detail.kind === 'item' && detail.itemId) dirty.add(detail.itemId);
    if (detail.kind === 'thread' && detail.event && store.thread) onThreadChange?.(store.thread);
    if (detail.event === 'thread.item.done' || detail.event === 'thread.item.replaced' || detail.event === 'thread.item.removed') {
      emit('chatkit-items-changed', { threadId });
    }
    schedule();
  });
  store.addEventListener('effect', (event) => emit('chatkit-effect', /** @type {CustomEvent} */ (event).detail));

  // ----- streams -----
  /**
   * @param {string} op
   * @param {Record<string, unknown>} params
   * @param {{restoreText?: string}} [opts]
   */
  async function runStream(op, params, opts = {}) {
    const controller = new AbortController();
    current = controller;
    busy = true;
    loadError = null;
    store.beginResponse();
    renderStatus(); // the loading indicator shows now, not on the next frame
    emit('chatkit-response-start', { op, threadId });
    let userSeen = false;
    /** @type {any} */
    let failure = null;
    try {
      for await (const event of client.stream(op, params, { signal: controller.signal })) {
        if (current !== controller) break;
        if (event.type === 'thread.created' && event.thread) threadId = event.thread.id;
        if (event.item?.type === 'user_message' && (event.type === 'thread.item.done' || event.type === 'thread.item.added')) {
          userSeen = true;
          pendingUser.hidden = true;
          stickToBottom = true;
        }
        store.apply(event);
      }
    } catch (error) {
      if (!isAbort(error)) failure = error;
    }
    const stopped = controller.signal.aborted;
    if (current !== controller) return; // another thread was opened meanwhile
    current = null;
    busy = false;
    pendingUser.hidden = true;
    if (failure) {
      const sent = opts.restoreText !== undefined;
      if (sent && !userSeen && textarea.value.trim() === '') textarea.value = opts.restoreText ?? '';
      store.setError({
        code: failure.code ?? 'network',
        message: failure.message || 'The request failed.',
        allow_retry: !sent || userSeen,
      });
    }
    store.endResponse();
    flush();
    if (!root.contains(document.activeElement) || document.activeElement === stopButton) textarea.focus();
    emit('chatkit-response-end', { op, threadId, error: failure ? String(failure.message) : undefined, stopped });
  }

  /**
   * Sends a user message (creating the thread first when there is none).
   * @param {string} raw
   */
  async function send(raw) {
    const text = raw.trim();
    if (!text || busy) return false;
    const input = { content: [{ type: 'input_text', text }], attachments: [], inference_options: {} };
    const op = threadId ? 'threads.add_user_message' : 'threads.create';
    const params = threadId ? { thread_id: threadId, input } : { input };
    textarea.value = '';
    fitComposer();
    const bubble = el('div', 'ck-bubble ck-bubble--user');
    bubble.appendChild(el('div', 'ck-user-text', text));
    pendingUser.replaceChildren(bubble);
    pendingUser.hidden = false;
    stickToBottom = true;
    await runStream(op, params, { restoreText: text });
    return store.error === null;
  }

  function retry() {
    const last = lastUserMessage();
    if (!last || !threadId || busy) return;
    store.truncateAfter(last.id);
    stickToBottom = true;
    void runStream('threads.retry_after_item', { thread_id: threadId, item_id: last.id });
  }

  /**
   * A widget action: client-handled ones become a DOM event, the others a `threads.custom_action` stream.
   * @param {string} itemId
   * @param {ActionConfig} action
   * @param {Record<string, unknown>} [values]
   */
  function runAction(itemId, action, values) {
    const payload = action.payload;
    const plain = payload === undefined || payload === null || (typeof payload === 'object' && !Array.isArray(payload));
    const merged = values && Object.keys(values).length > 0 && plain ? { ...(payload ?? {}), ...values } : payload;
    /** @type {{type: string, payload?: unknown}} */
    const sent = { type: action.type };
    if (merged !== undefined) sent.payload = merged;
    if (action.handler === 'client') {
      emit('chatkit-client-action', { action: sent, itemId, threadId });
      return undefined;
    }
    if (!threadId || busy) return undefined;
    return runStream('threads.custom_action', { thread_id: threadId, item_id: itemId, action: sent }).then(() =>
      emit('chatkit-action-end', { action: sent, itemId, threadId }),
    );
  }

  /**
   * @param {string} itemId
   * @param {'positive' | 'negative'} kind
   */
  async function sendFeedback(itemId, kind) {
    if (!threadId) return;
    const previous = feedback.get(itemId);
    feedback.set(itemId, kind);
    dirty.add(itemId);
    schedule();
    try {
      await client.request('items.feedback', { thread_id: threadId, item_ids: [itemId], kind });
    } catch {
      if (previous) feedback.set(itemId, previous);
      else feedback.delete(itemId);
      dirty.add(itemId);
      schedule();
    }
  }

  // ----- loading -----
  /** @param {string | null} id */
  async function open(id) {
    const seq = ++loadSeq;
    current?.abort();
    current = null;
    busy = false;
    threadId = id;
    olderCursor = null;
    loadError = null;
    feedback.clear();
    pendingUser.hidden = true;
    store.reset();
    flush();
    if (!id) {
      renderStatus();
      return;
    }
    root.setAttribute('aria-busy', 'true');
    try {
      /** @type {Thread} */
      const thread = await client.request('threads.get_by_id', { thread_id: id });
      if (seq !== loadSeq) return;
      store.setThread(thread);
      if (thread.items?.has_more) {
        const page = await client.request('items.list', { thread_id: id, order: 'desc', limit: pageSize });
        if (seq !== loadSeq) return;
        store.replaceItems([...(page.data ?? [])].reverse());
        olderCursor = page.has_more && page.after ? page.after : null;
      }
      if (store.thread) onThreadChange?.(store.thread);
    } catch (error) {
      if (seq !== loadSeq) return;
      const status = /** @type {any} */ (error).status;
      loadError = {
        message: status === 404 ? 'This conversation could not be found.' : 'The conversation could not be loaded.',
        retry: status === 404 ? null : () => void open(id),
      };
    } finally {
      if (seq === loadSeq) root.removeAttribute('aria-busy');
    }
    stickToBottom = true;
    flush();
  }

  async function loadOlder() {
    if (!olderCursor || loadingOlder || !threadId) return;
    loadingOlder = true;
    renderStatus();
    const seq = loadSeq;
    try {
      const page = await client.request('items.list', { thread_id: threadId, order: 'desc', after: olderCursor, limit: pageSize });
      if (seq !== loadSeq) return;
      const fromBottom = scroller.scrollHeight - scroller.scrollTop;
      olderCursor = page.has_more && page.after ? page.after : null;
      store.prependItems([...(page.data ?? [])].reverse());
      flush();
      scroller.scrollTop = scroller.scrollHeight - fromBottom;
    } catch {
      // keep the cursor: the button stays for another try
    } finally {
      loadingOlder = false;
      renderStatus();
    }
  }

  // ----- start screen -----
  const greeting = el('h2', 'ck-start-greeting', options.startScreen?.greeting ?? 'What can I help you with today?');
  const prompts = el('div', 'ck-start-prompts');
  for (const prompt of options.startScreen?.prompts ?? DEFAULT_PROMPTS) {
    const button = el('button', 'ck-start-prompt', prompt.label);
    button.type = 'button';
    button.addEventListener('click', () => void send(prompt.prompt));
    prompts.appendChild(button);
  }
  start.append(greeting, prompts);

  // ----- composer -----
  function fitComposer() {
    textarea.style.height = 'auto';
    textarea.style.height = `${Math.min(textarea.scrollHeight, 200)}px`;
  }
  textarea.addEventListener('input', fitComposer);
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void send(textarea.value);
    }
  });
  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    void send(textarea.value);
  });
  stopButton.addEventListener('click', () => current?.abort());
  olderButton.addEventListener('click', () => void loadOlder());
  scroller.addEventListener('scroll', () => {
    if (scroller.scrollTop < 60 && olderCursor) void loadOlder();
  });

  void open(options.threadId ?? null);

  return {
    open,
    send,
    store,
    destroy() {
      loadSeq++;
      current?.abort();
      current = null;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      root.remove();
    },
  };
}

export { userText };
