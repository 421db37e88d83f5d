// The official ChatKit web component (`<openai-chatkit>`) as an alternative to our renderer. The server says which
// UI to use (GET /api/ui-config, from `--chatkit-ui builtin|official|auto`). The component exists only as a
// script on OpenAI's CDN, so loading it can fail or hang: `loadOfficialChatKit` gives up after a timeout, and
// the chat page then shows our own renderer (auto) or says so (official).
import { request } from './api.js';

/** @typedef {import('@openai/chatkit').OpenAIChatKit} OpenAIChatKit */
/** @typedef {import('@openai/chatkit').ChatKitOptions} ChatKitOptions */
/** @typedef {import('@openai/chatkit').StartScreenOption} StartScreenOption */
/** @typedef {import('@openai/chatkit').ColorScheme} ColorScheme */
/** @typedef {'builtin' | 'official' | 'auto'} ChatKitUiMode */
/**
 * @typedef {object} UiConfig
 * @property {ChatKitUiMode} chatkitUi
 * @property {string} officialScriptUrl where the component's script is loaded from
 * @property {string} domainKey the domain key registered with OpenAI for this site
 * @property {number} officialLoadTimeoutMs how long `auto` waits for the component before using ours
 */

export const OFFICIAL_TAG = 'openai-chatkit';

/** What the app does when the server's answer is missing or unreadable: our renderer, nothing to load. */
const BUILTIN_ONLY = /** @type {UiConfig} */ ({
  chatkitUi: 'builtin',
  officialScriptUrl: '',
  domainKey: '',
  officialLoadTimeoutMs: 3000,
});

/**
 * Asks the server which chat UI to show. Never fails: any error means the built-in renderer, which needs
 * nothing from outside.
 * @returns {Promise<UiConfig>}
 */
export async function fetchUiConfig() {
  try {
    const data = await request('GET', '/api/ui-config');
    const mode = data?.chatkitUi;
    if (mode !== 'official' && mode !== 'auto') return BUILTIN_ONLY;
    if (typeof data.officialScriptUrl !== 'string' || !data.officialScriptUrl) return BUILTIN_ONLY;
    const timeout = data.officialLoadTimeoutMs;
    return {
      chatkitUi: mode,
      officialScriptUrl: data.officialScriptUrl,
      domainKey: typeof data.domainKey === 'string' ? data.domainKey : '',
      officialLoadTimeoutMs: typeof timeout === 'number' && timeout > 0 ? timeout : BUILTIN_ONLY.officialLoadTimeoutMs,
    };
  } catch {
    return BUILTIN_ONLY;
  }
}

/**
 * The component's definition, per script URL: one `<script>` element for the page's life, shared by every
 * caller (a second chat page after signing in again reuses it). A failed load is forgotten so that the next
 * caller tries again.
 * @type {Map<string, Promise<void>>}
 */
const definitions = new Map();

/**
 * Loads the official component's script and resolves once `<openai-chatkit>` is defined; rejects if the script
 * fails to load or the element is not defined within `timeoutMs` (a hanging CDN, a script that throws, the
 * wrong file). A script that arrives after the timeout still runs (browsers cannot cancel it) and defines the
 * element, but the caller has already been told to do without it.
 * @param {string} url
 * @param {number} timeoutMs
 * @returns {Promise<void>}
 */
