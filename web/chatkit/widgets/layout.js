// Layout family: Box, Row, Col, Form, Spacer, Divider, Transition.
import { base, collectValues, validateFields } from './context.js';
import { applyBlock, color, length, space } from './style.js';

/** @typedef {import('@openai/chatkit').Widgets.Box} BoxNode */
/** @typedef {import('@openai/chatkit').Widgets.Row} RowNode */
/** @typedef {import('@openai/chatkit').Widgets.Col} ColNode */
/** @typedef {import('@openai/chatkit').Widgets.Form} FormNode */
/** @typedef {import('@openai/chatkit').Widgets.Spacer} SpacerNode */
/** @typedef {import('@openai/chatkit').Widgets.Divider} DividerNode */
/** @typedef {import('@openai/chatkit').Widgets.Transition} TransitionNode */
/** @typedef {import('./context.js').RenderContext} RenderContext */

/** Components that read as words of a line: a row of nothing else is a line of text (a task's number, due date,
 * priority and tags), and may break like one. */
const WORDLIKE = new Set(['Text', 'Caption', 'Badge', 'Label', 'Icon', 'Title']);

/**
 * @param {any} node
 * @param {RenderContext} ctx
 * @param {'row' | 'col'} direction
 * @param {HTMLElement} [el]
 */
function flexBox(node, ctx, direction, el = base('div', node, 'ck-box')) {
  el.classList.add(direction === 'row' ? 'ck-row' : 'ck-col');
  applyBlock(el, node);
  ctx.renderChildren(node, el);
  // A row of words wraps unless the widget says otherwise: on a narrow screen its badges go to the next line
  // instead of past the message's edge. Rows with controls or columns keep one line; their columns shrink.
  if (direction === 'row' && node.wrap === undefined && el.children.length > 1 && [...el.children].every(isWordlike)) {
    el.classList.add('ck-row--wrap');
  }
  return el;
}

/** @param {Element} child */
function isWordlike(child) {
  return child instanceof HTMLElement && child.tagName !== 'INPUT' && WORDLIKE.has(child.dataset.ckType ?? '');
}

/** @param {BoxNode} node @param {RenderContext} ctx */
const Box = (node, ctx) => flexBox(node, ctx, node.direction === 'row' ? 'row' : 'col');
/** @param {RowNode} node @param {RenderContext} ctx */
const Row = (node, ctx) => flexBox(node, ctx, 'row');
/** @param {ColNode} node @param {RenderContext} ctx */
const Col = (node, ctx) => flexBox(node, ctx, 'col');

/**
 * A form: submitting sends `onSubmitAction` with the values of its named fields.
 * @param {FormNode & {onSubmitAction?: import('../types.js').ActionConfig}} node
 * @param {RenderContext} ctx
 */
function Form(node, ctx) {
  const form = base('form', node, 'ck-box ck-form');
  form.noValidate = true;
  flexBox(node, ctx, node.direction === 'row' ? 'row' : 'col', form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!validateFields(form)) return;
    const submitter = /** @type {SubmitEvent} */ (event).submitter;
    ctx.dispatch(node.onSubmitAction, collectValues(form), /** @type {HTMLElement | null} */ (submitter ?? null), 'submit');
  });
  return form;
}

/** @param {SpacerNode} node */
function Spacer(node) {
  const el = base('div', node, 'ck-spacer');
  el.setAttribute('aria-hidden', 'true');
  const min = length(node.minSize);
  if (min) el.style.setProperty('--ck-spacer-min', min);
  return el;
}

/** @param {DividerNode} node */
function Divider(node) {
  const el = base('hr', node, 'ck-divider');
  const c = color(node.color, 'border');
  if (c) el.style.borderTopColor = c;
  if (typeof node.size === 'number') el.style.borderTopWidth = `${node.size}px`;
  const spacing = space(node.spacing);
  if (spacing) el.style.marginBlock = spacing;
  if (node.flush) el.classList.add('ck-divider--flush');
  return el;
}

/** @param {TransitionNode} node @param {RenderContext} ctx */
function Transition(node, ctx) {
  const el = base('div', node, 'ck-transition');
  ctx.renderChildren(node, el);
  return el;
}

/** @type {Record<string, import('./context.js').Renderer>} */
export const layoutRenderers = { Box, Row, Col, Form, Spacer, Divider, Transition };
