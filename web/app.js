// Boot and routing. Hash routes: #/signin, #/signup, #/chat (a new chat) and #/chat/<threadId>. The session is
// the HttpOnly cookie; GET /api/auth/get-session tells who is signed in.
import { h, replace } from './lib/dom.js';
import { apiEvents, auth, messageOf } from './lib/api.js';
import { applyTheme, currentTheme } from './lib/theme.js';
import { signInPage, signUpPage } from './pages/auth.js';
import { chatPage } from './pages/chat.js';
import { fetchUiConfig } from './lib/official-chatkit.js';

/** @typedef {import('./lib/api.js').User} User */
/** @typedef {{ name: 'signin' | 'signup' } | { name: 'chat', threadId: string | null } | { name: 'none' }} Route */
/**
 * @typedef {{ kind: 'auth', element: HTMLElement, focus(): void }
 *   | { kind: 'chat', element: HTMLElement, focus(): void, update(id: string | null): void, destroy(): void }} Page
 */

const root = /** @type {HTMLElement} */ (document.getElementById('app'));

/** @type {User | null} */
let user = null;
/** @type {Page | null} */
let page = null;
/** @type {Promise<import('./lib/official-chatkit.js').UiConfig> | null} which chat UI to show, asked once */
let uiConfig = null;

/** @returns {Route} */
function parseRoute() {
  const parts = location.hash.replace(/^#\/?/, '').split('/');
  if (parts[0] === 'signin') return { name: 'signin' };
  if (parts[0] === 'signup') return { name: 'signup' };
  if (parts[0] === 'chat') return { name: 'chat', threadId: parts[1] ? decodeURIComponent(parts[1]) : null };
  return { name: 'none' };
}

/** The thread shown last, per user, so that a plain visit reopens it. */
const lastThread = {
  key: () => (user ? `taskchat:last-thread:${user.id}` : ''),
  get() {
    try {
      return user ? localStorage.getItem(this.key()) : null;
    } catch {
      return null;
    }
  },
  /** @param {string | null} id */
  set(id) {
    try {
      if (!user) return;
      if (id) localStorage.setItem(this.key(), id);
      else localStorage.removeItem(this.key());
    } catch {
      // Storage can be blocked: nothing to restore then.
    }
  },
};

function render() {
  const route = parseRoute();
  if (!user) {
    if (route.name !== 'signin' && route.name !== 'signup') {
      location.replace('#/signin');
      return;
    }
    showAuth(route.name);
    return;
  }
  if (route.name !== 'chat') {
    const last = lastThread.get();
    location.replace(last ? `#/chat/${encodeURIComponent(last)}` : '#/chat');
    return;
  }
  if (page?.kind === 'chat') {
    page.update(route.threadId);
    return;
  }
  const signedIn = user;
  mount({
    kind: 'chat',
    ...chatPage({
      user: signedIn,
      threadId: route.threadId,
      uiConfig: (uiConfig ??= fetchUiConfig()),
      onSignOut: signOut,
      onThreadShown: (id) => lastThread.set(id),
    }),
  });
}

/** @param {'signin' | 'signup'} which */
function showAuth(which) {
  const onSignedIn = (/** @type {User} */ signedIn) => {
    user = signedIn;
    location.hash = '#/';
  };
  const built = which === 'signin' ? signInPage({ onSignedIn }) : signUpPage({ onSignedIn });
  document.title = `${which === 'signin' ? 'Sign in' : 'Sign up'} · taskchat`;
  mount({ kind: 'auth', ...built });
}

/** @param {Page} next */
function mount(next) {
  if (page?.kind === 'chat') page.destroy();
  page = next;
  replace(root, next.element);
  next.focus();
}

async function signOut() {
  try {
    await auth.signOut();
  } catch {
    // Signed out on the server or not, this browser is done with the session.
  }
  user = null;
  location.hash = '#/signin';
}

apiEvents.addEventListener('unauthorized', () => {
  if (!user) return;
  user = null;
  location.hash = '#/signin';
});

async function boot() {
  applyTheme(currentTheme());
  try {
    const session = await auth.getSession();
    user = session?.user ?? null;
  } catch (error) {
    const retry = h('button', { type: 'button', class: 'btn btn-primary', text: 'Try again', onClick: () => location.reload() });
    replace(
      root,
      h('main', { class: 'boot-error' },
        h('h1', { text: 'taskchat could not start' }),
        h('p', { role: 'alert', text: messageOf(error) }),
        retry),
    );
    return;
  }
  window.addEventListener('hashchange', render);
  render();
}

void boot();
