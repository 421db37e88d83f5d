// The ChatKit transport: one endpoint, `{type, params, metadata}` bodies, JSON answers for plain ops and
// server-sent events for streaming ones.
import { SSEParser } from './sse.js';

/** @typedef {import('./types.js').ChatKitEvent} ChatKitEvent */

/** A failed ChatKit request: the HTTP status, the server's error code and message. */
export class ChatKitError extends Error {
  /**
   * @param {string} message
   * @param {{status?: number, code?: string}} [details]
   */
  constructor(message, { status = 0, code = 'error' } = {}) {
    super(message);
    this.name = 'ChatKitError';
    this.status = status;
    this.code = code;
  }
}

/**
 * @typedef {{
 *   url?: string,
 *   headers?: () => Record<string, string>,
 *   metadata?: Record<string, unknown>,
 *   fetch?: typeof fetch,
 * }} ChatKitClientOptions
 */

export class ChatKitClient {
  /** @param {ChatKitClientOptions} [options] */
  constructor({ url = '/chatkit', headers, metadata, fetch: fetchImpl } = {}) {
    this.url = url;
    this.headers = headers;
    this.metadata = metadata ?? {};
    this.fetchImpl = fetchImpl ?? ((input, init) => fetch(input, init));
  }

  /**
   * @param {string} type
   * @param {unknown} params
   * @param {string} accept
   * @param {AbortSignal} [signal]
   */
  async post(type, params, accept, signal) {
    const body = JSON.stringify({ type, params: params ?? {}, metadata: this.metadata });
    /** @type {Response} */
    let response;
    try {
      response = await this.fetchImpl(this.url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept, ...(this.headers ? this.headers() : {}) },
        body,
        signal,
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new ChatKitError('The server could not be reached.', { code: 'network' });
    }
    if (!response.ok) throw await errorFrom(response);
    return response;
  }

  /**
   * A non-streaming op (`threads.get_by_id`, `items.list`, `items.feedback`…): its JSON answer.
   * @param {string} type
   * @param {unknown} [params]
   * @param {{signal?: AbortSignal}} [options]
   * @returns {Promise<any>}
   */
  async request(type, params, { signal } = {}) {
    const response = await this.post(type, params, 'application/json', signal);
    const text = await response.text();
    if (text.trim() === '') return {};
    try {
      return JSON.parse(text);
    } catch {
      throw new ChatKitError('The server sent an unreadable answer.', { status: response.status, code: 'bad_response' });
    }
  }

  /**
   * A streaming op (`threads.create`, `threads.add_user_message`, `threads.custom_action`…): its events, in order.
   * Aborting `signal` ends the generator with an `AbortError`.
   * @param {string} type
   * @param {unknown} params
   * @param {{signal?: AbortSignal}} [options]
   * @returns {AsyncGenerator<ChatKitEvent, void, void>}
   */
  async *stream(type, params, { signal } = {}) {
    const response = await this.post(type, params, 'text/event-stream', signal);
    const contentType = response.headers.get('content-type') ?? '';
    if (!contentType.includes('text/event-stream')) {
      // A server answering a streaming op with JSON: treat an object with `type` as a single event.
      const value = await response.json().catch(() => null);
      if (value && typeof value === 'object' && typeof value.type === 'string') yield value;
      return;
    }
    if (!response.body) return;
    const reader = response.body.getReader();
    const parser = new SSEParser();
    const onAbort = () => {
      reader.cancel().catch(() => {});
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (signal?.aborted) throw abortError(signal);
        const messages = done ? parser.end() : parser.push(value);
        for (const message of messages) {
          const event = parseEvent(message.data);
          if (event) yield event;
        }
        if (done) return;
      }
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      if (error instanceof ChatKitError) throw error;
      throw new ChatKitError('The connection was lost.', { code: 'network' });
    } finally {
      signal?.removeEventListener('abort', onAbort);
      reader.releaseLock?.();
    }
  }
}

/** @param {string} data @returns {ChatKitEvent | null} */
function parseEvent(data) {
  try {
    const event = JSON.parse(data);
    return event && typeof event === 'object' && typeof event.type === 'string' ? event : null;
  } catch {
    return null;
  }
}

/** @param {Response} response */
async function errorFrom(response) {
  let code = `http_${response.status}`;
  let message = response.statusText || `Request failed (${response.status})`;
  try {
    const body = await response.json();
    const error = body && typeof body === 'object' ? (body.error ?? body) : null;
    if (error && typeof error === 'object') {
      if (typeof error.code === 'string') code = error.code;
      if (typeof error.message === 'string') message = error.message;
    } else if (typeof error === 'string') {
      message = error;
    }
  } catch {
    // not JSON: keep the status text
  }
  return new ChatKitError(message, { status: response.status, code });
}

/** @param {unknown} error */
export function isAbort(error) {
  return error instanceof Error && error.name === 'AbortError';
}

/** @param {AbortSignal} signal */
function abortError(signal) {
  const reason = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return new DOMException('The request was stopped.', 'AbortError');
}
