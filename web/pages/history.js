// The history sidebar: the user's threads, newest first, 20 at a time with "Load more"; each can be opened (a
// link to #/chat/<id>), renamed in place (threads.update) or deleted after a confirmation (threads.delete).
import { h, icon, replace } from '../lib/dom.js';
import { threads as threadsApi, messageOf } from '../lib/api.js';
import { confirmDialog } from '../lib/dialog.js';

/** @typedef {import('../lib/api.js').Thread} Thread */

/**
 * @param {{ onNewChat(): void, onDeleted(threadId: string): void }} options
 */
export function historySidebar({ onNewChat, onDeleted }) {
  /** @type {Thread[]} */
  let list = [];
  let hasMore = false;
  /** @type {string | null} */
  let after = null;
  let loaded = false;
  let loading = false;
  /** @type {string | null} */
  let error = null;
  /** @type {string | null} */
  let activeId = null;
  /** @type {string | null} the thread being renamed */
  let editingId = null;

  const listElement = h('ul', { class: 'thread-list', role: 'list' });
  const status = h('p', { class: 'panel-error', role: 'alert', hidden: true });
  const more = h('button', { type: 'button', class: 'btn btn-ghost btn-block', text: 'Load more', hidden: true, onClick: loadMore });
  const element = h(
    'nav',
    { class: 'history', id: 'history', 'aria-label': 'Chat history' },
    h(
      'button',
      { type: 'button', class: 'btn btn-primary btn-block new-chat', onClick: () => onNewChat() },
      icon('plus'),
      h('span', { text: 'New chat' }),
    ),
    h('h2', { class: 'history-title', text: 'Recent chats' }),
    status,
    listElement,
    more,
  );

  async function refresh() {
    loading = true;
    try {
      const page = await threadsApi.list();
      // Keep threads of later pages the user had loaded; the first page replaces its own range.
      const first = new Set(page.data.map((t) => t.id));
      const rest = list.slice(page.data.length).filter((t) => !first.has(t.id));
      list = [...page.data, ...(hasMore ? rest : [])];
      if (!hasMore || rest.length === 0) {
        hasMore = page.has_more;
        after = page.after ?? null;
      }
      loaded = true;
      error = null;
    } catch (failure) {
      error = messageOf(failure);
    } finally {
      loading = false;
      render();
    }
  }

  async function loadMore() {
    if (!after || loading) return;
    loading = true;
    render();
    try {
      const page = await threadsApi.list(after);
      const known = new Set(list.map((t) => t.id));
      const added = page.data.filter((t) => !known.has(t.id));
      list = [...list, ...added];
      hasMore = page.has_more;
      after = page.after ?? null;
      error = null;
      render();
      // Keyboard users continue at the first chat that just appeared (the button may be gone).
      const first = added[0];
      if (first && (document.activeElement === more || document.activeElement === document.body)) {
        const link = listElement.querySelector(`[data-thread-id="${CSS.escape(first.id)}"] .thread-link`);
        if (link instanceof HTMLElement) link.focus();
      }
    } catch (failure) {
      error = messageOf(failure);
    } finally {
      loading = false;
      render();
    }
  }

  function render() {
    status.textContent = error ?? '';
    status.hidden = !error;
    more.hidden = !hasMore;
    // aria-disabled, not disabled: keyboard focus stays on the button while the next page loads.
    if (loading) more.setAttribute('aria-disabled', 'true');
    else more.removeAttribute('aria-disabled');
    if (loaded && list.length === 0) {
      replace(listElement, h('li', { class: 'history-empty', text: 'No chats yet. Start one!' }));
      return;
    }
    replace(listElement, list.map(row));
  }

  /** @param {Thread} thread */
  function row(thread) {
    const title = titleOf(thread);
    const current = thread.id === activeId;
    if (thread.id === editingId) return renameRow(thread);
    return h(
      'li',
      { class: current ? 'thread is-active' : 'thread', dataset: { threadId: thread.id } },
      h('a', { class: 'thread-link', href: `#/chat/${encodeURIComponent(thread.id)}`, 'aria-current': current ? 'page' : false, title, text: title }),
      h(
        'div',
        { class: 'thread-actions' },
        h('button', {
          type: 'button',
          class: 'icon-btn',
          'aria-label': `Rename “${title}”`,
          title: 'Rename',
          onClick: () => {
            editingId = thread.id;
            render();
          },
        }, icon('pencil')),
        h('button', {
          type: 'button',
          class: 'icon-btn',
          'aria-label': `Delete “${title}”`,
          title: 'Delete',
          onClick: () => remove(thread),
        }, icon('trash')),
      ),
    );
  }

  /** @param {Thread} thread */
  function renameRow(thread) {
    const id = `rename-${thread.id}`;
    const input = h('input', { id, class: 'input input-small', type: 'text', value: thread.title ?? '', maxLength: 200 });
    let done = false;
    /** @param {boolean} save */
    const finish = async (save) => {
      if (done) return;
      done = true;
      const title = input.value.trim();
      editingId = null;
      if (save && title && title !== (thread.title ?? '')) {
        try {
          const updated = await threadsApi.rename(thread.id, title);
          list = list.map((t) => (t.id === thread.id ? { ...t, ...updated } : t));
          error = null;
        } catch (failure) {
          error = messageOf(failure);
        }
      }
      render();
      const link = listElement.querySelector(`[data-thread-id="${CSS.escape(thread.id)}"] .thread-link`);
      if (link instanceof HTMLElement) link.focus();
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        void finish(true);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        void finish(false);
      }
    });
    input.addEventListener('blur', () => void finish(true));
    queueMicrotask(() => {
      input.focus();
      input.select();
    });
    return h(
      'li',
      { class: 'thread is-editing', dataset: { threadId: thread.id } },
      h('label', { for: id, class: 'visually-hidden', text: 'Chat title' }),
      input,
    );
  }

  /** @param {Thread} thread */
  async function remove(thread) {
    const ok = await confirmDialog({
      title: 'Delete chat?',
      message: `“${titleOf(thread)}” and its messages will be deleted. Your tasks stay.`,
      confirmLabel: 'Delete',
      danger: true,
    });
    if (!ok) return;
    try {
      await threadsApi.remove(thread.id);
      list = list.filter((t) => t.id !== thread.id);
      error = null;
      render();
      onDeleted(thread.id);
    } catch (failure) {
      error = messageOf(failure);
      render();
    }
  }

  return {
    element,
    refresh,
    /** @param {string | null} threadId */
    setActive(threadId) {
      activeId = threadId;
      render();
    },
    /**
     * Puts a thread the chat created or renamed at its place without waiting for a reload.
     * @param {Thread} thread
     */
    upsert(thread) {
      const known = list.find((t) => t.id === thread.id);
      list = known ? list.map((t) => (t.id === thread.id ? { ...t, ...thread } : t)) : [thread, ...list];
      loaded = true;
      render();
    },
  };
}

/** @param {Thread} thread */
export function titleOf(thread) {
  return thread.title?.trim() || 'New chat';
}
