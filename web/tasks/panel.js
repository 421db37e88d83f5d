// The tasks panel beside the chat: an add form, open tasks then completed ones, each with a checkbox and a delete
// button. Rendered from the TaskStore on every change; the focused control is found again after re-rendering.
import { h, icon, replace } from '../lib/dom.js';
import { messageOf } from '../lib/api.js';
import { confirmDialog } from '../lib/dialog.js';
import { TaskStore } from './store.js';

/** @typedef {import('../lib/api.js').Task} Task */

/**
 * @returns {{ element: HTMLElement, store: TaskStore, refresh(): Promise<void> }}
 */
export function tasksPanel() {
  const store = new TaskStore();

  const input = h('input', {
    id: 'new-task-title',
    class: 'input',
    type: 'text',
    name: 'title',
    placeholder: 'Add a task…',
    autocomplete: 'off',
    maxLength: 200,
    dataset: { focusKey: 'new-task' },
  });
  const addButton = h('button', { type: 'submit', class: 'btn btn-primary', 'aria-label': 'Add task' }, icon('plus'), h('span', { class: 'btn-text', text: 'Add' }));
  const formError = h('p', { class: 'form-error', id: 'new-task-error', role: 'alert', hidden: true });
  const form = h(
    'form',
    { class: 'task-add', 'aria-label': 'Add a task' },
    h('label', { for: 'new-task-title', class: 'visually-hidden', text: 'New task title' }),
    h('div', { class: 'task-add-row' }, input, addButton),
    formError,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const title = input.value.trim();
    if (!title || addButton.disabled) return;
    addButton.disabled = true;
    formError.hidden = true;
    try {
      await store.add(title);
      input.value = '';
    } catch (error) {
      formError.textContent = messageOf(error);
      formError.hidden = false;
    } finally {
      addButton.disabled = false;
      input.focus();
    }
  });

  const count = h('span', { class: 'panel-count', 'aria-live': 'polite' });
  const refreshButton = h(
    'button',
    { type: 'button', class: 'icon-btn', 'aria-label': 'Refresh tasks', title: 'Refresh tasks', onClick: () => store.refresh() },
    icon('refresh'),
  );
  const status = h('p', { class: 'panel-error', role: 'alert' });
  const body = h('div', { class: 'task-groups' });

  const element = h(
    'aside',
    { class: 'tasks-panel', id: 'tasks-panel', 'aria-labelledby': 'tasks-panel-title' },
    h('div', { class: 'panel-header' }, h('h2', { id: 'tasks-panel-title', class: 'panel-title', text: 'Tasks' }), count, refreshButton),
    form,
    status,
    body,
  );

  // Clicks inside the list, delegated: one listener for every row.
  body.addEventListener('change', (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    if (target instanceof HTMLInputElement && target.type === 'checkbox') {
      const number = Number(target.dataset.number);
      if (store.busy.has(number)) {
        target.checked = !target.checked; // a change is already on its way
        return;
      }
      void store.setDone(number, target.checked);
    }
  });
  body.addEventListener('click', async (event) => {
    const button = /** @type {HTMLElement} */ (event.target).closest('button');
    if (!button) return;
    if (button.dataset.action === 'delete') {
      const number = Number(button.dataset.number);
      if (store.busy.has(number)) return;
      const task = store.tasks.find((t) => t.number === number);
      if (!task) return;
      const ok = await confirmDialog({
        title: 'Delete task?',
        message: `“${task.title}” will be deleted. This cannot be undone.`,
        confirmLabel: 'Delete',
        danger: true,
      });
      if (ok) await store.remove(number);
    } else if (button.dataset.action === 'more') {
      await store.loadMore();
    }
  });

  store.addEventListener('change', () => render());

  function render() {
    const focusKey = document.activeElement instanceof HTMLElement && element.contains(document.activeElement)
      ? document.activeElement.dataset.focusKey
      : undefined;

    const open = store.tasks.filter((task) => !task.done).sort(byNumber);
    const done = store.tasks.filter((task) => task.done).sort(byNumber);
    count.textContent = store.loaded ? `${open.length} open` : '';
    status.textContent = store.error ?? '';
    status.hidden = !store.error;
    element.setAttribute('aria-busy', store.loading ? 'true' : 'false');

    if (!store.loaded) {
      replace(body, store.error ? null : h('p', { class: 'panel-empty', text: 'Loading tasks…' }));
    } else if (store.tasks.length === 0) {
      replace(body, h('div', { class: 'panel-empty' },
        h('p', { class: 'panel-empty-title', text: 'No tasks yet' }),
        h('p', { text: 'Add one above, or ask the assistant: “add buy milk tomorrow”.' })));
    } else {
      replace(
        body,
        group('Open', open, 'open'),
        done.length ? group(`Completed (${done.length})`, done, 'done') : null,
        store.hasMore
          ? h('button', { type: 'button', class: 'btn btn-ghost btn-block', dataset: { action: 'more', focusKey: 'more' }, 'aria-disabled': store.loading ? 'true' : false, text: 'Load more tasks' })
          : null,
      );
    }
    if (focusKey) {
      const again = element.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
      if (again instanceof HTMLElement) again.focus();
    }
  }

  /**
   * @param {string} title
   * @param {Task[]} list
   * @param {string} key
   */
  function group(title, list, key) {
    const id = `task-group-${key}`;
    return h(
      'section',
      { class: `task-group task-group-${key}`, 'aria-labelledby': id },
      h('h3', { id, class: 'task-group-title', text: title }),
      list.length
        ? h('ul', { class: 'task-list', role: 'list' }, list.map(row))
        : h('p', { class: 'panel-empty-small', text: 'Nothing open. Nice work!' }),
    );
  }

  /** @param {Task} task */
  function row(task) {
    const id = `task-${task.number}-done`;
    const busy = store.busy.has(task.number);
    return h(
      'li',
      { class: task.done ? 'task is-done' : 'task', dataset: { number: task.number }, 'aria-busy': busy ? 'true' : 'false' },
      h('input', {
        id,
        type: 'checkbox',
        class: 'task-check',
        checked: task.done,
        // Not `disabled` while saving: a disabled control would lose the keyboard focus.
        'aria-disabled': busy ? 'true' : false,
        dataset: { number: task.number, focusKey: `check-${task.number}` },
      }),
      h(
        'div',
        { class: 'task-body' },
        h('label', { for: id, class: 'task-title', text: task.title }),
        meta(task),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'icon-btn task-delete',
          'aria-label': `Delete “${task.title}”`,
          title: 'Delete task',
          'aria-disabled': busy ? 'true' : false,
          dataset: { action: 'delete', number: task.number, focusKey: `delete-${task.number}` },
        },
        icon('trash'),
      ),
    );
  }

  return { element, store, refresh: () => store.refresh() };
}

/** @param {Task} a @param {Task} b */
function byNumber(a, b) {
  return a.number - b.number;
}

/** @param {Task} task */
function meta(task) {
  /** @type {HTMLElement[]} */
  const parts = [h('span', { class: 'task-number', text: `#${task.number}` })];
  if (task.due) {
    const overdue = !task.done && task.due < today();
    parts.push(h('span', { class: overdue ? 'task-due is-overdue' : 'task-due', text: `${overdue ? 'Overdue · ' : 'Due '}${formatDate(task.due)}` }));
  }
  if (task.priority) parts.push(h('span', { class: `badge badge-${task.priority}`, text: task.priority }));
  for (const tag of task.tags) parts.push(h('span', { class: 'tag', text: `#${tag}` }));
  return h('div', { class: 'task-meta' }, parts);
}

/** Today as `YYYY-MM-DD` in local time. */
function today() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const dateFormatWithYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });

/** @param {string} iso `YYYY-MM-DD` */
function formatDate(iso) {
  const [year, month, day] = iso.split('-').map(Number);
  if (!year || !month || !day) return iso;
  const date = new Date(year, month - 1, day);
  return (year === new Date().getFullYear() ? dateFormat : dateFormatWithYear).format(date);
}
