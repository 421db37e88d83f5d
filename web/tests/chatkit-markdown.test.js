// renderMarkdown in Chromium: the supported Markdown becomes the right elements, and nothing in the text (raw
// HTML, scripts, javascript: or data: links) ever becomes an element or a live link.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch } from './harness.js';
import { ORIGIN, serveWeb } from './fixtures/static-route.js';

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
/** @type {Error[]} */
const errors = [];

before(async () => {
  browser = await launch();
  const context = await browser.newContext();
  await serveWeb(context);
  page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${ORIGIN}/tests/fixtures/widgets.html`);
  await page.waitForFunction(() => /** @type {any} */ (window).fixturesReady === true);
});

after(async () => {
  await browser?.close();
});

/**
 * The rendered tree as a compact outline: tag names and texts.
 * @param {string} text
 * @returns {Promise<{html: string, tags: string[], links: {href: string | null, rel: string | null, target: string | null, text: string}[], alerted: boolean}>}
 */
function render(text) {
  return page.evaluate(async (source) => {
    const { renderMarkdown } = await import('/chatkit/index.js');
    /** @type {any} */ (window).__alerted = false;
    window.alert = () => { /** @type {any} */ (window).__alerted = true; };
    /** Serialises a tree (tags, the data-language attribute, escaped text) to compare structure. @param {Node} node @returns {string} */
    const outline = (node) =>
      [...node.childNodes]
        .map((child) => {
          if (child.nodeType === Node.TEXT_NODE) return (child.textContent ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
          const el = /** @type {Element} */ (child);
          const tag = el.tagName.toLowerCase();
          const lang = el.getAttribute('data-language');
          if (tag === 'br' || tag === 'hr') return `<${tag}>`;
          return `<${tag}${lang ? ` data-language="${lang}"` : ''}>${outline(el)}</${tag}>`;
        })
        .join('');
    const host = document.createElement('div');
    host.appendChild(renderMarkdown(source));
    document.body.appendChild(host);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const result = {
      html: outline(host),
      tags: [...host.querySelectorAll('*')].map((el) => el.tagName.toLowerCase()),
      links: [...host.querySelectorAll('a')].map((a) => ({ href: a.getAttribute('href'), rel: a.getAttribute('rel'), target: a.getAttribute('target'), text: a.textContent ?? '' })),
      alerted: /** @type {any} */ (window).__alerted,
    };
    host.remove();
    return result;
  }, text);
}

const ALLOWED = new Set(['p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'ul', 'ol', 'li', 'a', 'blockquote', 'hr', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8']);

test('raw HTML, scripts and event handlers stay text', async () => {
  const attacks = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    'hello <b>bold</b> <iframe src="javascript:alert(1)"></iframe>',
    '**<svg onload=alert(1)>**',
    '`<script>alert(1)</script>`',
    '```\n<script>alert(1)</script>\n```',
    '- <img src=x onerror=alert(1)>\n- <a href="javascript:alert(1)">x</a>',
    '> <style>body{display:none}</style>',
  ];
  for (const attack of attacks) {
    const out = await render(attack);
    for (const tag of out.tags) assert.ok(ALLOWED.has(tag), `${attack}: <${tag}> appeared`);
    assert.equal(out.links.length, 0, attack);
    assert.equal(out.alerted, false, attack);
  }
  assert.deepEqual(errors, []);
});

test('only http(s) and mailto links become anchors, opened safely', async () => {
  const out = await render(
    '[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](java\tscript:alert(1)) [d](data:text/html,<script>alert(1)</script>) ' +
      '[e](vbscript:x) [f](/relative) [g](https://example.com/a_(b)) [h](mailto:me@example.com) <http://x.test/y> https://bare.example/path.',
  );
  assert.deepEqual(out.links, [
    { href: 'https://example.com/a_(b)', rel: 'noopener noreferrer', target: '_blank', text: 'g' },
    { href: 'mailto:me@example.com', rel: 'noopener noreferrer', target: '_blank', text: 'h' },
    { href: 'http://x.test/y', rel: 'noopener noreferrer', target: '_blank', text: 'http://x.test/y' },
    { href: 'https://bare.example/path', rel: 'noopener noreferrer', target: '_blank', text: 'https://bare.example/path' },
  ]);
});

test('paragraphs, emphasis, code, lists and blocks', async () => {
  const out = await render('Hello **bold** and *it* and _em_ and ~~gone~~ and `x < y`\nnext line\n\n- one\n- two\n  - nested\n\n1. first\n2. second\n\n```js\nlet a = "<b>";\n```\n\n> quoted\n\n### Title');
  assert.equal(
    out.html,
    '<p>Hello <strong>bold</strong> and <em>it</em> and <em>em</em> and <del>gone</del> and <code>x &lt; y</code><br>next line</p>' +
      '<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul>' +
      '<ol><li>first</li><li>second</li></ol>' +
      '<pre><code data-language="js">let a = "&lt;b&gt;";</code></pre>' +
      '<blockquote><p>quoted</p></blockquote>' +
      '<h5>Title</h5>',
  );
});

test('snake_case and unfinished markers (mid-stream) render as written', async () => {
  const out = await render('call snake_case_name and **unfinished and `open code');
  assert.equal(out.html, '<p>call snake_case_name and **unfinished and `open code</p>');
});
