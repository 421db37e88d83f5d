// renderWidget: a widget tree (Card, ListView or Basic root) as DOM, with its actions wired to `onAction`.
// One renderer module per component family; an unknown or broken component renders its texts and a quiet
// marker instead of breaking the message.
import { chartRenderers } from './chart.js';
import { containerRenderers } from './containers.js';
import { childrenOf } from './context.js';
import { controlRenderers } from './controls.js';
import { layoutRenderers } from './layout.js';
import { mediaRenderers } from './media.js';
import { tableRenderers } from './table.js';
import { textRenderers } from './text.js';

/** @typedef {import('./context.js').RenderContext} RenderContext */
/** @typedef {import('./context.js').RenderOptions} RenderOptions */
/** @typedef {import('./context.js').Renderer} Renderer */
/** @typedef {import('../types.js').ActionConfig} ActionConfig */
/** @typedef {import('../types.js').WidgetRoot} WidgetRoot */

/** @type {Record<string, Renderer>} */
const RENDERERS = {
  ...containerRenderers,
  ...layoutRenderers,
  ...textRenderers,
  ...controlRenderers,
  ...mediaRenderers,
  ...tableRenderers,
  ...chartRenderers,
};

/** The component types this renderer draws. */
export const SUPPORTED_COMPONENTS = Object.freeze(Object.keys(RENDERERS));

let renderSeq = 0;

/**
 * Renders a widget root. `onAction(action, formValues?)` receives every action the user triggers; when it returns
 * a promise, the control (or the whole widget, per the action's `loadingBehavior`) shows as busy until it settles.
 * @param {WidgetRoot | Record<string, any>} widget
 * @param {RenderOptions} [options]
 * @returns {HTMLElement}
 */
export function renderWidget(widget, options = {}) {
  const prefix = `ck${++renderSeq}`;
  /** @type {HTMLElement | null} */
  let root = null;
  let busy = false;

  /** @type {RenderContext} */
  const ctx = {
    render: (node) => renderNode(node, ctx),
    renderChildren: (node, parent) => {
      for (const child of childrenOf(node)) parent.appendChild(renderNode(child, ctx));
    },
    fieldId: (name) => `${prefix}-${String(name).replace(/[^\w-]/g, '_')}`,
    rootEl: () => root,
    dispatch: (action, values, control, trigger) => {
      if (!action || typeof action.type !== 'string' || busy) return;
      let result;
      try {
        result = options.onAction?.(action, values);
      } catch (error) {
        console.error('chatkit: action handler failed', error);
        return;
      }
      if (!result || typeof (/** @type {any} */ (result).then) !== 'function') return;
      const behavior = action.loadingBehavior ?? 'auto';
      if (behavior === 'none') return;
      const target =
        behavior === 'container' || (behavior === 'auto' && (trigger !== 'click' || !control)) || !control ? root : control;
      busy = true;
      setBusy(target, true);
      Promise.resolve(result)
        .catch(() => {})
        .finally(() => {
          busy = false;
          setBusy(target, false);
        });
    },
  };
  root = renderNode(widget, ctx);
  root.classList.add('ck-widget');
  nameUnlabelledFields(root);
  return root;
}

/**
 * Gives every form field that no Label names (Labels may come before or after their field, so this runs once the
 * tree is built) an accessible name: its placeholder, else its field name. A screen reader then says "Priority,
 * combo box" rather than "combo box".
 * @param {HTMLElement} root
 */
function nameUnlabelledFields(root) {
  for (const field of root.querySelectorAll('input:not([type="hidden"]), select, textarea')) {
    const control = /** @type {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} */ (field);
    if (control.labels?.length || control.hasAttribute('aria-label') || control.hasAttribute('aria-labelledby')) continue;
    const placeholder = control instanceof HTMLSelectElement
      ? control.querySelector('option[data-ck-placeholder]')?.textContent
      : control.getAttribute('placeholder');
    const name = placeholder?.trim() || control.name.replace(/[_-]+/g, ' ').trim();
    if (name) control.setAttribute('aria-label', name);
  }
}

/**
 * @param {HTMLElement | null} el
 * @param {boolean} on
 */
function setBusy(el, on) {
  if (!el) return;
  el.classList.toggle('ck-busy', on);
  if (on) el.setAttribute('aria-busy', 'true');
  else el.removeAttribute('aria-busy');
  if (el instanceof HTMLButtonElement || el instanceof HTMLInputElement || el instanceof HTMLSelectElement) {
    if (on) {
      el.dataset.ckWasDisabled = String(el.disabled);
      el.disabled = true;
    } else {
      el.disabled = el.dataset.ckWasDisabled === 'true';
      delete el.dataset.ckWasDisabled;
    }
  }
}

/**
 * @param {unknown} node
 * @param {RenderContext} ctx
 * @returns {HTMLElement}
 */
function renderNode(node, ctx) {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return unsupported({ type: typeof node }, ctx);
  const n = /** @type {{type?: unknown}} */ (node);
  const renderer = typeof n.type === 'string' && Object.hasOwn(RENDERERS, n.type) ? RENDERERS[n.type] : null;
  if (!renderer) return unsupported(/** @type {Record<string, any>} */ (node), ctx);
  try {
    return renderer(node, ctx);
  } catch (error) {
    console.error(`chatkit: could not render ${String(n.type)}`, error);
    return unsupported(/** @type {Record<string, any>} */ (node), ctx);
  }
}

/**
 * An unknown component: the texts it carries, and a quiet marker.
 * @param {Record<string, any>} node
 * @param {RenderContext} ctx
 */
function unsupported(node, ctx) {
  const el = document.createElement('div');
  el.className = 'ck-unsupported';
  el.dataset.ckType = String(node.type ?? 'unknown');
  if (typeof node.id === 'string') el.dataset.ckId = node.id;
  for (const key of ['title', 'value', 'label', 'text']) {
    if (typeof node[key] === 'string' && node[key]) {
      const p = document.createElement('p');
      p.className = 'ck-text';
      p.textContent = node[key];
      el.appendChild(p);
    }
  }
  for (const child of childrenOf(node)) el.appendChild(renderNode(child, ctx));
  const marker = document.createElement('span');
  marker.className = 'ck-unsupported-marker';
  marker.textContent = `Unsupported component: ${String(node.type ?? 'unknown')}`;
  el.appendChild(marker);
  return el;
}
