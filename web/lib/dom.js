// Element builder. Every piece of text goes in through textContent or a text node, never as HTML: data from the
// server or the user can never become markup.

/** @typedef {Node | string | number | null | undefined | false | ChildList} Child */
/** @typedef {Child[]} ChildList */

/**
 * Properties for `h`:
 * - `class`: the class name; `text`: the text content (as text);
 * - `dataset`: `data-*` values; `style`: CSS custom properties and styles as an object;
 * - `on<Event>`: a listener (`onClick`, `onSubmit`, `onKeydown`, …);
 * - names with a dash (`aria-label`, `data-id`) and `role`, `for`: attributes (`false`/`null` leave them out);
 * - any other name: the element's property (`type`, `value`, `disabled`, `hidden`, `checked`, …).
 * @typedef {Record<string, unknown>} Props
 */

const ATTRIBUTES = new Set(['role', 'for', 'form', 'list', 'inputmode', 'autocomplete', 'enterkeyhint']);

/**
 * Builds an element.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props | null} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  if (props) applyProps(element, props);
  append(element, children);
  return element;
}

/**
 * @param {HTMLElement} element
 * @param {Props} props
 */
function applyProps(element, props) {
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (name === 'class') {
      element.className = String(value ?? '');
    } else if (name === 'text') {
      element.textContent = value === null ? '' : String(value);
    } else if (name === 'dataset') {
      for (const [key, item] of Object.entries(/** @type {Record<string, string>} */ (value))) {
        element.dataset[key] = String(item);
      }
    } else if (name === 'style') {
      for (const [key, item] of Object.entries(/** @type {Record<string, string>} */ (value))) {
        element.style.setProperty(key, String(item));
      }
    } else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
    } else if (name.includes('-') || ATTRIBUTES.has(name)) {
      if (value === false || value === null) element.removeAttribute(name);
      else element.setAttribute(name, value === true ? '' : String(value));
    } else {
      /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (element))[name] = value;
    }
  }
}

/**
 * Appends children: nodes as they are, strings and numbers as text nodes, arrays flattened, empty values skipped.
 * @param {Node} parent
 * @param {ChildList} children
 */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/**
 * Replaces an element's children.
 * @param {Element} parent
 * @param {...Child} children
 */
export function replace(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

const SVG = 'http://www.w3.org/2000/svg';

/** Icon paths (24×24, stroked), drawn here so that the app needs no icon font or network. */
const ICONS = /** @type {const} */ ({
  plus: ['M12 5v14', 'M5 12h14'],
  trash: ['M3 6h18', 'M8 6V4h8v2', 'M19 6l-1 14H6L5 6', 'M10 11v6', 'M14 11v6'],
  pencil: ['M17 3l4 4L8 20H4v-4L17 3z'],
  menu: ['M4 6h16', 'M4 12h16', 'M4 18h16'],
  close: ['M6 6l12 12', 'M18 6L6 18'],
  check: ['M5 12l5 5L20 7'],
  list: ['M9 6h11', 'M9 12h11', 'M9 18h11', 'M4 6h.01', 'M4 12h.01', 'M4 18h.01'],
  sun: ['M12 3v2', 'M12 19v2', 'M5 5l1.5 1.5', 'M17.5 17.5L19 19', 'M3 12h2', 'M19 12h2', 'M5 19l1.5-1.5',
    'M17.5 6.5L19 5', 'M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8z'],
  moon: ['M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z'],
  monitor: ['M3 4h18v12H3z', 'M8 20h8', 'M12 16v4'],
  logout: ['M15 4h4v16h-4', 'M10 8l-4 4 4 4', 'M6 12h11'],
  chat: ['M4 5h16v11H9l-5 4V5z'],
  refresh: ['M20 11a8 8 0 1 0-2.3 5.7', 'M20 4v7h-7'],
});

/** @typedef {keyof typeof ICONS} IconName */

/**
 * A decorative inline SVG icon (hidden from assistive technology: the control around it carries the label).
 * @param {IconName} name
 * @returns {SVGSVGElement}
 */
export function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'icon');
  for (const d of ICONS[name]) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.appendChild(path);
  }
  return svg;
}
