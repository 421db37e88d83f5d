// Icons as inline SVG built from constant path data (24×24, stroked). Names the SDK lists that are not drawn
// here, and vendor or lucide names, fall back to a neutral glyph.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** @type {Record<string, string[]>} */
const PATHS = {
  check: ['M5 12.5l4.5 4.5L19 7.5'],
  'check-circle': ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M8 12.5l3 3l5-6'],
  'check-circle-filled': ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M8 12.5l3 3l5-6'],
  'empty-circle': ['M12 3.5a8.5 8.5 0 1 0 0 17a8.5 8.5 0 1 0 0-17z'],
  dot: ['M12 10.5a1.5 1.5 0 1 0 0 3a1.5 1.5 0 1 0 0-3z'],
  'dots-horizontal': ['M5 12h.01', 'M12 12h.01', 'M19 12h.01'],
  'dots-vertical': ['M12 5v.01', 'M12 12v.01', 'M12 19v.01'],
  'chevron-left': ['M15 5l-7 7l7 7'],
  'chevron-right': ['M9 5l7 7l-7 7'],
  plus: ['M12 5v14', 'M5 12h14'],
  search: ['M10.5 4a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13z', 'M15.5 15.5L20 20'],
  calendar: ['M4 6h16v14H4z', 'M4 10h16', 'M8 3v4', 'M16 3v4'],
  info: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M12 11v5', 'M12 8h.01'],
  'circle-question': ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.7', 'M12 17h.01'],
  'external-link': ['M14 4h6v6', 'M20 4l-9 9', 'M18 14v6H4V6h6'],
  write: ['M4 20h4L19 9l-4-4L4 16z', 'M13.5 6.5l4 4'],
  'write-alt': ['M4 20h4L19 9l-4-4L4 16z'],
  'write-alt2': ['M4 20h4L19 9l-4-4L4 16z'],
  reload: ['M20 11a8 8 0 1 0-2.3 5.7', 'M20 4v7h-7'],
  star: ['M12 3.5l2.6 5.3l5.9.9l-4.3 4.1l1 5.8L12 16.9l-5.2 2.7l1-5.8L3.5 9.7l5.9-.9z'],
  'star-filled': ['M12 3.5l2.6 5.3l5.9.9l-4.3 4.1l1 5.8L12 16.9l-5.2 2.7l1-5.8L3.5 9.7l5.9-.9z'],
  bolt: ['M13 3L5 14h6l-1 7l8-11h-6z'],
  sparkle: ['M12 3l2 6l6 2l-6 2l-2 6l-2-6l-6-2l6-2z'],
  'sparkle-double': ['M10 4l1.6 4.4L16 10l-4.4 1.6L10 16l-1.6-4.4L4 10l4.4-1.6z', 'M18 14l.8 2.2L21 17l-2.2.8L18 20l-.8-2.2L15 17l2.2-.8z'],
  mail: ['M3 6h18v12H3z', 'M3 7l9 6l9-6'],
  user: ['M12 4a4 4 0 1 0 0 8a4 4 0 1 0 0-8z', 'M4 20c1.5-4 4.5-6 8-6s6.5 2 8 6'],
  profile: ['M12 4a4 4 0 1 0 0 8a4 4 0 1 0 0-8z', 'M4 20c1.5-4 4.5-6 8-6s6.5 2 8 6'],
  document: ['M6 3h8l4 4v14H6z', 'M14 3v4h4', 'M9 12h6', 'M9 16h6'],
  'page-blank': ['M6 3h8l4 4v14H6z', 'M14 3v4h4'],
  globe: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M3 12h18', 'M12 3c3 3 3 15 0 18', 'M12 3c-3 3-3 15 0 18'],
  lightbulb: ['M9 18h6', 'M10 21h4', 'M12 3a6 6 0 0 0-3.5 10.9V16h7v-2.1A6 6 0 0 0 12 3z'],
  'map-pin': ['M12 21s-6-5.5-6-11a6 6 0 0 1 12 0c0 5.5-6 11-6 11z', 'M12 8a2 2 0 1 0 0 4a2 2 0 1 0 0-4z'],
  phone: ['M5 4h4l2 5l-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z'],
  play: ['M7 4v16l13-8z'],
  chart: ['M4 20V4', 'M4 20h16', 'M8 16v-5', 'M12 16V8', 'M16 16v-3'],
  analytics: ['M4 20V4', 'M4 20h16', 'M7 15l4-4l3 3l5-6'],
  'settings-slider': ['M4 7h10', 'M18 7h2', 'M16 5v4', 'M4 17h4', 'M12 17h8', 'M10 15v4'],
  notebook: ['M6 3h12v18H6z', 'M9 3v18'],
  'notebook-pencil': ['M6 3h12v18H6z', 'M9 3v18', 'M12 15l4-4'],
  'book-open': ['M3 5h6a3 3 0 0 1 3 3v12a3 3 0 0 0-3-3H3z', 'M21 5h-6a3 3 0 0 0-3 3v12a3 3 0 0 1 3-3h6z'],
  'book-closed': ['M5 4h13v16H5z', 'M8 4v16'],
  suitcase: ['M3 8h18v11H3z', 'M9 8V5h6v3'],
  bug: ['M8 9h8v6a4 4 0 0 1-8 0z', 'M12 9v10', 'M4 13h4', 'M16 13h4', 'M9 6l1.5 2', 'M15 6l-1.5 2'],
  'thumb-up': ['M7 10v10H4V10z', 'M7 10l4-7a2 2 0 0 1 3 2l-1 4h6a2 2 0 0 1 2 2.3l-1.3 7A2 2 0 0 1 17.7 20H7'],
  'thumb-down': ['M7 14V4H4v10z', 'M7 14l4 7a2 2 0 0 0 3-2l-1-4h6a2 2 0 0 0 2-2.3l-1.3-7A2 2 0 0 0 17.7 4H7'],
  send: ['M12 19V5', 'M6 11l6-6l6 6'],
  confetti: ['M4 20l4-12l8 8z', 'M14 4v2', 'M18 8h2', 'M17 5l-1 1'],
};

/** Icons drawn filled rather than stroked. */
const FILLED = new Set(['check-circle-filled', 'star-filled', 'dot']);

/**
 * An icon as an SVG element (decorative: hidden from assistive technology; label the control instead).
 * @param {string} name
 * @param {string} [className]
 * @returns {SVGSVGElement}
 */
export function icon(name, className = 'ck-icon') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', className);
  svg.dataset.icon = String(name);
  const paths = PATHS[name] ?? ['M12 6.5a5.5 5.5 0 1 0 0 11a5.5 5.5 0 1 0 0-11z'];
  paths.forEach((d, index) => {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    if (FILLED.has(name) && index === 0) path.setAttribute('class', 'ck-icon-fill');
    svg.appendChild(path);
  });
  return svg;
}
