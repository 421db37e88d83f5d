// Controls: Button, Checkbox, Input, Textarea, Select, DatePicker, RadioGroup.
import { base, describeAction } from './context.js';
import { icon } from './icons.js';
import { tokenClass } from './style.js';

/** @typedef {import('@openai/chatkit').Widgets.Button} ButtonNode */
/** @typedef {import('@openai/chatkit').Widgets.Checkbox} CheckboxNode */
/** @typedef {import('@openai/chatkit').Widgets.Input} InputNode */
/** @typedef {import('@openai/chatkit').Widgets.Textarea} TextareaNode */
/** @typedef {import('@openai/chatkit').Widgets.Select} SelectNode */
/** @typedef {import('@openai/chatkit').Widgets.DatePicker} DatePickerNode */
/** @typedef {import('@openai/chatkit').Widgets.RadioGroup} RadioGroupNode */
/** @typedef {import('./context.js').RenderContext} RenderContext */
/** @typedef {import('../types.js').ActionConfig} ActionConfig */

const CONTROL_SIZES = ['3xs', '2xs', 'xs', 'sm', 'md', 'lg', 'xl', '2xl', '3xl'];
const VARIANTS = ['solid', 'soft', 'outline', 'ghost'];
const BUTTON_COLORS = ['primary', 'secondary', 'info', 'discovery', 'success', 'caution', 'warning', 'danger'];

/** @param {unknown} value */
const str = (value) => (typeof value === 'string' ? value : value == null ? '' : String(value));

/**
 * @param {HTMLElement} el
 * @param {{variant?: string, size?: string, pill?: boolean, block?: boolean}} node
 * @param {string} prefix
 * @param {string} defaultVariant
 */
function controlLook(el, node, prefix, defaultVariant) {
  tokenClass(el, `${prefix}--`, node.variant ?? defaultVariant, VARIANTS);
  tokenClass(el, `${prefix}--`, node.size ?? 'md', CONTROL_SIZES);
  if (node.pill) el.classList.add('ck-pill');
  if (node.block) el.classList.add('ck-block');
}

/**
 * @param {ButtonNode & {onClickAction?: ActionConfig}} node
 * @param {RenderContext} ctx
 */
function Button(node, ctx) {
  const el = base('button', node, 'ck-button');
  el.type = node.submit ? 'submit' : 'button';
  const legacy = node.style === 'secondary' ? 'secondary' : 'primary';
  tokenClass(el, 'ck-button--', node.color ?? legacy, BUTTON_COLORS);
  controlLook(el, node, 'ck-button', node.style === 'secondary' ? 'outline' : 'solid');
  const iconClass = `ck-icon ck-icon--${['sm', 'md', 'lg', 'xl', '2xl'].includes(str(node.iconSize)) ? node.iconSize : 'md'}`;
  if (node.iconStart) el.appendChild(icon(node.iconStart, iconClass));
  const label = str(node.label);
  if (label) {
    const span = document.createElement('span');
    span.textContent = label;
    el.appendChild(span);
  } else {
    el.setAttribute('aria-label', describeAction(node.onClickAction, node.iconStart ?? node.iconEnd));
    el.title = el.getAttribute('aria-label') ?? '';
  }
  if (node.iconEnd) el.appendChild(icon(node.iconEnd, iconClass));
  if (node.uniform || (!label && (node.iconStart || node.iconEnd))) el.classList.add('ck-uniform');
  if (node.disabled) el.disabled = true;
  const action = node.onClickAction;
  if (action) {
    el.addEventListener('click', (event) => {
      if (el.type === 'submit') return; // the form sends its own action
      event.stopPropagation();
      ctx.dispatch(action, undefined, el, 'click');
    });
  }
  return el;
}

/**
 * @param {CheckboxNode & {onChangeAction?: ActionConfig}} node
 * @param {RenderContext} ctx
 */
function Checkbox(node, ctx) {
  const el = base('label', node, 'ck-checkbox');
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.name = str(node.name);
  input.id = ctx.fieldId(input.name);
  input.checked = Boolean(node.defaultChecked);
  input.disabled = Boolean(node.disabled);
  input.required = Boolean(node.required);
  el.appendChild(input);
  const label = str(node.label);
  if (label) {
    const span = document.createElement('span');
    span.textContent = label;
    el.appendChild(span);
  } else {
    input.setAttribute('aria-label', describeAction(node.onChangeAction, undefined));
  }
  el.addEventListener('click', (event) => event.stopPropagation());
  const action = node.onChangeAction;
  if (action) input.addEventListener('change', () => ctx.dispatch(action, { [input.name]: input.checked }, input, 'change'));
  return el;
}

/**
 * @param {HTMLInputElement | HTMLTextAreaElement} field
 * @param {InputNode | TextareaNode} node
 * @param {RenderContext} ctx
 */
function fieldBasics(field, node, ctx) {
  field.name = str(node.name);
  field.id = ctx.fieldId(field.name);
  field.value = str(node.defaultValue);
  if (node.placeholder) field.placeholder = node.placeholder;
  field.required = Boolean(node.required);
  field.disabled = Boolean(node.disabled);
  if (node.autoFocus) field.autofocus = true;
  if (node.autoSelect) field.addEventListener('focus', () => field.select());
  if (node.allowAutofillExtensions === false) field.setAttribute('data-1p-ignore', 'true');
  field.addEventListener('click', (event) => event.stopPropagation());
}

