// The ChatKit renderer's public API: a client for any ChatKit server, SSE parsing, a thread store, widget and
// Markdown rendering, and a mounted chat view.
export { ChatKitClient, ChatKitError } from './client.js';
export { parseSSE, SSEParser } from './sse.js';
export { ThreadStore } from './thread-store.js';
export { renderWidget, SUPPORTED_COMPONENTS } from './widgets/index.js';
export { renderMarkdown } from './markdown.js';
export { mountChat } from './chat-view.js';
