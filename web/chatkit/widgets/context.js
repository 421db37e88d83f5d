// What every component renderer receives: how to render children, how to name form fields, and how to send an
// action (with its loading behaviour).
import { childrenOf } from '../thread-store.js';

/** @typedef {import('../types.js').ActionConfig} ActionConfig */
/** @typedef {import('../types.js').AnyNode} AnyNode */

/**
 * @typedef {(action: ActionConfig, formValues?: Record<string, unknown>) => unknown} ActionHandler
 * @typedef {{onAction?: ActionHandler}} RenderOptions
 * @typedef {'click' | 'change' | 'submit'} Trigger
 * @typedef {{
 *   render: (node: unknown) => Node,
 *   renderChildren: (node: unknown, parent: Element) => void,
 *   fieldId: (name: string) => string,
 *   dispatch: (action: ActionConfig | undefined, values: Record<string, unknown> | undefined, control: HTMLElement | null, trigger: Trigger) => void,
 *   rootEl: () => HTMLElement | null,
 * }} RenderContext
 * @typedef {(node: any, ctx: RenderContext) => HTMLElement} Renderer
 */

export { childrenOf };

/**
 * An element with the classes and data attributes every component gets (`data-ck-type`, `data-ck-id`).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {AnyNode} node
 * @param {string} className
 * @returns {HTMLElementTagNameMap[K]}
 */
export function base(tag, node, className) {
  const el = document.createElement(tag);
  el.className = className;
  el.dataset.ckType = String(node.type);
  if (typeof node.id === 'string') el.dataset.ckId = node.id;
  if (typeof node.key === 'string') el.dataset.ckKey = node.key;
  return el;
}

/**
 * A readable label for a control that only shows an icon: its action type, humanised ("task.complete" → "Complete task").
 * @param {ActionConfig | undefined} action
 * @param {string | undefined} iconName
 */
export function describeAction(action, iconName) {
  if (action && typeof action.type === 'string') {
    const parts = action.type.split(/[._-]+/).filter(Boolean);
    if (parts.length > 1) parts.push(/** @type {string} */ (parts.shift()));
    const text = parts.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
  return iconName ? iconName.replace(/-/g, ' ') : 'Action';
}

/**
 * The values of the named fields inside `scope` (a form or a card): checkboxes as booleans.
 * @param {ParentNode} scope
 * @returns {Record<string, unknown>}
 */
export function collectValues(scope) {
  /** @type {Record<string, unknown>} */
  const values = {};
  for (const el of scope.querySelectorAll('input[name], textarea[name], select[name]')) {
    const field = /** @type {HTMLInputElement} */ (el);
    if (field.disabled && field.type !== 'checkbox') continue;
    if (field.type === 'checkbox') values[field.name] = field.checked;
    else if (field.type === 'radio') {
      if (field.checked) values[field.name] = field.value;
      else if (!(field.name in values)) values[field.name] = null;
    } else values[field.name] = field.value;
  }
  return values;
}

/**
 * Checks required and pattern constraints only (dates outside min/max are the server's business), showing the
 * browser's message on the first field that fails. Returns whether the fields are fine.
 * @param {ParentNode} scope
 */
export function validateFields(scope) {
  for (const el of scope.querySelectorAll('input[name], textarea[name], select[name]')) {
    const field = /** @type {HTMLInputElement} */ (el);
    if (field.validity.valueMissing || field.validity.patternMismatch) {
      field.reportValidity();
      return false;
    }
  }
  return true;
}
