// Light and dark themes: follows the system unless the user picks one (kept in localStorage). The choice is the
// `data-theme` attribute of <html>; tokens.css does the rest.
import { h, icon, replace } from './dom.js';

/** @typedef {'system' | 'light' | 'dark'} ThemeChoice */

const KEY = 'taskchat:theme';
/** @type {ThemeChoice[]} */
const ORDER = ['system', 'light', 'dark'];
const LABELS = { system: 'System theme', light: 'Light theme', dark: 'Dark theme' };

/** @returns {ThemeChoice} */
export function currentTheme() {
  let stored = null;
  try {
    stored = localStorage.getItem(KEY);
  } catch {
    // Storage can be blocked; the system theme is a fine default.
  }
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

/** @param {ThemeChoice} choice */
export function applyTheme(choice) {
  if (choice === 'system') document.documentElement.removeAttribute('data-theme');
  else document.documentElement.setAttribute('data-theme', choice);
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Not kept across reloads then.
  }
}

/** A button cycling system → light → dark, its label saying the current choice. */
export function themeButton() {
  const button = h('button', { type: 'button', class: 'icon-btn' });
  const show = () => {
    const choice = currentTheme();
    const next = ORDER[(ORDER.indexOf(choice) + 1) % ORDER.length] ?? 'system';
    button.setAttribute('aria-label', `${LABELS[choice]} (switch to ${LABELS[next].toLowerCase()})`);
    button.title = `${LABELS[choice]} — click for ${LABELS[next].toLowerCase()}`;
    replace(button, icon(choice === 'system' ? 'monitor' : choice === 'light' ? 'sun' : 'moon'));
  };
  button.addEventListener('click', () => {
    const choice = currentTheme();
    applyTheme(ORDER[(ORDER.indexOf(choice) + 1) % ORDER.length] ?? 'system');
    show();
  });
  show();
  return button;
}
