// The chat page: a top bar, the history sidebar, the conversation and the tasks panel. On narrow screens the
// sidebar and the panel become drawers opened from the top bar.
//
// The conversation is our ChatKit renderer or, when the server says so (`--chatkit-ui official|auto`), OpenAI's
// `<openai-chatkit>` component. Exactly one of them is mounted, decided once per page: the chat host's
// `data-chatkit-ui` attribute says which ("builtin" or "official"; absent while deciding or after the official
// one failed to load). The component has its own history panel, so ours is hidden while it is mounted.
import { h, icon, replace } from '../lib/dom.js';
import { themeButton } from '../lib/theme.js';
import { ChatKitClient, mountChat } from '../chatkit/index.js';
import { loadOfficialChatKit, mountOfficialChatKit } from '../lib/official-chatkit.js';
import { historySidebar, titleOf } from './history.js';
import { tasksPanel } from '../tasks/panel.js';

/** @typedef {import('../lib/api.js').User} User */
/** @typedef {import('../lib/api.js').Thread} Thread */
/** @typedef {import('../lib/official-chatkit.js').UiConfig} UiConfig */
/** @typedef {{ kind: 'builtin' | 'official', open(threadId: string | null): void, focus(): void, destroy(): void }} ChatUi */

/** Events of the renderer after which tasks may have changed. */
const TASKS_MAY_HAVE_CHANGED = ['chatkit-response-end', 'chatkit-items-changed', 'chatkit-action-end'];

/**
 * The start screen of a new chat, the same in both UIs.
 * @type {{ greeting: string, prompts: { label: string, prompt: string, icon: import('@openai/chatkit').ChatKitIcon }[] }}
 */
const START_SCREEN = {
  greeting: 'What can I help you with today?',
  prompts: [
    { label: 'Show my tasks', prompt: 'Show my tasks', icon: 'check-circle' },
    { label: 'Add a task', prompt: 'Add a task', icon: 'plus' },
    { label: "What's due this week?", prompt: "What's due this week?", icon: 'calendar' },
  ],
};

/**
 * How long `official` mode waits for the component before saying it could not load. Longer than `auto`'s quick
 * fallback: the operator asked for this UI, so a slow network gets its chance, but a hung CDN does not leave the
 * user waiting forever.
 */
const OFFICIAL_MODE_TIMEOUT_MS = 15_000;

/**
 * @param {{
 *   user: User,
 *   threadId: string | null,
 *   uiConfig: Promise<UiConfig>,
 *   onSignOut(): Promise<void>,
 *   onThreadShown(threadId: string | null): void,
 * }} options
 */
