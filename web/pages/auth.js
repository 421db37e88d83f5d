// Sign-in and sign-up pages: one form each, server messages shown inline (a live region), the submit button
// disabled while the request runs.
import { h } from '../lib/dom.js';
import { auth, messageOf } from '../lib/api.js';

/** @typedef {import('../lib/api.js').User} User */
/** @typedef {{ element: HTMLElement, focus(): void }} AuthPage */

/**
 * @param {{ onSignedIn(user: User): void }} options
 * @returns {AuthPage}
 */
export function signInPage({ onSignedIn }) {
  const email = field('email', 'Email', { type: 'email', autocomplete: 'email', required: true });
  const password = field('password', 'Password', { type: 'password', autocomplete: 'current-password', required: true });
  return authForm({
    heading: 'Welcome back',
    lead: 'Sign in to manage your tasks by chatting.',
    submitLabel: 'Sign in',
    busyLabel: 'Signing in…',
    fields: [email, password],
    footer: ['New to taskchat? ', h('a', { href: '#/signup', text: 'Create an account' })],
    async submit() {
      const { user } = await auth.signIn({ email: email.input.value.trim(), password: password.input.value });
      onSignedIn(user);
    },
  });
}

/**
 * @param {{ onSignedIn(user: User): void }} options
 * @returns {AuthPage}
 */
export function signUpPage({ onSignedIn }) {
  const name = field('name', 'Name', { type: 'text', autocomplete: 'name', required: true });
  const email = field('email', 'Email', { type: 'email', autocomplete: 'email', required: true });
  const password = field('password', 'Password', {
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    minLength: 8,
    hint: 'At least 8 characters.',
  });
  return authForm({
    heading: 'Create your account',
    lead: 'Your tasks, managed by chatting with an assistant that works offline.',
    submitLabel: 'Create account',
    busyLabel: 'Creating account…',
    fields: [name, email, password],
    footer: ['Already have an account? ', h('a', { href: '#/signin', text: 'Sign in' })],
    async submit() {
      const { user } = await auth.signUp({
        name: name.input.value.trim(),
        email: email.input.value.trim(),
        password: password.input.value,
      });
      onSignedIn(user);
    },
  });
}

/**
 * A labelled input.
 * @param {string} name
 * @param {string} label
 * @param {{ type: string, autocomplete: string, required?: boolean, minLength?: number, hint?: string }} options
 */
function field(name, label, { hint, ...props }) {
  const id = `auth-${name}`;
  const input = h('input', { id, name, class: 'input', ...props, 'aria-describedby': hint ? `${id}-hint` : null });
  const element = h(
    'div',
    { class: 'field' },
    h('label', { for: id, class: 'field-label', text: label }),
    input,
    hint ? h('p', { id: `${id}-hint`, class: 'field-hint', text: hint }) : null,
  );
  return { element, input };
}

/**
 * @param {{
 *   heading: string, lead: string, submitLabel: string, busyLabel: string,
 *   fields: { element: HTMLElement, input: HTMLInputElement }[],
 *   footer: (string | Node)[], submit(): Promise<void>
 * }} options
 * @returns {AuthPage}
 */
function authForm({ heading, lead, submitLabel, busyLabel, fields, footer, submit }) {
  const error = h('p', { class: 'form-error', role: 'alert', 'aria-live': 'assertive', hidden: true });
  const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block', text: submitLabel });
  const form = h(
    'form',
    { class: 'auth-form', 'aria-describedby': 'auth-lead' },
    fields.map((f) => f.element),
    error,
    button,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    error.hidden = true;
    error.textContent = '';
    button.disabled = true;
    button.textContent = busyLabel;
    form.setAttribute('aria-busy', 'true');
    try {
      await submit();
    } catch (failure) {
      error.textContent = messageOf(failure);
      error.hidden = false;
      button.disabled = false;
      button.textContent = submitLabel;
      form.removeAttribute('aria-busy');
    }
  });
  const title = h('h1', { class: 'auth-title', tabIndex: -1, text: heading });
  const element = h(
    'main',
    { class: 'auth-page' },
    h(
      'section',
      { class: 'auth-card' },
      h('div', { class: 'brand brand-large' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true', text: '✓' }), 'taskchat'),
      title,
      h('p', { id: 'auth-lead', class: 'auth-lead', text: lead }),
      form,
      h('p', { class: 'auth-footer' }, footer),
    ),
  );
  return {
    element,
    focus() {
      fields[0]?.input.focus();
    },
  };
}
