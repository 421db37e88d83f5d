// The SDK's design tokens as CSS: spacing units, sizes, radii, colours (semantic tokens, palette names such as
// `red-400`, raw CSS colours, and `{light, dark}` pairs), borders. Values become inline styles or CSS variables
// defined in styles/chatkit.css; nothing here is ever parsed as markup.

/** A spacing unit: `gap: 2` is two of these. */
const SPACE = 'var(--ck-space, 4px)';

/** @param {unknown} value a number of spacing units, or a CSS length */
export function space(value) {
  if (typeof value === 'number' && Number.isFinite(value)) return value === 0 ? '0' : `calc(${SPACE} * ${value})`;
  if (typeof value === 'string' && cssSafe(value)) return value;
  return '';
}

/** @param {unknown} value a number of pixels, or a CSS length */
export function length(value) {
  if (typeof value === 'number' && Number.isFinite(value)) return `${value}px`;
  if (typeof value === 'string' && cssSafe(value)) return value;
  return '';
}

/** A CSS value with no way to escape its declaration. @param {string} value */
export function cssSafe(value) {
  return value.length < 200 && !/[;{}<>\\]|url\s*\(|expression/i.test(value);
}

const SEMANTIC_TEXT = new Set([
  'prose', 'primary', 'emphasis', 'secondary', 'tertiary', 'success', 'warning', 'danger', 'info', 'discovery',
  'caution', 'white', 'black', 'subtle', 'strong', 'default',
]);
const SURFACES = new Set([
  'surface', 'surface-secondary', 'surface-tertiary', 'surface-elevated', 'surface-elevated-secondary',
]);
/** Hue and saturation of each palette family; the level picks the lightness. */
const PALETTE = /** @type {Record<string, [number, number]>} */ ({
  gray: [220, 9], slate: [215, 16], red: [0, 72], orange: [25, 90], amber: [38, 92], yellow: [48, 90],
  lime: [84, 70], green: [142, 60], emerald: [160, 70], teal: [173, 65], cyan: [190, 80], sky: [199, 85],
  blue: [217, 85], indigo: [239, 75], violet: [258, 80], purple: [271, 75], fuchsia: [292, 75], pink: [330, 75],
  rose: [350, 80],
});
const LIGHTNESS = /** @type {Record<number, number>} */ ({
  25: 98, 50: 96, 75: 94, 100: 92, 150: 88, 200: 84, 250: 80, 300: 73, 350: 66, 400: 60, 450: 55, 500: 50,
  550: 46, 600: 41, 650: 37, 700: 33, 750: 29, 800: 25, 850: 20, 900: 16, 950: 10, 1000: 6,
});

/**
 * A colour token as a CSS colour.
 * @param {unknown} value
 * @param {'text' | 'bg' | 'border'} [role]
 * @returns {string}
 */
export function color(value, role = 'text') {
  if (value && typeof value === 'object') {
    const pair = /** @type {{light?: unknown, dark?: unknown}} */ (value);
    const light = color(pair.light, role);
    const dark = color(pair.dark, role);
    if (light && dark) return `light-dark(${light}, ${dark})`;
    return light || dark;
  }
  if (typeof value !== 'string' || value === '') return '';
  const token = value.trim();
  if (/^#[0-9a-f]{3,8}$/i.test(token)) return token;
  if (/^(rgb|rgba|hsl|hsla|oklch|oklab|lab|lch|color)\([^()]*\)$/i.test(token)) return token;
  if (SURFACES.has(token)) return `var(--ck-${token})`;
  if (SEMANTIC_TEXT.has(token)) return `var(--ck-${role === 'text' ? 'text' : role}-${token}, var(--ck-text-${token}))`;
  const m = /^([a-z]+)(?:-(\d{2,4}))?$/.exec(token);
  if (m && PALETTE[m[1]]) {
    const [hue, sat] = PALETTE[m[1]];
    const level = m[2] ? Number(m[2]) : 500;
    const light = LIGHTNESS[level] ?? Math.max(5, Math.min(98, 100 - level / 10));
    return `hsl(${hue} ${sat}% ${light}%)`;
  }
  if (/^[a-z]+$/i.test(token)) return token; // a CSS named colour
  return '';
}

const RADII = new Set(['2xs', 'xs', 'sm', 'md', 'lg', 'xl', '2xl', '3xl', '4xl', 'full', 'none']);
/** @param {unknown} value */
export function radius(value) {
  if (value === '100%') return '100%';
  if (typeof value === 'string' && RADII.has(value)) return `var(--ck-radius-${value})`;
  return '';
}

/**
 * Padding or margin: a number of units, a CSS string, or `{top, right, bottom, left, x, y}`.
 * @param {CSSStyleDeclaration} style
 * @param {'padding' | 'margin'} property
 * @param {unknown} value
 */
export function applySpacing(style, property, value) {
  if (value === undefined || value === null) return;
  if (typeof value === 'object') {
    const v = /** @type {Record<string, unknown>} */ (value);
    const sides = /** @type {const} */ (['top', 'right', 'bottom', 'left']);
    for (const side of sides) {
      const axis = side === 'top' || side === 'bottom' ? v.y : v.x;
      const raw = v[side] ?? axis;
      const css = raw === undefined ? '' : space(raw);
      if (css) style.setProperty(`${property}-${side}`, css);
    }
    return;
  }
  const css = space(value);
  if (css) style.setProperty(property, css);
}

/**
 * A border: a width in pixels, `{size, color, style}`, or per side.
 * @param {CSSStyleDeclaration} style
 * @param {unknown} value
 */
export function applyBorder(style, value) {
  if (value === undefined || value === null) return;
  /** @param {unknown} border @returns {string} */
  const one = (border) => {
    if (typeof border === 'number') return `${border}px solid var(--ck-border-default)`;
    if (border && typeof border === 'object') {
      const b = /** @type {{size?: unknown, color?: unknown, style?: unknown}} */ (border);
      const width = typeof b.size === 'number' ? b.size : 1;
      const kind = typeof b.style === 'string' && /^[a-z]+$/.test(b.style) ? b.style : 'solid';
      return `${width}px ${kind} ${color(b.color, 'border') || 'var(--ck-border-default)'}`;
    }
    return '';
  };
  if (typeof value === 'number') {
    style.border = one(value);
    return;
  }
  if (typeof value !== 'object') return;
  const v = /** @type {Record<string, unknown>} */ (value);
  if ('size' in v) {
    style.border = one(v);
    return;
  }
  for (const side of /** @type {const} */ (['top', 'right', 'bottom', 'left'])) {
    const raw = v[side] ?? (side === 'top' || side === 'bottom' ? v.y : v.x);
    const css = raw === undefined ? '' : one(raw);
    if (css) style.setProperty(`border-${side}`, css);
  }
}

const ALIGN = /** @type {Record<string, string>} */ ({
  start: 'flex-start', center: 'center', end: 'flex-end', baseline: 'baseline', stretch: 'stretch',
});
const JUSTIFY = /** @type {Record<string, string>} */ ({
  start: 'flex-start', center: 'center', end: 'flex-end', between: 'space-between', around: 'space-around',
  evenly: 'space-evenly', stretch: 'stretch',
});

/**
 * Size, spacing and decoration shared by boxes and images (the SDK's BlockProps and BoxBaseProps).
 * @param {HTMLElement} el
 * @param {Record<string, any>} node
 */
export function applyBlock(el, node) {
  const s = el.style;
  /** @type {[string, string][]} */
  const dims = [
    ['height', 'height'], ['width', 'width'], ['minHeight', 'min-height'], ['minWidth', 'min-width'],
    ['maxHeight', 'max-height'], ['maxWidth', 'max-width'],
  ];
  for (const [key, css] of dims) {
    const v = length(node[key]);
    if (v) s.setProperty(css, v);
  }
  /** `size` sets both dimensions unless one is given on its own. @type {[string, string, string][]} */
  const both = [['size', 'width', 'height'], ['minSize', 'minWidth', 'minHeight'], ['maxSize', 'maxWidth', 'maxHeight']];
  for (const [key, w, h] of both) {
    const v = length(node[key]);
    if (!v || v === 'auto') continue;
    if (node[w] === undefined) s.setProperty(w.replace(/[A-Z]/, (c) => `-${c.toLowerCase()}`), v);
    if (node[h] === undefined) s.setProperty(h.replace(/[A-Z]/, (c) => `-${c.toLowerCase()}`), v);
  }
  if (typeof node.aspectRatio === 'number' || (typeof node.aspectRatio === 'string' && cssSafe(node.aspectRatio))) {
    s.aspectRatio = String(node.aspectRatio);
  }
  const r = radius(node.radius);
  if (r) s.borderRadius = r;
  applySpacing(s, 'margin', node.margin);
  applySpacing(s, 'padding', node.padding);
  applyBorder(s, node.border);
  const bg = color(node.background, 'bg');
  if (bg) s.background = bg;
  if (typeof node.flex === 'number' || (typeof node.flex === 'string' && cssSafe(node.flex))) s.flex = String(node.flex);
  if (node.align && ALIGN[node.align]) s.alignItems = ALIGN[node.align];
  if (node.justify && JUSTIFY[node.justify]) s.justifyContent = JUSTIFY[node.justify];
  if (typeof node.wrap === 'string' && /^(nowrap|wrap|wrap-reverse)$/.test(node.wrap)) s.flexWrap = node.wrap;
  const gap = space(node.gap);
  if (gap) s.gap = gap;
}

/**
 * Text colour, weight, alignment, truncation and line clamp (the SDK's BaseTextProps).
 * @param {HTMLElement} el
 * @param {Record<string, any>} node
 */
export function applyText(el, node) {
  const c = color(node.color, 'text');
  if (c) el.style.color = c;
  if (typeof node.weight === 'string' && /^(normal|medium|semibold|bold)$/.test(node.weight)) {
    el.classList.add(`ck-weight-${node.weight}`);
  }
  if (typeof node.textAlign === 'string' && /^(start|center|end)$/.test(node.textAlign)) el.style.textAlign = node.textAlign;
  if (typeof node.maxLines === 'number' && node.maxLines > 0 && (node.truncate || node.maxLines > 1)) {
    el.classList.add('ck-clamp');
    el.style.setProperty('--ck-lines', String(Math.floor(node.maxLines)));
  } else if (node.truncate) {
    el.classList.add('ck-truncate');
  }
}

/**
 * Adds a modifier class from a known set of tokens.
 * @param {Element} el
 * @param {string} prefix
 * @param {unknown} value
 * @param {readonly string[]} allowed
 */
export function tokenClass(el, prefix, value, allowed) {
  if (typeof value === 'string' && allowed.includes(value)) el.classList.add(`${prefix}${value}`);
}