/** @param {InputNode} node @param {RenderContext} ctx */
function Input(node, ctx) {
  const el = base('input', node, 'ck-input');
  const types = ['number', 'email', 'text', 'password', 'tel', 'url'];
  el.type = types.includes(str(node.inputType)) ? str(node.inputType) : 'text';
  fieldBasics(el, node, ctx);
  if (node.pattern) el.pattern = node.pattern;
  controlLook(el, node, 'ck-input', 'outline');
  return el;
}

/** @param {TextareaNode} node @param {RenderContext} ctx */
function Textarea(node, ctx) {
  const el = base('textarea', node, 'ck-input ck-textarea');
  fieldBasics(el, node, ctx);
  el.rows = typeof node.rows === 'number' && node.rows > 0 ? node.rows : 3;
  controlLook(el, node, 'ck-input', 'outline');
  if (node.autoResize) {
    const maxRows = typeof node.maxRows === 'number' ? node.maxRows : 12;
    el.style.maxHeight = `calc(${maxRows} * 1lh + 1em)`;
    const fit = () => {
      el.style.height = 'auto';
      el.style.height = `${el.scrollHeight + 2}px`;
    };
    el.addEventListener('input', fit);
  }
  return el;
}

/**
 * @param {SelectNode & {onChangeAction?: ActionConfig}} node
 * @param {RenderContext} ctx
 */
function Select(node, ctx) {
  const el = base('select', node, 'ck-input ck-select');
  el.name = str(node.name);
  el.id = ctx.fieldId(el.name);
  el.disabled = Boolean(node.disabled);
  controlLook(el, node, 'ck-input', 'outline');
  const hasDefault = typeof node.defaultValue === 'string' && node.defaultValue !== '';
  if (node.placeholder || node.clearable || !hasDefault) {
    const empty = document.createElement('option');
    empty.value = '';
    empty.textContent = str(node.placeholder) || '—';
    if (node.placeholder) empty.dataset.ckPlaceholder = '';
    if (!node.clearable) empty.disabled = true;
    el.appendChild(empty);
  }
  for (const option of Array.isArray(node.options) ? node.options : []) {
    const o = /** @type {{value?: unknown, label?: unknown, disabled?: unknown, description?: unknown}} */ (option);
    const opt = document.createElement('option');
    opt.value = str(o.value);
    opt.textContent = str(o.label ?? o.value);
    if (o.disabled) opt.disabled = true;
    if (typeof o.description === 'string') opt.title = o.description;
    el.appendChild(opt);
  }
  el.value = hasDefault ? str(node.defaultValue) : '';
  el.addEventListener('click', (event) => event.stopPropagation());
  const action = node.onChangeAction;
  if (action) el.addEventListener('change', () => ctx.dispatch(action, { [el.name]: el.value || null }, el, 'change'));
  return el;
}

/** The date part of an ISO date-time. @param {unknown} value */
const datePart = (value) => (typeof value === 'string' ? (/^\d{4}-\d{2}-\d{2}/.exec(value)?.[0] ?? '') : '');

/**
 * @param {DatePickerNode & {onChangeAction?: ActionConfig}} node
 * @param {RenderContext} ctx
 */
function DatePicker(node, ctx) {
  const el = base('input', node, 'ck-input ck-datepicker');
  el.type = 'date';
  el.name = str(node.name);
  el.id = ctx.fieldId(el.name);
  el.value = datePart(node.defaultValue);
  if (datePart(node.min)) el.min = datePart(node.min);
  if (datePart(node.max)) el.max = datePart(node.max);
  if (node.placeholder) el.setAttribute('aria-label', node.placeholder);
  el.disabled = Boolean(node.disabled);
  controlLook(el, node, 'ck-input', 'outline');
  el.addEventListener('click', (event) => event.stopPropagation());
  const action = node.onChangeAction;
  if (action) el.addEventListener('change', () => ctx.dispatch(action, { [el.name]: el.value || null }, el, 'change'));
  return el;
}

/**
 * @param {RadioGroupNode & {onChangeAction?: ActionConfig}} node
 * @param {RenderContext} ctx
 */
function RadioGroup(node, ctx) {
  const el = base('div', node, `ck-radiogroup ${node.direction === 'row' ? 'ck-row' : 'ck-col'}`);
  el.setAttribute('role', 'radiogroup');
  if (node.ariaLabel) el.setAttribute('aria-label', node.ariaLabel);
  const name = str(node.name);
  el.id = ctx.fieldId(name);
  const action = node.onChangeAction;
  (Array.isArray(node.options) ? node.options : []).forEach((option, index) => {
    const label = document.createElement('label');
    label.className = 'ck-radio';
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = name;
    input.value = str(option.value);
    input.checked = option.value === node.defaultValue;
    input.disabled = Boolean(node.disabled || option.disabled);
    if (node.required && index === 0) input.required = true;
    if (action) input.addEventListener('change', () => ctx.dispatch(action, { [name]: input.value }, el, 'change'));
    const span = document.createElement('span');
    span.textContent = str(option.label ?? option.value);
    label.append(input, span);
    label.addEventListener('click', (event) => event.stopPropagation());
    el.appendChild(label);
  });
  return el;
}

/** @type {Record<string, import('./context.js').Renderer>} */
export const controlRenderers = { Button, Checkbox, Input, Textarea, Select, DatePicker, RadioGroup };
