// Media: Icon, Image.
import { base } from './context.js';
import { icon } from './icons.js';
import { applyBlock, color, tokenClass } from './style.js';

/** @typedef {import('@openai/chatkit').Widgets.Icon} IconNode */
/** @typedef {import('@openai/chatkit').Widgets.Image} ImageNode */

/** @param {IconNode} node */
function Icon(node) {
  const el = base('span', node, 'ck-icon-wrap');
  tokenClass(el, 'ck-icon-size--', node.size ?? 'md', ['xs', 'sm', 'md', 'lg', 'xl', '2xl', '3xl']);
  const c = color(node.color);
  if (c) el.style.color = c;
  el.appendChild(icon(String(node.name ?? '')));
  return el;
}

/** An image source this renderer loads: http(s), same-origin paths and inline raster images. @param {unknown} src */
export function safeImageSrc(src) {
  if (typeof src !== 'string') return null;
  const value = src.trim();
  if (/^https?:\/\//i.test(value) || /^\/(?!\/)/.test(value)) return value;
  if (/^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=]+$/i.test(value)) return value;
  return null;
}

/** @param {ImageNode & {background?: unknown}} node */
function Image(node) {
  const el = base('div', node, 'ck-image');
  applyBlock(el, node);
  if (node.frame) el.classList.add('ck-framed');
  if (node.flush) el.classList.add('ck-image--flush');
  const bg = color(node.background, 'bg');
  if (bg) el.style.background = bg;
  const src = safeImageSrc(node.src);
  if (src) {
    const img = document.createElement('img');
    img.src = src;
    img.alt = typeof node.alt === 'string' ? node.alt : '';
    img.loading = 'lazy';
    img.referrerPolicy = 'no-referrer';
    img.decoding = 'async';
    if (typeof node.fit === 'string' && /^(cover|contain|fill|scale-down|none)$/.test(node.fit)) img.style.objectFit = node.fit;
    if (typeof node.position === 'string' && /^[a-z ]+$/.test(node.position)) img.style.objectPosition = node.position;
    img.addEventListener('error', () => {
      el.classList.add('ck-image--broken');
      img.remove();
      const alt = document.createElement('span');
      alt.className = 'ck-image-alt';
      alt.textContent = typeof node.alt === 'string' ? node.alt : 'Image unavailable';
      el.appendChild(alt);
    });
    el.appendChild(img);
  }
  return el;
}

/** @type {Record<string, import('./context.js').Renderer>} */
export const mediaRenderers = { Icon, Image };
