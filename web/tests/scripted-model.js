// A scripted OpenAI-compatible Chat Completions server for browser tests of the LLM assistant: every
// POST /v1/chat/completions is answered as a stream of `chat.completion.chunk` events, one word at a time at a set
// pace, then a finish chunk and `data: [DONE]`. It records each request, how many words it sent, and whether the
// caller closed the connection before the answer was complete (what Stop must cause upstream).
import { createServer } from 'node:http';

/** The words of an answer: `w1 w2 w3 …`, numbered so that order and gaps can be checked. */
export function scriptedWord(/** @type {number} */ index) {
  return `w${index + 1}`;
}

/** The full text of an answer of `count` words, as the model streams it. @param {number} count */
export function scriptedText(count) {
  return Array.from({ length: count }, (_, i) => scriptedWord(i)).join(' ');
}

/**
 * @typedef {{
 *   body: any,
 *   wordsSent: number,
 *   finished: boolean,
 *   closedEarly: boolean,
 *   closed: Promise<void>,
 * }} ScriptedRequest
 */

/**
 * Starts the server on a free port of 127.0.0.1. `answer` can be changed between requests.
 * @param {{ words: number, intervalMs: number }} answer
 */
export async function startScriptedModel(answer) {
  /** @type {ScriptedRequest[]} */
  const requests = [];
  const state = { answer };

  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const { words, intervalMs } = state.answer;
      /** @type {() => void} */
      let markClosed = () => {};
      /** @type {ScriptedRequest} */
      const record = {
        body: JSON.parse(raw || '{}'),
        wordsSent: 0,
        finished: false,
        closedEarly: false,
        closed: new Promise((resolve) => (markClosed = resolve)),
      };
      requests.push(record);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      /** @param {unknown} payload */
      const send = (payload) => res.write(`data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`);
      /** @param {Record<string, unknown>} delta @param {string | null} finishReason */
      const chunk = (delta, finishReason) => ({
        id: 'x', object: 'chat.completion.chunk', created: 0, model: 'm',
        choices: [{ index: 0, delta, finish_reason: finishReason }],
      });
      const timer = setInterval(() => {
        if (record.wordsSent < words) {
          // Words after the first carry their space in front, so the text is `w1 w2 …` with no trailing space.
          const word = scriptedWord(record.wordsSent);
          send(chunk({ content: record.wordsSent === 0 ? word : ` ${word}` }, null));
          record.wordsSent += 1;
          return;
        }
        clearInterval(timer);
        send(chunk({}, 'stop'));
        send('[DONE]');
        record.finished = true;
        res.end();
      }, intervalMs);
      // The caller went away (taskchat dropped the upstream request): stop writing, and note it. The response's
      // 'close' is the connection's; since Node 16 the request's 'close' fires once its body is read.
      res.on('close', () => {
        clearInterval(timer);
        if (!record.finished) record.closedEarly = true;
        markClosed();
      });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    /** The base URL to give taskchat as OPENAI_BASE_URL. */
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    /** @param {{ words: number, intervalMs: number }} next */
    setAnswer(next) {
      state.answer = next;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
