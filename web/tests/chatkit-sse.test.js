// SSEParser: frames split anywhere (every byte boundary, multi-byte characters included), \r\n and \r line
// endings, comments, multi-line data, and a last frame without its blank line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSSE, SSEParser } from '../chatkit/sse.js';

const events = [
  { type: 'thread.created', thread: { id: 'thr_1', title: 'Grüße 👋' } },
  { type: 'thread.item.updated', item_id: 'msg_1', update: { type: 'assistant_message.content_part.text_delta', delta: 'Sure — here: 日本語' } },
  { type: 'thread.item.done', item: { id: 'msg_1', type: 'assistant_message', content: [] } },
];
const stream = `: keep-alive\n\n${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('')}`;

/** @param {ReturnType<SSEParser['push']>} messages */
const decode = (messages) => messages.map((m) => JSON.parse(m.data));

test('a whole stream parses into its events, comments skipped', () => {
  assert.deepEqual(decode(parseSSE(stream)), events);
});

test('text split at every boundary gives the same events', () => {
  for (let i = 0; i <= stream.length; i++) {
    const parser = new SSEParser();
    const out = [...parser.push(stream.slice(0, i)), ...parser.push(stream.slice(i)), ...parser.end()];
    assert.deepEqual(decode(out), events, `split at ${i}`);
  }
});

test('bytes split at every byte boundary (inside multi-byte characters too) give the same events', () => {
  const bytes = new TextEncoder().encode(stream);
  for (let i = 0; i <= bytes.length; i++) {
    const parser = new SSEParser();
    const out = [...parser.push(bytes.slice(0, i)), ...parser.push(bytes.slice(i)), ...parser.end()];
    assert.deepEqual(decode(out), events, `split at byte ${i}`);
  }
});

test('one byte at a time', () => {
  const bytes = new TextEncoder().encode(stream);
  const parser = new SSEParser();
  const out = [];
  for (const byte of bytes) out.push(...parser.push(Uint8Array.of(byte)));
  out.push(...parser.end());
  assert.deepEqual(decode(out), events);
});

test('\\r\\n and \\r line endings, even with the pair split between chunks', () => {
  for (const eol of ['\r\n', '\r']) {
    const text = stream.replace(/\n/g, eol);
    assert.deepEqual(decode(parseSSE(text)), events, JSON.stringify(eol));
    for (let i = 0; i <= text.length; i++) {
      const parser = new SSEParser();
      const out = [...parser.push(text.slice(0, i)), ...parser.push(text.slice(i)), ...parser.end()];
      assert.deepEqual(decode(out), events, `${JSON.stringify(eol)} split at ${i}`);
    }
  }
});

test('empty chunks between a \\r and its \\n change nothing', () => {
  const parser = new SSEParser();
  const out = [...parser.push('data: 1\r'), ...parser.push(''), ...parser.push(new Uint8Array(0)), ...parser.push('\n\r'), ...parser.push(''), ...parser.push('\ndata: 2\r\n\r\n')];
  assert.deepEqual(out.map((m) => m.data), ['1', '2']);
});

test('multi-line data is joined with \\n; event, id and unknown fields are handled', () => {
  const messages = parseSSE('event: update\nid: 7\nretry: 100\nfoo: bar\ndata: line one\ndata:line two\ndata\n\n');
  assert.deepEqual(messages, [{ event: 'update', id: '7', data: 'line one\nline two\n' }]);
});

test('comments and empty frames dispatch nothing; a BOM is skipped', () => {
  assert.deepEqual(parseSSE(':\n: ping\n\n\n\n'), []);
  assert.deepEqual(parseSSE('\uFEFFdata: x\n\n'), [{ event: 'message', data: 'x' }]);
});

test('a last frame without its blank line is delivered by end()', () => {
  const parser = new SSEParser();
  assert.deepEqual(parser.push('data: {"type":"a"}'), []);
  assert.deepEqual(parser.end(), [{ event: 'message', data: '{"type":"a"}' }]);
});
