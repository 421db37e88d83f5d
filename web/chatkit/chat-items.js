// How each thread item looks in the conversation: user and assistant bubbles, widgets, workflows and tasks, with
// their per-message actions (copy, thumbs up/down). Pure rendering: the chat view passes the callbacks.
import { renderMarkdown } from './markdown.js';
import { icon } from './widgets/icons.js';
import { renderWidget } from './widgets/index.js';
import { safeImageSrc } from './widgets/media.js';

/** @typedef {import('./types.js').ThreadItem} ThreadItem */
/** @typedef {import('./types.js').ActionConfig} ActionConfig */

/**
 * @typedef {{
 *   pending: boolean,
 *   feedback: 'positive' | 'negative' | undefined,
 *   onAction: (action: ActionConfig, formValues?: Record<string, unknown>) => unknown,
 *   onFeedback: (kind: 'positive' | 'negative') => void,
 * }} ItemContext
 */

/**
 * The text of a user message: its text parts and tags, in order.
 * @param {any} item
 */
export function userText(item) {
  return (Array.isArray(item.content) ? item.content : [])
    .map((/** @type {any} */ part) => (typeof part?.text === 'string' ? part.text : ''))
    .join('');
}

/** @param {any} item */
export function assistantText(item) {
  return (Array.isArray(item.content) ? item.content : [])
    .map((/** @type {any} */ part) => (typeof part?.text === 'string' ? part.text : ''))
    .filter(Boolean)
    .join('\n\n');
}

/**
 * The element for one item, or null for items that show nothing (end of turn, client tool calls…).
 * @param {ThreadItem} item
 * @param {ItemContext} ctx
 * @returns {HTMLElement | null}
 */
export function renderItem(item, ctx) {
  const any = /** @type {any} */ (item);
  switch (item.type) {
    case 'user_message':
      return userMessage(any);
    case 'assistant_message':
      return assistantMessage(any, ctx);
    case 'widget':
      return widgetItem(any, ctx);
    case 'workflow':
      return workflowItem(any);
    case 'task':
      return wrap(any, taskLine(any.task));
    case 'generated_image': {
      const src = safeImageSrc(any.image?.url);
      if (!src) return null;
      const img = document.createElement('img');
      img.className = 'ck-generated-image';
      img.src = src;
      img.alt = 'Generated image';
      return wrap(any, img);
    }
    default:
      return null;
  }
}

/**
 * @param {any} item
 * @param {...Node} children
 */
function wrap(item, ...children) {
  const el = document.createElement('div');
  el.className = `ck-item ck-item--${String(item.type).replace(/[^\w-]/g, '')}`;
  el.dataset.itemId = item.id;
  el.tabIndex = -1;
  el.append(...children);
  return el;
}

/** @param {any} item */
function userMessage(item) {
  const bubble = document.createElement('div');
  bubble.className = 'ck-bubble ck-bubble--user';
  if (typeof item.quoted_text === 'string' && item.quoted_text) {
    const quote = document.createElement('blockquote');
    quote.className = 'ck-quote';
    quote.textContent = item.quoted_text;
    bubble.appendChild(quote);
  }
  const text = document.createElement('div');
  text.className = 'ck-user-text';
  text.textContent = userText(item);
  bubble.appendChild(text);
  const el = wrap(item, bubble, actionBar([copyButton(() => userText(item))]));
  return el;
}

/**
 * @param {any} item
 * @param {ItemContext} ctx
 */
function assistantMessage(item, ctx) {
  const bubble = document.createElement('div');
  bubble.className = 'ck-bubble ck-bubble--assistant ck-prose';
  for (const part of Array.isArray(item.content) ? item.content : []) {
    if (typeof part?.text === 'string') bubble.appendChild(renderMarkdown(part.text));
  }
  const el = wrap(item, bubble);
  if (ctx.pending) {
    el.setAttribute('aria-busy', 'true');
    appendCursor(bubble);
  } else if (assistantText(item)) {
    el.appendChild(
      actionBar([
        copyButton(() => assistantText(item)),
        feedbackButton('positive', ctx),
        feedbackButton('negative', ctx),
      ]),
    );
  }
  return el;
}