export function loadOfficialChatKit(url, timeoutMs) {
  let defined = definitions.get(url);
  if (!defined) {
    defined = customElements.get(OFFICIAL_TAG) ? Promise.resolve() : defineFromScript(url);
    definitions.set(url, defined);
  }
  return new Promise((resolve, reject) => {
    const timer = window.setTimeout(
      () => reject(new Error(`<${OFFICIAL_TAG}> was not defined within ${timeoutMs} ms`)),
      timeoutMs,
    );
    /** @type {Promise<void>} */ (defined).then(
      () => {
        window.clearTimeout(timer);
        resolve();
      },
      (error) => {
        window.clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * A classic async script, as in OpenAI's own snippet (`<script src=".../chatkit.js" async>`): an element with
 * `src`, never inline code, so the Content-Security-Policy only has to allow the CDN's origin.
 * @param {string} url
 * @returns {Promise<void>}
 */
function defineFromScript(url) {
  const script = document.createElement('script');
  script.src = url;
  script.async = true;
  script.dataset.officialChatkit = '';
  const failed = new Promise((_, reject) => {
    script.addEventListener('error', () => reject(new Error(`could not load ${url}`)), { once: true });
  });
  document.head.appendChild(script);
  const defined = Promise.race([customElements.whenDefined(OFFICIAL_TAG).then(() => undefined), failed]);
  defined.catch(() => {
    definitions.delete(url);
    script.remove();
  });
  return defined;
}

/**
 * @typedef {object} OfficialMountOptions
 * @property {string} domainKey
 * @property {string | null} threadId the thread to open first (null: a new chat)
 * @property {StartScreenOption} startScreen
 * @property {string} [placeholder]
 * @property {(threadId: string | null) => void} [onThreadChange] the component opened another thread
 * @property {() => void} [onResponseEnd] a response (to a message or a widget action) finished
 */

/**
 * Mounts `<openai-chatkit>` in `container`, talking to our `/chatkit` with the session cookie. The caller must
 * have awaited `loadOfficialChatKit`. The colour scheme follows the app's theme (the `data-theme` attribute of
 * <html>, else the system's) for as long as it is mounted.
 * @param {HTMLElement} container
 * @param {OfficialMountOptions} options
 * @returns {{ element: OpenAIChatKit, open(threadId: string | null): void, focus(): void, destroy(): void }}
 */
export function mountOfficialChatKit(container, options) {
  const element = /** @type {OpenAIChatKit} */ (document.createElement(OFFICIAL_TAG));
  element.classList.add('official-chatkit');
  /** The thread shown, so that options set again (a theme change) do not send the component elsewhere. */
  let threadId = options.threadId;

  /** @returns {ChatKitOptions} the full set: `setOptions` replaces, it does not merge */
  const chatKitOptions = () => ({
    api: {
      url: new URL('/chatkit', location.origin).href,
      domainKey: options.domainKey,
      // The component's requests go to our server from this page: send the HttpOnly session cookie with them.
      fetch: (input, init) => fetch(input, { ...init, credentials: 'same-origin' }),
    },
    initialThread: threadId,
    theme: { colorScheme: colorScheme() },
    // The component has its own history panel; the chat page hides ours while it is mounted.
    history: { enabled: true, showDelete: true, showRename: true },
    startScreen: options.startScreen,
    composer: { placeholder: options.placeholder ?? 'Message the assistant…' },
  });

  /** @param {import('@openai/chatkit').ChatKitEvents['chatkit.thread.change']} event */
  const onThreadChange = (event) => {
    threadId = event.detail?.threadId ?? null;
    options.onThreadChange?.(threadId);
  };
  const onResponseEnd = () => options.onResponseEnd?.();
  /** @param {import('@openai/chatkit').ChatKitEvents['chatkit.error']} event */
  const onError = (event) => console.warn('ChatKit component error', event.detail?.error);
  element.addEventListener('chatkit.thread.change', onThreadChange);
  element.addEventListener('chatkit.response.end', onResponseEnd);
  element.addEventListener('chatkit.error', onError);

  element.setOptions(chatKitOptions());
  container.appendChild(element);

  const stopWatching = watchColorScheme(() => element.setOptions(chatKitOptions()));

  return {
    element,
    open(id) {
      threadId = id;
      void element.setThreadId(id).catch(() => {
        // The component reports its own errors (chatkit.error); the address keeps what the user asked for.
      });
    },
    focus() {
      void element.focusComposer().catch(() => {
        // Not ready yet: it is still loading its frame.
      });
    },
    destroy() {
      stopWatching();
      element.removeEventListener('chatkit.thread.change', onThreadChange);
      element.removeEventListener('chatkit.response.end', onResponseEnd);
      element.removeEventListener('chatkit.error', onError);
      element.remove();
    },
  };
}

/** The app's current colour scheme: the chosen theme, else the system's. @returns {ColorScheme} */
function colorScheme() {
  const chosen = document.documentElement.getAttribute('data-theme');
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * Calls `onChange` when the colour scheme may have changed: the theme button (lib/theme.js) sets `data-theme`
 * on <html>, and the system's preference applies when it is absent.
 * @param {() => void} onChange
 * @returns {() => void} stops watching
 */
function watchColorScheme(onChange) {
  let last = colorScheme();
  const check = () => {
    const now = colorScheme();
    if (now === last) return;
    last = now;
    onChange();
  };
  const observer = new MutationObserver(check);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const system = window.matchMedia('(prefers-color-scheme: dark)');
  system.addEventListener('change', check);
  return () => {
    observer.disconnect();
    system.removeEventListener('change', check);
  };
}
