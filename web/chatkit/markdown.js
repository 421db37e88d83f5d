// A small, safe Markdown renderer: paragraphs, headings, emphasis, strikethrough, code spans and blocks, lists,
// block quotes, rules and links. Every piece of text becomes a text node; raw HTML is shown as text, never parsed.
// Unclosed markers (common while an answer streams in) render as the characters they are.

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/**
 * The URL a link may point to, or null: only absolute http(s) and mailto addresses.
 * @param {string} raw
 * @returns {string | null}
 */
export function safeHref(raw) {
  // eslint-disable-next-line no-control-regex
  const cleaned = raw.trim().replace(/[\u0000-\u001f\u007f\s]+/g, '');
  if (!/^(https?:\/\/|mailto:)/i.test(cleaned)) return null;
  try {
    const url = new URL(cleaned);
    return SAFE_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * @param {string} text
 * @returns {DocumentFragment}
 */
export function renderMarkdown(text) {
  const fragment = document.createDocumentFragment();
  renderBlocks(String(text ?? '').replace(/\r\n?/g, '\n').split('\n'), fragment);
  return fragment;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;
const BULLET = /^(\s*)([-*+])\s+(.*)$/;
const ORDERED = /^(\s*)(\d{1,9})[.)]\s+(.*)$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;

/**
 * @param {string[]} lines
 * @param {Node} parent
 */
function renderBlocks(lines, parent) {
  let i = 0;
  /** @type {string[]} */
  let paragraph = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    const p = document.createElement('p');
    paragraph.forEach((line, n) => {
      if (n > 0) p.append(document.createElement('br'));
      renderInline(line.trim(), p);
    });
    parent.appendChild(p);
    paragraph = [];
  };
  while (i < lines.length) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1];
      /** @type {string[]} */
      const body = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(marker)) body.push(lines[i++]);
      i++; // the closing fence (or the end of a still-streaming block)
      const pre = document.createElement('pre');
      const code = document.createElement('code');
      if (fence[2]) code.dataset.language = fence[2];
      code.textContent = body.join('\n');
      pre.appendChild(code);
      parent.appendChild(pre);
      continue;
    }
    if (line.trim() === '') {
      flush();
      i++;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      const h = document.createElement(`h${Math.min(6, heading[1].length + 2)}`);
      renderInline(heading[2], h);
      parent.appendChild(h);
      i++;
      continue;
    }
    if (RULE.test(line) && paragraph.length === 0) {
      flush();
      parent.appendChild(document.createElement('hr'));
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      flush();
      /** @type {string[]} */
      const body = [];
      let m;
      while (i < lines.length && (m = QUOTE.exec(lines[i]))) {
        body.push(m[1]);
        i++;
      }
      const quote = document.createElement('blockquote');
      renderBlocks(body, quote);
      parent.appendChild(quote);
      continue;
    }
    if (BULLET.test(line) || ORDERED.test(line)) {
      flush();
      i = renderList(lines, i, parent);
      continue;
    }
    paragraph.push(line);
    i++;
  }
  flush();
}

/**
 * A list starting at `start`; nested lists are the lines indented deeper than the first marker.
 * @param {string[]} lines
 * @param {number} start
 * @param {Node} parent
 * @returns {number} the first line after the list
 */
function renderList(lines, start, parent) {
  const first = /** @type {RegExpExecArray} */ (BULLET.exec(lines[start]) ?? ORDERED.exec(lines[start]));
  const ordered = !BULLET.test(lines[start]);
  const indent = first[1].length;
  const list = document.createElement(ordered ? 'ol' : 'ul');
  if (ordered && first[2] !== '1') list.setAttribute('start', String(Number(first[2])));
  let i = start;
  /** @type {HTMLLIElement | null} */
  let li = null;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      // A blank line ends the list unless the next line continues it.
      const next = lines[i + 1];
      if (next !== undefined && (itemIndent(next) ?? -1) >= indent) {
        i++;
        continue;
      }
      break;
    }
    const m = (ordered ? ORDERED : BULLET).exec(line) ?? (ordered ? BULLET : ORDERED).exec(line);
    const lineIndent = line.length - line.trimStart().length;
    if (m && m[1].length === indent) {
      if ((ordered ? ORDERED : BULLET).test(line) === false) break; // a different kind of list starts
      li = document.createElement('li');
      renderInline(m[3], li);
      list.appendChild(li);
      i++;
    } else if (m && m[1].length > indent && li) {
      i = renderList(lines, i, li);
    } else if (li && lineIndent > indent) {
      li.append(document.createElement('br'));
      renderInline(line.trim(), li);
      i++;
    } else if (li && !m && !HEADING.test(line) && !FENCE.test(line) && !QUOTE.test(line)) {
      // a lazy continuation line
      li.append(' ');
      renderInline(line.trim(), li);
      i++;
    } else {
      break;
    }
  }
  parent.appendChild(list);
  return i;
}

/** @param {string} line */
function itemIndent(line) {
  const m = BULLET.exec(line) ?? ORDERED.exec(line);
  return m ? m[1].length : null;
}

const PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * Inline markup into `parent`: code spans, **strong**, *em*, ~~del~~, [links](url), <autolinks> and bare URLs.
 * @param {string} text
 * @param {Node} parent
 */
export function renderInline(text, parent) {
  let buffer = '';
  const flushText = () => {
    if (buffer) parent.appendChild(document.createTextNode(buffer));
    buffer = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && PUNCTUATION.test(text[i + 1])) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      let run = 1;
      while (text[i + run] === '`') run++;
      const fence = '`'.repeat(run);
      const end = text.indexOf(fence, i + run);
      if (end !== -1) {
        flushText();
        const code = document.createElement('code');
        let inner = text.slice(i + run, end);
        if (inner.startsWith(' ') && inner.endsWith(' ') && inner.trim()) inner = inner.slice(1, -1);
        code.textContent = inner;
        parent.appendChild(code);
        i = end + run;
        continue;
      }
      buffer += fence;
      i += run;
      continue;
    }
    if ((c === '*' || c === '_' || c === '~') && text[i + 1] === c) {
      const marker = c + c;
      const end = findClose(text, marker, i + 2);
      if (end !== -1 && (c !== '_' || boundaryBefore(text, i))) {
        flushText();
        const el = document.createElement(c === '~' ? 'del' : 'strong');
        renderInline(text.slice(i + 2, end), el);
        parent.appendChild(el);
        i = end + 2;
        continue;
      }
    } else if ((c === '*' || c === '_') && text[i + 1] !== undefined && !/\s/.test(text[i + 1])) {
      const end = findClose(text, c, i + 1);
      if (end !== -1 && (c !== '_' || (boundaryBefore(text, i) && !/\w/.test(text[end + 1] ?? '')))) {
        flushText();
        const em = document.createElement('em');
        renderInline(text.slice(i + 1, end), em);
        parent.appendChild(em);
        i = end + 1;
        continue;
      }
    }
    if (c === '[') {
      const link = parseLink(text, i);
      if (link) {
        flushText();
        const href = safeHref(link.href);
        if (href) {
          const a = anchor(href);
          renderInline(link.label, a);
          parent.appendChild(a);
        } else {
          renderInline(link.label, parent); // an unsafe target keeps only its label
        }
        i = link.end;
        continue;
      }
    }
    if (c === '<') {
      const m = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i.exec(text.slice(i));
      const href = m ? safeHref(m[1]) : null;
      if (m && href) {
        flushText();
        const a = anchor(href);
        a.textContent = m[1];
        parent.appendChild(a);
        i += m[0].length;
        continue;
      }
    }
    if ((c === 'h' || c === 'H') && boundaryBefore(text, i)) {
      const m = /^https?:\/\/[^\s<>()]+(?:\([^\s<>()]*\)[^\s<>()]*)*/i.exec(text.slice(i));
      if (m) {
        let url = m[0];
        while (/[.,;:!?'"*_]$/.test(url)) url = url.slice(0, -1);
        const href = safeHref(url);
        if (href) {
          flushText();
          const a = anchor(href);
          a.textContent = url;
          parent.appendChild(a);
          i += url.length;
          continue;
        }
      }
    }
    buffer += c;
    i++;
  }
  flushText();
}

/** @param {string} href */
function anchor(href) {
  const a = document.createElement('a');
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

/**
 * @param {string} text
 * @param {number} i
 */
function boundaryBefore(text, i) {
  return i === 0 || !/[\p{L}\p{N}]/u.test(text[i - 1]);
}

/**
 * The index of the closing `marker` after `from` (not preceded by whitespace), or -1.
 * @param {string} text
 * @param {string} marker
 * @param {number} from
 */
function findClose(text, marker, from) {
  let i = from;
  while ((i = text.indexOf(marker, i)) !== -1) {
    if (i > from && !/\s/.test(text[i - 1]) && text[i - 1] !== '\\') {
      // `**` must not be read as the close of `*`
      if (marker.length === 1 && text[i + 1] === marker) {
        i += 2;
        continue;
      }
      return i;
    }
    i += marker.length;
  }
  return -1;
}

/**
 * `[label](href "title")` at `start`.
 * @param {string} text
 * @param {number} start
 * @returns {{label: string, href: string, end: number} | null}
 */
function parseLink(text, start) {
  let depth = 0;
  let i = start;
  for (; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === '[') depth++;
    else if (text[i] === ']' && --depth === 0) break;
  }
  if (i >= text.length || text[i + 1] !== '(') return null;
  let close = -1;
  for (let j = i + 2, open = 0; j < text.length; j++) {
    if (text[j] === '(') open++;
    else if (text[j] === ')' && open-- === 0) {
      close = j;
      break;
    }
  }
  if (close === -1) return null;
  const target = text.slice(i + 2, close).trim();
  const href = target.replace(/\s+("[^"]*"|'[^']*')$/, '').replace(/^<(.*)>$/, '$1');
  return { label: text.slice(start + 1, i), href, end: close + 1 };
}
