// A modal confirmation on the native <dialog>: showModal() makes the rest of the page inert (focus stays inside),
// Escape cancels, and focus returns to the control that opened it.
import { h } from './dom.js';

/**
 * Asks the user to confirm; resolves true on confirm, false on cancel or Escape.
 * @param {{ title: string, message: string, confirmLabel?: string, danger?: boolean }} options
 * @returns {Promise<boolean>}
 */
export function confirmDialog({ title, message, confirmLabel = 'Confirm', danger = false }) {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', class: 'btn btn-ghost', value: 'cancel', text: 'Cancel' });
    const confirm = h('button', {
      type: 'button',
      class: danger ? 'btn btn-danger' : 'btn btn-primary',
      value: 'confirm',
      text: confirmLabel,
    });
    const titleId = `dialog-title-${Date.now()}`;
    const dialog = h(
      'dialog',
      { class: 'dialog', 'aria-labelledby': titleId },
      h('h2', { id: titleId, class: 'dialog-title', text: title }),
      h('p', { class: 'dialog-message', text: message }),
      h('div', { class: 'dialog-actions' }, cancel, confirm),
    );
    /** @param {boolean} answer */
    const finish = (answer) => {
      if (dialog.open) dialog.close();
      dialog.remove();
      if (opener && opener.isConnected) opener.focus();
      resolve(answer);
    };
    cancel.addEventListener('click', () => finish(false));
    confirm.addEventListener('click', () => finish(true));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(false);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    (danger ? cancel : confirm).focus();
  });
}
