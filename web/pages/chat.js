// The chat page: a top bar, the history sidebar, the conversation (our ChatKit renderer) and the tasks panel. On
// narrow screens the sidebar and the panel become drawers opened from the top bar.
import { h, icon } from '../lib/dom.js';
import { themeButton } from '../lib/theme.js';
import { ChatKitClient, mountChat } from '../chatkit/index.js';
import { historySidebar, titleOf } from './history.js';
import { tasksPanel } from '../tasks/panel.js';

/** @typedef {import('../lib/api.js').User} User */
/** @typedef {import('../lib/api.js').Thread} Thread */

/** Events of the renderer after which tasks may have changed. */
const TASKS_MAY_HAVE_CHANGED = ['chatkit-response-end', 'chatkit-items-changed', 'chatkit-action-end'];

/**
 * @param {{
 *   user: User,
 *   threadId: string | null,
 *   onSignOut(): Promise<void>,
 *   onThreadShown(threadId: string | null): void,
 * }} options
 */
export function chatPage({ user, threadId, onSignOut, onThreadShown }) {
  /** @type {string | null} */
  let currentId = threadId;

  const history = historySidebar({
    onNewChat: () => navigate(null),
    onDeleted(id) {
      if (id === currentId) navigate(null);
    },
  });
  const tasks = tasksPanel();

  const chatContainer = h('div', { class: 'chat-host' });
  const conversation = h(
    'main',
    { class: 'conversation', id: 'conversation', 'aria-label': 'Conversation' },
    h('h1', { class: 'visually-hidden', id: 'page-title', tabIndex: -1, text: 'Chat' }),
    chatContainer,
  );

  const historyToggle = drawerToggle('history', 'menu', 'Chat history');
  const tasksToggle = drawerToggle('tasks', 'list', 'Tasks');
  const signOutButton = h('button', { type: 'button', class: 'btn btn-ghost btn-small' }, icon('logout'), h('span', { class: 'btn-text', text: 'Sign out' }));
  signOutButton.addEventListener('click', async () => {
    signOutButton.disabled = true;
    try {
      await onSignOut();
    } finally {
      signOutButton.disabled = false;
    }
  });

  const scrim = h('div', { class: 'scrim', 'aria-hidden': 'true', onClick: () => closeDrawers() });
  const element = h(
    'div',
    { class: 'shell' },
    h(
      'header',
      { class: 'topbar' },
      historyToggle,
      h('a', { class: 'brand', href: '#/chat', 'aria-label': 'taskchat, new chat' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true', text: '✓' }), h('span', { text: 'taskchat' })),
      h('div', { class: 'topbar-spacer' }),
      tasksToggle,
      themeButton(),
      h('span', { class: 'user-name', title: user.email, text: user.name || user.email }),
      signOutButton,
    ),
    h('div', { class: 'workspace' }, history.element, conversation, tasks.element),
    scrim,
  );

  const client = new ChatKitClient({ url: '/chatkit' });
  const chat = mountChat(chatContainer, {
    client,
    threadId: currentId,
    /** @param {Thread | null} thread */
    onThreadChange(thread) {
      const id = thread ? thread.id : null;
      if (thread) history.upsert(thread);
      if (id !== currentId) {
        currentId = id;
        // The renderer already shows this thread: change the address without a hashchange.
        window.history.replaceState(null, '', id ? `#/chat/${encodeURIComponent(id)}` : '#/chat');
        onThreadShown(id);
      }
      history.setActive(currentId);
      document.title = thread ? `${titleOf(thread)} · taskchat` : 'taskchat';
    },
  });

  let refreshTimer = 0;
  const refreshTasksSoon = () => {
    window.clearTimeout(refreshTimer);
    refreshTimer = window.setTimeout(() => void tasks.refresh(), 120);
  };
  for (const name of TASKS_MAY_HAVE_CHANGED) chatContainer.addEventListener(name, refreshTasksSoon);
  chatContainer.addEventListener('chatkit-response-end', () => void history.refresh());
  const onFocus = () => {
    void tasks.refresh();
    void history.refresh();
  };
  window.addEventListener('focus', onFocus);
  const onKeydown = (/** @type {KeyboardEvent} */ event) => {
    if (event.key === 'Escape' && element.classList.contains('drawer-open')) closeDrawers();
  };
  document.addEventListener('keydown', onKeydown);

  history.setActive(currentId);
  void history.refresh();
  void tasks.refresh();
  onThreadShown(currentId);

  /** @param {string | null} id */
  function navigate(id) {
    const hash = id ? `#/chat/${encodeURIComponent(id)}` : '#/chat';
    if (location.hash === hash) show(id);
    else location.hash = hash;
  }

  /** @param {string | null} id */
  function show(id) {
    currentId = id;
    chat.open(id);
    history.setActive(id);
    onThreadShown(id);
    closeDrawers();
    if (!id) document.title = 'New chat · taskchat';
  }

  /**
   * @param {'history' | 'tasks'} which
   * @param {'menu' | 'list'} iconName
   * @param {string} label
   */
  function drawerToggle(which, iconName, label) {
    const button = h('button', {
      type: 'button',
      class: `icon-btn drawer-toggle drawer-toggle-${which}`,
      'aria-label': label,
      'aria-controls': which === 'history' ? 'history' : 'tasks-panel',
      'aria-expanded': 'false',
      title: label,
    }, icon(iconName));
    button.addEventListener('click', () => {
      const open = element.classList.contains(`show-${which}`);
      closeDrawers();
      if (!open) {
        element.classList.add(`show-${which}`, 'drawer-open');
        button.setAttribute('aria-expanded', 'true');
        const target = which === 'history' ? history.element : tasks.element;
        const first = target.querySelector('button, a, input');
        if (first instanceof HTMLElement) first.focus();
      }
    });
    return button;
  }

  function closeDrawers() {
    element.classList.remove('show-history', 'show-tasks', 'drawer-open');
    historyToggle.setAttribute('aria-expanded', 'false');
    tasksToggle.setAttribute('aria-expanded', 'false');
  }

  return {
    element,
    /** @param {string | null} id the thread of the address */
    update(id) {
      if (id !== currentId) show(id);
    },
    focus() {
      const composer = chatContainer.querySelector('textarea');
      if (composer instanceof HTMLElement) composer.focus();
    },
    destroy() {
      window.clearTimeout(refreshTimer);
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('keydown', onKeydown);
      chat.destroy();
    },
  };
}