export function chatPage({ user, threadId, uiConfig, onSignOut, onThreadShown }) {
  /** @type {string | null} */
  let currentId = threadId;
  /** @type {ChatUi | null} the mounted conversation; null while deciding which, or when none could load */
  let chatUi = null;
  let destroyed = false;
  /** The app asked for the composer's focus before the conversation was mounted. */
  let focusWanted = false;

  const history = historySidebar({
    onNewChat: () => navigate(null),
    onDeleted(id) {
      if (id === currentId) navigate(null);
    },
  });
  const tasks = tasksPanel();

  const chatContainer = h('div', { class: 'chat-host' }, h('p', { class: 'chat-loading', role: 'status', text: 'Loading the chat…' }));
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

  let refreshTimer = 0;
  const refreshTasksSoon = () => {
    window.clearTimeout(refreshTimer);
    refreshTimer = window.setTimeout(() => void tasks.refresh(), 120);
  };
  for (const name of TASKS_MAY_HAVE_CHANGED) chatContainer.addEventListener(name, refreshTasksSoon);
  chatContainer.addEventListener('chatkit-response-end', () => void history.refresh());
  const onFocus = () => {
    void tasks.refresh();
    // Our sidebar is hidden while the official component (with its own history) is mounted.
    if (chatUi?.kind !== 'official') void history.refresh();
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
  void uiConfig.then(startChat);

  /**
   * Mounts the conversation the server asked for. One decision per page, taken here in sequence, so the two UIs
   * are never both mounted: in `auto`, once the built-in renderer is up, a component script arriving late is
   * ignored.
   * @param {UiConfig} config
   */
  async function startChat(config) {
    if (destroyed) return;
    if (config.chatkitUi === 'builtin') {
      showBuiltin();
      return;
    }
    const timeout = config.chatkitUi === 'official'
      ? Math.max(OFFICIAL_MODE_TIMEOUT_MS, config.officialLoadTimeoutMs)
      : config.officialLoadTimeoutMs;
    try {
      await loadOfficialChatKit(config.officialScriptUrl, timeout);
      if (destroyed) return;
      showOfficial(config);
    } catch (error) {
      if (destroyed) return;
      console.warn('The official ChatKit component is not available:', error);
      if (config.chatkitUi === 'auto') showBuiltin();
      else showOfficialUnavailable(config);
    }
  }

  /** The page's thread became `id` inside the conversation: the address, the sidebar and the app follow. */
  function threadShown(/** @type {string | null} */ id) {
    if (id !== currentId) {
      currentId = id;
      // The conversation already shows this thread: change the address without a hashchange.
      window.history.replaceState(null, '', id ? `#/chat/${encodeURIComponent(id)}` : '#/chat');
      onThreadShown(id);
    }
    history.setActive(currentId);
  }

  /** @param {ChatUi} ui the conversation just mounted */
  function adopt(ui) {
    chatUi = ui;
    chatContainer.dataset.chatkitUi = ui.kind;
    focusIfWanted(() => ui.focus());
  }

  /**
   * Gives focus as the app asked when the page was shown (it was still loading then), unless the user has
   * meanwhile put it somewhere else.
   * @param {() => void} giveFocus
   */
  function focusIfWanted(giveFocus) {
    const nothingFocused = !document.activeElement || document.activeElement === document.body;
    if (focusWanted && nothingFocused) giveFocus();
  }

  function showBuiltin() {
    if (chatUi) return;
    replace(chatContainer);
    const chat = mountChat(chatContainer, {
      client: new ChatKitClient({ url: '/chatkit' }),
      threadId: currentId,
      startScreen: START_SCREEN,
      /** @param {Thread | null} thread */
      onThreadChange(thread) {
        if (thread) history.upsert(thread);
        threadShown(thread ? thread.id : null);
        document.title = thread ? `${titleOf(thread)} · taskchat` : 'taskchat';
      },
    });
    adopt({
      kind: 'builtin',
      open: (id) => void chat.open(id),
      focus() {
        const composer = chatContainer.querySelector('textarea');
        if (composer instanceof HTMLElement) composer.focus();
      },
      destroy: () => chat.destroy(),
    });
  }

  /** @param {UiConfig} config */
  function showOfficial(config) {
    if (chatUi) return;
    replace(chatContainer);
    let official;
    try {
      official = mountOfficialChatKit(chatContainer, {
        domainKey: config.domainKey,
        threadId: currentId,
        startScreen: START_SCREEN,
        onThreadChange(id) {
          threadShown(id);
          refreshTasksSoon();
          document.title = id ? 'Chat · taskchat' : 'New chat · taskchat';
        },
        onResponseEnd: refreshTasksSoon,
      });
    } catch (error) {
      // The script defined the element but it does not work as documented: treat it as not loaded.
      console.warn('The official ChatKit component failed to start:', error);
      replace(chatContainer);
      if (config.chatkitUi === 'auto') showBuiltin();
      else showOfficialUnavailable(config);
      return;
    }
    element.classList.add('shell-official-chatkit');
    history.element.hidden = true;
    historyToggle.hidden = true;
    adopt({ kind: 'official', open: (id) => official.open(id), focus: () => official.focus(), destroy: () => official.destroy() });
  }

  /** `official` mode and the component did not load: say so, and offer our renderer instead. @param {UiConfig} config */
  function showOfficialUnavailable(config) {
    let from = config.officialScriptUrl;
    try {
      from = new URL(config.officialScriptUrl).origin;
    } catch {
      // Not a URL: name it as configured.
    }
    const useBuiltin = h('button', { type: 'button', class: 'btn btn-primary', text: 'Use the built-in chat', onClick: () => showBuiltin() });
    replace(
      chatContainer,
      h(
        'div',
        { class: 'official-chatkit-unavailable', role: 'alert' },
        h('h2', { class: 'official-chatkit-unavailable-title', text: 'The chat could not be loaded' }),
        h('p', { text: `This site uses OpenAI's ChatKit component, and it could not be loaded from ${from}. The network may block it, or the service may be down.` }),
        h('p', { text: 'The built-in chat works with the same conversations and tasks.' }),
        useBuiltin,
      ),
    );
    delete chatContainer.dataset.chatkitUi;
    focusIfWanted(() => useBuiltin.focus());
  }

  /** @param {string | null} id */
  function navigate(id) {
    const hash = id ? `#/chat/${encodeURIComponent(id)}` : '#/chat';
    if (location.hash === hash) show(id);
    else location.hash = hash;
  }

  /** @param {string | null} id */
  function show(id) {
    currentId = id;
    // Before a conversation is mounted, it will open `currentId` when it is.
    chatUi?.open(id);
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
      focusWanted = true;
      chatUi?.focus();
    },
    destroy() {
      destroyed = true;
      window.clearTimeout(refreshTimer);
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('keydown', onKeydown);
      chatUi?.destroy();
      chatUi = null;
    },
  };
}
