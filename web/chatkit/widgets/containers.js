// Roots and lists: Card (status, confirm/cancel, collapsed, asForm), ListView (status, limit), ListViewItem, Basic.
import { base, collectValues, describeAction, validateFields } from './context.js';
import { icon } from './icons.js';
import { applyBlock, color, space } from './style.js';

/** @typedef {import('@openai/chatkit').Widgets.Card} CardNode */
/** @typedef {import('@openai/chatkit').Widgets.ListView} ListViewNode */
/** @typedef {import('@openai/chatkit').Widgets.ListViewItem} ListViewItemNode */
/** @typedef {import('@openai/chatkit').Widgets.BasicRoot} BasicNode */
/** @typedef {import('./context.js').RenderContext} RenderContext */
/** @typedef {import('../types.js').ActionConfig} ActionConfig */

/**
 * The header line of a card or list: an icon or favicon, then the text.
 * @param {any} status
 */
function statusLine(status) {
  const el = document.createElement('div');
  el.className = 'ck-status';
  if (typeof status.favicon === 'string' && /^https?:\/\//i.test(status.favicon)) {
    const img = document.createElement('img');
    img.className = 'ck-status-favicon';
    img.src = status.favicon;
    img.alt = '';
    img.referrerPolicy = 'no-referrer';
    img.loading = 'lazy';
    img.addEventListener('error', () => img.remove());
    if (status.frame) img.classList.add('ck-framed');
    el.appendChild(img);
  } else if (typeof status.icon === 'string') {
    el.appendChild(icon(status.icon));
  }
  const text = document.createElement('span');
  text.textContent = typeof status.text === 'string' ? status.text : '';
  el.appendChild(text);
  return el;
}

/**
 * @param {HTMLElement} el
 * @param {unknown} theme
 */
function applyTheme(el, theme) {
  if (theme === 'dark' || theme === 'light') el.classList.add(`ck-theme-${theme}`);
}

/**
 * @param {CardNode & {confirm?: {label: string, action: ActionConfig}, cancel?: {label: string, action: ActionConfig}}} node
 * @param {RenderContext} ctx
 */
function Card(node, ctx) {
  const el = base(node.asForm ? 'form' : 'div', node, 'ck-card');
  el.classList.add(`ck-card--${['sm', 'md', 'lg', 'full'].includes(String(node.size)) ? node.size : 'md'}`);
  applyTheme(el, node.theme);
  const bg = color(node.background, 'bg');
  if (bg) el.style.background = bg;
  applyBlock(el, { padding: node.padding, border: node.border });
  if (node.status) el.appendChild(statusLine(node.status));
  const body = document.createElement('div');
  body.className = 'ck-card-body ck-col';
  ctx.renderChildren(node, body);
  el.appendChild(body);

  const actions = document.createElement('div');
  actions.className = 'ck-card-actions';
  /**
   * @param {{label?: string, action?: ActionConfig}} cardAction
   * @param {'confirm' | 'cancel'} role
   */
  const addAction = (cardAction, role) => {
    const button = document.createElement('button');
    button.type = role === 'confirm' && node.asForm ? 'submit' : 'button';
    button.className = `ck-button ck-button--md ${role === 'confirm' ? 'ck-button--primary ck-button--solid' : 'ck-button--secondary ck-button--outline'}`;
    button.dataset.ckRole = role;
    const label = document.createElement('span');
    label.textContent = typeof cardAction.label === 'string' ? cardAction.label : role === 'confirm' ? 'Confirm' : 'Cancel';
    button.appendChild(label);
    if (button.type === 'button') {
      button.addEventListener('click', () => ctx.dispatch(cardAction.action, role === 'confirm' ? collectValues(el) : undefined, button, 'click'));
    }
    actions.appendChild(button);
  };
  if (node.cancel) addAction(node.cancel, 'cancel');
  if (node.confirm) addAction(node.confirm, 'confirm');
  if (node.asForm) {
    /** @type {HTMLFormElement} */ (el).noValidate = true;
    el.addEventListener('submit', (event) => {
      event.preventDefault();
      if (event.target !== el || !validateFields(el)) return;
      const submitter = /** @type {HTMLElement | null} */ (/** @type {SubmitEvent} */ (event).submitter ?? null);
      if (submitter?.dataset.ckRole === 'confirm' || !submitter) ctx.dispatch(node.confirm?.action, collectValues(el), submitter, 'submit');
    });
  }
  if (actions.childElementCount > 0) el.appendChild(actions);

  if (node.collapsed) {
    el.classList.add('ck-collapsed');
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'ck-card-expand';
    toggle.setAttribute('aria-expanded', 'false');
    toggle.textContent = 'Show more';
    toggle.addEventListener('click', () => {
      const collapsed = el.classList.toggle('ck-collapsed');
      toggle.setAttribute('aria-expanded', String(!collapsed));
      toggle.textContent = collapsed ? 'Show more' : 'Show less';
    });
    el.appendChild(toggle);
  }
  return el;
}

