// Text family: Text, Title, Caption, Markdown, Label, Badge.
import { renderMarkdown } from '../markdown.js';
import { base } from './context.js';
import { applyText, color, length, tokenClass } from './style.js';

/** @typedef {import('@openai/chatkit').Widgets.TextComponent} TextNode */
/** @typedef {import('@openai/chatkit').Widgets.Title} TitleNode */
/** @typedef {import('@openai/chatkit').Widgets.Caption} CaptionNode */
/** @typedef {import('@openai/chatkit').Widgets.Markdown} MarkdownNode */
/** @typedef {import('@openai/chatkit').Widgets.Label} LabelNode */
/** @typedef {import('@openai/chatkit').Widgets.Badge} BadgeNode */
/** @typedef {import('./context.js').RenderContext} RenderContext */

const TEXT_SIZES = ['xs', 'sm', 'md', 'lg', 'xl'];

/** @param {unknown} value */
const str = (value) => (typeof value === 'string' ? value : value == null ? '' : String(value));

/** @param {HTMLElement} el */
function cursor(el) {
  const span = document.createElement('span');
  span.className = 'ck-cursor';
  span.setAttribute('aria-hidden', 'true');
  el.appendChild(span);
}

/**
 * @param {TextNode} node
 * @param {RenderContext} ctx
 */
function Text(node, ctx) {
  const editable = node.editable && typeof node.editable === 'object' ? node.editable : null;
  if (editable) {
    const input = base('input', node, 'ck-text ck-text-editable');
    input.type = 'text';
    input.name = str(editable.name);
    input.id = ctx.fieldId(input.name);
    input.value = str(node.value);
    if (editable.placeholder) input.placeholder = editable.placeholder;
    if (editable.required) input.required = true;
    if (editable.pattern) input.pattern = editable.pattern;
    if (editable.autoComplete) input.autocomplete = /** @type {AutoFill} */ (editable.autoComplete);
    if (editable.autoFocus) input.autofocus = true;
    if (editable.autoSelect) input.addEventListener('focus', () => input.select());
    decorate(input, node);
    return input;
  }
  const el = base('p', node, 'ck-text');
  el.textContent = str(node.value);
  decorate(el, node);
  if (node.streaming) cursor(el);
  return el;
}

/**
 * @param {HTMLElement} el
 * @param {TextNode} node
 */
function decorate(el, node) {
  tokenClass(el, 'ck-text--', node.size, TEXT_SIZES);
  if (node.italic) el.classList.add('ck-italic');
  if (node.lineThrough) el.classList.add('ck-line-through');
  const width = length(node.width);
  if (width) el.style.width = width;
  if (typeof node.minLines === 'number' && node.minLines > 1) el.style.minHeight = `calc(${node.minLines} * 1lh)`;
  applyText(el, node);
}

/** @param {TitleNode} node */
function Title(node) {
  const el = base('h3', node, 'ck-title');
  el.textContent = str(node.value);
  tokenClass(el, 'ck-title--', node.size ?? 'md', ['sm', 'md', 'lg', 'xl', '2xl', '3xl', '4xl', '5xl']);
  applyText(el, node);
  return el;
}

/** @param {CaptionNode} node */
function Caption(node) {
  const el = base('p', node, 'ck-caption');
  el.textContent = str(node.value);
  tokenClass(el, 'ck-caption--', node.size ?? 'md', ['sm', 'md', 'lg']);
  applyText(el, node);
  return el;
}

/** @param {MarkdownNode} node */
function Markdown(node) {
  const el = base('div', node, 'ck-markdown ck-prose');
  el.appendChild(renderMarkdown(str(node.value)));
  if (node.streaming) {
    const last = el.lastElementChild;
    cursor(last instanceof HTMLElement && /^(P|LI|H\d)$/.test(last.tagName) ? last : el);
  }
  return el;
}

/**
 * @param {LabelNode} node
 * @param {RenderContext} ctx
 */
function Label(node, ctx) {
  const el = base('label', node, 'ck-label');
  el.textContent = str(node.value);
  if (typeof node.fieldName === 'string') el.htmlFor = ctx.fieldId(node.fieldName);
  tokenClass(el, 'ck-text--', node.size, TEXT_SIZES);
  applyText(el, node);
  return el;
}

/** @param {BadgeNode} node */
function Badge(node) {
  const el = base('span', node, 'ck-badge');
  el.textContent = str(node.label);
  tokenClass(el, 'ck-badge--', node.color ?? 'secondary', ['secondary', 'success', 'danger', 'warning', 'info', 'discovery']);
  tokenClass(el, 'ck-badge--', node.variant ?? 'soft', ['solid', 'soft', 'outline']);
  tokenClass(el, 'ck-badge--', node.size ?? 'sm', ['sm', 'md', 'lg']);
  if (node.pill) el.classList.add('ck-pill');
  const custom = typeof node.color === 'string' && !el.className.includes(`ck-badge--${node.color}`) ? color(node.color) : '';
  if (custom) el.style.color = custom;
  return el;
}

/** @type {Record<string, import('./context.js').Renderer>} */
export const textRenderers = { Text, Title, Caption, Markdown, Label, Badge };