/** The streaming cursor, at the end of the last paragraph or list item. @param {HTMLElement} bubble */
function appendCursor(bubble) {
  /** @type {Element} */
  let target = bubble;
  let last = target.lastElementChild;
  while (last && /^(UL|OL|BLOCKQUOTE|LI)$/.test(last.tagName) && last.lastElementChild) {
    target = last;
    last = target.lastElementChild;
  }
  if (last && /^(P|LI|H\d)$/.test(last.tagName)) target = last;
  else if (target.tagName !== 'LI') target = bubble;
  const cursor = document.createElement('span');
  cursor.className = 'ck-cursor';
  cursor.setAttribute('aria-hidden', 'true');
  target.appendChild(cursor);
}

/**
 * @param {any} item
 * @param {ItemContext} ctx
 */
function widgetItem(item, ctx) {
  const widget = renderWidget(item.widget ?? { type: 'Basic', children: [] }, { onAction: ctx.onAction });
  const el = wrap(item, widget);
  if (typeof item.copy_text === 'string' && item.copy_text && !ctx.pending) {
    el.appendChild(actionBar([copyButton(() => item.copy_text)]));
  }
  return el;
}

/** @param {any} task */
function taskLine(task) {
  const line = document.createElement('div');
  line.className = `ck-task ck-task--${task?.status_indicator ?? 'none'}`;
  if (task?.status_indicator === 'loading') line.appendChild(spinner());
  else line.appendChild(icon(task?.status_indicator === 'complete' ? 'check-circle' : String(task?.icon ?? 'dot')));
  const body = document.createElement('div');
  const title = document.createElement('div');
  title.className = 'ck-task-title';
  title.textContent = String(task?.title ?? task?.title_query ?? task?.type ?? '');
  body.appendChild(title);
  if (typeof task?.content === 'string' && task.content) {
    const content = document.createElement('div');
    content.className = 'ck-task-content ck-prose';
    content.appendChild(renderMarkdown(task.content));
    body.appendChild(content);
  }
  line.appendChild(body);
  return line;
}

/** @param {any} item */
function workflowItem(item) {
  const workflow = item.workflow ?? {};
  const details = document.createElement('details');
  details.className = 'ck-workflow';
  if (workflow.expanded) details.open = true;
  const summary = document.createElement('summary');
  const tasks = Array.isArray(workflow.tasks) ? workflow.tasks : [];
  const loading = tasks.some((/** @type {any} */ task) => task?.status_indicator === 'loading');
  summary.textContent = workflow.summary?.title ?? (loading ? 'Working…' : workflow.type === 'reasoning' ? 'Thought' : 'Steps');
  details.appendChild(summary);
  const list = document.createElement('div');
  list.className = 'ck-workflow-tasks';
  for (const task of tasks) list.appendChild(taskLine(task));
  details.appendChild(list);
  return wrap(item, details);
}

export function spinner() {
  const el = document.createElement('span');
  el.className = 'ck-spinner';
  el.setAttribute('aria-hidden', 'true');
  return el;
}

/** @param {HTMLElement[]} buttons */
function actionBar(buttons) {
  const bar = document.createElement('div');
  bar.className = 'ck-item-actions';
  bar.append(...buttons);
  return bar;
}

/**
 * @param {string} iconName
 * @param {string} label
 */
function iconButton(iconName, label) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'ck-icon-button';
  button.setAttribute('aria-label', label);
  button.title = label;
  button.appendChild(icon(iconName));
  return button;
}

/** @param {() => string} text */
function copyButton(text) {
  const button = iconButton('document', 'Copy');
  button.dataset.ckAction = 'copy';
  button.addEventListener('click', async () => {
    const ok = await copyText(text());
    button.replaceChildren(icon(ok ? 'check' : 'info'));
    button.setAttribute('aria-label', ok ? 'Copied' : 'Copy failed');
    button.title = button.getAttribute('aria-label') ?? '';
    setTimeout(() => {
      button.replaceChildren(icon('document'));
      button.setAttribute('aria-label', 'Copy');
      button.title = 'Copy';
    }, 1500);
  });
  return button;
}

/**
 * @param {'positive' | 'negative'} kind
 * @param {ItemContext} ctx
 */
function feedbackButton(kind, ctx) {
  const button = iconButton(kind === 'positive' ? 'thumb-up' : 'thumb-down', kind === 'positive' ? 'Good response' : 'Bad response');
  button.dataset.ckAction = `feedback-${kind}`;
  button.setAttribute('aria-pressed', String(ctx.feedback === kind));
  button.addEventListener('click', () => ctx.onFeedback(kind));
  return button;
}

/**
 * Copies text to the clipboard, with a fallback for pages without the async clipboard.
 * @param {string} text
 */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}