/**
 * @param {ListViewNode} node
 * @param {RenderContext} ctx
 */
function ListView(node, ctx) {
  const el = base('div', node, 'ck-listview');
  applyTheme(el, node.theme);
  if (node.status) el.appendChild(statusLine(node.status));
  const list = document.createElement('ul');
  list.className = 'ck-listview-items';
  ctx.renderChildren(node, list);
  el.appendChild(list);
  const items = [...list.children];
  const limit = typeof node.limit === 'number' && node.limit > 0 ? Math.floor(node.limit) : null;
  if (limit !== null && items.length > limit) {
    for (const item of items.slice(limit)) item.toggleAttribute('hidden', true);
    const more = document.createElement('button');
    more.type = 'button';
    more.className = 'ck-listview-more';
    more.textContent = `Show ${items.length - limit} more`;
    more.addEventListener('click', () => {
      for (const item of items) item.removeAttribute('hidden');
      more.remove();
    });
    el.appendChild(more);
  }
  return el;
}

/**
 * A row. With `onClickAction` the whole row acts as one button, drawn as a real <button> stretched over the row
 * (behind the row's own controls, which keep their clicks): the <li> stays a list item, and no control sits inside
 * another, which is what a row with role="button" around a checkbox would be.
 * @param {ListViewItemNode & {onClickAction?: ActionConfig}} node
 * @param {RenderContext} ctx
 */
function ListViewItem(node, ctx) {
  const el = base('li', node, 'ck-listview-item ck-row');
  applyBlock(el, { gap: node.gap ?? 2, align: node.align ?? 'center' });
  ctx.renderChildren(node, el);
  const action = node.onClickAction;
  if (action) {
    el.classList.add('ck-clickable');
    const rowAction = document.createElement('button');
    rowAction.type = 'button';
    rowAction.className = 'ck-listview-item-action';
    rowAction.dataset.ckRole = 'row-action';
    rowAction.setAttribute('aria-label', el.textContent?.trim() || describeAction(action, undefined));
    // The row shows as busy while the action runs, not just the invisible button.
    rowAction.addEventListener('click', () => ctx.dispatch(action, undefined, el, 'click'));
    el.prepend(rowAction);
  }
  return el;
}

/**
 * @param {BasicNode} node
 * @param {RenderContext} ctx
 */
function Basic(node, ctx) {
  const el = base('div', node, `ck-basic ${node.direction === 'row' ? 'ck-row' : 'ck-col'}`);
  applyTheme(el, node.theme);
  applyBlock(el, { gap: node.gap, padding: node.padding, align: node.align, justify: node.justify });
  if (node.gap === undefined) el.style.gap = space(2);
  ctx.renderChildren(node, el);
  return el;
}

/** @type {Record<string, import('./context.js').Renderer>} */
export const containerRenderers = { Card, ListView, ListViewItem, Basic };
