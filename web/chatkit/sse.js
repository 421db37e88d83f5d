// Server-sent events parsing that does not care where the network splits the stream: frames, lines, `\r\n`
// pairs and multi-byte characters may all be cut anywhere between two chunks.

/** One dispatched SSE message. @typedef {{event: string, data: string, id?: string}} SSEMessage */

export class SSEParser {
  constructor() {
    /** Text not yet ending in a line break. */
    this.buffer = '';
    /** @type {string[]} */
    this.dataLines = [];
    this.eventType = '';
    /** @type {string | undefined} */
    this.lastId = undefined;
    /** A `\r` ended the previous chunk: a `\n` starting the next one belongs to it. */
    this.pendingCR = false;
    this.started = false;
    /** @type {TextDecoder | null} */
    this.decoder = null;
  }

  /**
   * Feeds a chunk (text, or bytes decoded as UTF-8 across chunk boundaries) and returns the messages it completes.
   * @param {string | Uint8Array} chunk
   * @returns {SSEMessage[]}
   */
  push(chunk) {
    let text;
    if (typeof chunk === 'string') {
      text = chunk;
    } else {
      this.decoder ??= new TextDecoder('utf-8');
      text = this.decoder.decode(chunk, { stream: true });
    }
    if (text.length === 0) return [];
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.pendingCR && text.startsWith('\n')) text = text.slice(1);
    this.pendingCR = false;
    /** @type {SSEMessage[]} */
    const out = [];
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.line(this.buffer.slice(start, i), out);
      if (c === 13) {
        if (i + 1 < this.buffer.length) {
          if (this.buffer.charCodeAt(i + 1) === 10) i++;
        } else {
          this.pendingCR = true;
        }
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  /**
   * Ends the stream: a last message without its blank line is still delivered (lenient towards servers).
   * @returns {SSEMessage[]}
   */
  end() {
    /** @type {SSEMessage[]} */
    const out = [];
    if (this.decoder) this.buffer += this.decoder.decode();
    if (this.buffer.length > 0) this.line(this.buffer, out);
    this.buffer = '';
    this.line('', out);
    return out;
  }

  /**
   * @param {string} line
   * @param {SSEMessage[]} out
   */
  line(line, out) {
    if (line === '') {
      if (this.dataLines.length > 0) {
        /** @type {SSEMessage} */
        const message = { event: this.eventType || 'message', data: this.dataLines.join('\n') };
        if (this.lastId !== undefined) message.id = this.lastId;
        out.push(message);
      }
      this.dataLines = [];
      this.eventType = '';
      return;
    }
    if (line.startsWith(':')) return; // a comment (keep-alive)
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.dataLines.push(value);
    else if (field === 'event') this.eventType = value;
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    // `retry` and unknown fields are ignored.
  }
}

/**
 * Parses a whole SSE text at once.
 * @param {string} text
 * @returns {SSEMessage[]}
 */
export function parseSSE(text) {
  const parser = new SSEParser();
  return [...parser.push(text), ...parser.end()];
}
