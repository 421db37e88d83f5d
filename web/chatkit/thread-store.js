// The local state of one thread: its metadata and its items in order, changed only by `apply(event)` (and by the
// loaders), announcing each change with a 'change' event whose detail says what changed.

/** @typedef {import('./types.js').ChatKitEvent} ChatKitEvent */
/** @typedef {import('./types.js').ThreadItem} ThreadItem */
/** @typedef {import('./types.js').Thread} Thread */
/** @typedef {import('./types.js').ItemUpdate} ItemUpdate */
/** @typedef {import('./types.js').AnyNode} AnyNode */

/** @typedef {{kind: 'items' | 'item' | 'thread' | 'status', itemId?: string, event?: string}} ChangeDetail */
/** @typedef {{level: string, message: string, title?: string, id: number}} Notice */
/** @typedef {{code: string, message?: string, allow_retry: boolean}} StreamErrorInfo */

const HIDDEN_TYPES = new Set(['hidden_context_item', 'sdk_hidden_context']);

export class ThreadStore extends EventTarget {
  constructor() {
    super();
    /** @type {Thread | null} */
    this.thread = null;
    /** @type {ThreadItem[]} */
    this.items = [];
    /** Items added but not yet done (still streaming). @type {Set<string>} */
    this.pending = new Set();
    /** @type {{text: string, icon?: string} | null} */
    this.progress = null;
    /** @type {Notice[]} */
    this.notices = [];
    /** @type {StreamErrorInfo | null} */
    this.error = null;
    /** @type {{allow_cancel?: boolean}} */
    this.streamOptions = { allow_cancel: true };
    this.noticeSeq = 0;
  }

  /** @param {ChangeDetail} detail */
  emit(detail) {
    this.dispatchEvent(new CustomEvent('change', { detail }));
  }

  /** Forgets everything (another thread, or a new one). */
  reset() {
    this.thread = null;
    this.items = [];
    this.pending.clear();
    this.progress = null;
    this.notices = [];
    this.error = null;
    this.emit({ kind: 'items' });
  }

  /**
   * Loads a thread as `threads.get_by_id` answers it (its first page of items included).
   * @param {Thread} thread
   */
  setThread(thread) {
    const { items, ...meta } = thread;
    this.thread = /** @type {Thread} */ (meta);
    this.items = [];
    this.pending.clear();
    if (items) this.appendItems(items.data ?? [], false);
    this.emit({ kind: 'thread' });
    this.emit({ kind: 'items' });
  }

  /**
   * Adds items at the end (newer) or the start (older), skipping ones already present.
   * @param {ThreadItem[]} items
   * @param {boolean} [notify]
   */
  appendItems(items, notify = true) {
    for (const item of items) if (this.visible(item) && this.indexOf(item.id) === -1) this.items.push(item);
    if (notify) this.emit({ kind: 'items' });
  }

  /** Replaces every item (a thread's newest page). @param {ThreadItem[]} items oldest first */
  replaceItems(items) {
    this.items = items.filter((item) => this.visible(item));
    this.pending.clear();
    this.emit({ kind: 'items' });
  }

  /** @param {ThreadItem[]} items oldest first */
  prependItems(items) {
    const fresh = items.filter((item) => this.visible(item) && this.indexOf(item.id) === -1);
    this.items = [...fresh, ...this.items];
    this.emit({ kind: 'items' });
  }

  /** @param {ThreadItem} item */
  visible(item) {
    return Boolean(item && typeof item.id === 'string') && !HIDDEN_TYPES.has(item.type);
  }

  /** @param {string} id */
  indexOf(id) {
    return this.items.findIndex((item) => item.id === id);
  }

  /** @param {string} id */
  get(id) {
    return this.items.find((item) => item.id === id);
  }

  /** Removes every item after `id` (a retry replaces what followed). @param {string} id */
  truncateAfter(id) {
    const index = this.indexOf(id);
    if (index === -1) return;
    for (const item of this.items.slice(index + 1)) this.pending.delete(item.id);
    this.items = this.items.slice(0, index + 1);
    this.emit({ kind: 'items' });
  }

  /** A response starts: clear the last error and progress. */
  beginResponse() {
    this.error = null;
    this.progress = null;
    this.emit({ kind: 'status' });
  }

  /** A response ended (finished, failed or stopped): nothing is streaming any more. */
  endResponse() {
    this.progress = null;
    const ids = [...this.pending];
    this.pending.clear();
    for (const id of ids) this.emit({ kind: 'item', itemId: id });
    this.emit({ kind: 'status' });
  }

  /** @param {StreamErrorInfo | null} error */
  setError(error) {
    this.error = error;
    this.emit({ kind: 'status' });
  }

  /** @param {number} id */
  dismissNotice(id) {
    this.notices = this.notices.filter((notice) => notice.id !== id);
    this.emit({ kind: 'status' });
  }

  /**
   * Applies one streamed event.
   * @param {ChatKitEvent} event
   */
  apply(event) {
    if (!event || typeof event.type !== 'string') return;
    switch (event.type) {
      case 'thread.created':
      case 'thread.updated': {
        if (!event.thread) return;
        const { items, ...meta } = event.thread;
        this.thread = /** @type {Thread} */ ({ ...(this.thread ?? {}), ...meta });
        this.emit({ kind: 'thread', event: event.type });
        return;
      }
      case 'thread.item.added':
      case 'thread.item.done':
      case 'thread.item.replaced': {
        const item = event.item;
        if (!item || !this.visible(item)) return;
        const index = this.indexOf(item.id);
        if (index === -1) this.items.push(item);
        else this.items[index] = item;
        if (event.type === 'thread.item.added') this.pending.add(item.id);
        else this.pending.delete(item.id);
        if (index === -1) this.progress = null;
        this.emit(index === -1 ? { kind: 'items', event: event.type } : { kind: 'item', itemId: item.id, event: event.type });
        return;
      }
      case 'thread.item.removed': {
        const index = event.item_id ? this.indexOf(event.item_id) : -1;
        if (index === -1) return;
        this.items.splice(index, 1);
        this.pending.delete(/** @type {string} */ (event.item_id));
        this.emit({ kind: 'items', event: event.type });
        return;
      }
      case 'thread.item.updated': {
        const item = event.item_id ? this.get(event.item_id) : undefined;
        if (!item || !event.update) return;
        if (applyUpdate(item, event.update)) this.emit({ kind: 'item', itemId: item.id, event: event.update.type });
        return;
      }
      case 'stream_options':
        this.streamOptions = { ...this.streamOptions, ...(event.stream_options ?? {}) };
        this.emit({ kind: 'status' });
        return;
      case 'progress_update':
        this.progress = { text: event.text ?? '', icon: event.icon };
        this.emit({ kind: 'status' });
        return;
      case 'notice':
        this.notices = [
          ...this.notices,
          { level: event.level ?? 'info', message: event.message ?? '', title: event.title, id: ++this.noticeSeq },
        ];
        this.emit({ kind: 'status' });
        return;
      case 'error':
        this.error = { code: event.code ?? 'error', message: event.message, allow_retry: Boolean(event.allow_retry) };
        this.progress = null;
        this.emit({ kind: 'status' });
        return;
      case 'client_effect':
        this.dispatchEvent(new CustomEvent('effect', { detail: { name: event.name, data: event.data ?? {} } }));
        return;
      default:
        return; // an event this client does not know: ignored
    }
  }
}

/**
 * Applies an item update in place. Returns whether anything changed.
 * @param {any} item
 * @param {ItemUpdate} update
 */
export function applyUpdate(item, update) {
  switch (update.type) {
    case 'assistant_message.content_part.added':
    case 'assistant_message.content_part.done': {
      if (item.type !== 'assistant_message' || !update.content) return false;
      item.content = Array.isArray(item.content) ? item.content : [];
      item.content[update.content_index ?? item.content.length] = { ...update.content };
      return true;
    }
    case 'assistant_message.content_part.text_delta': {
      if (item.type !== 'assistant_message') return false;
      item.content = Array.isArray(item.content) ? item.content : [];
      const index = update.content_index ?? 0;
      const part = item.content[index] ?? { type: 'output_text', text: '', annotations: [] };
      item.content[index] = { ...part, text: (part.text ?? '') + (update.delta ?? '') };
      return true;
    }
    case 'assistant_message.content_part.annotation_added': {
      const part = item.content?.[update.content_index ?? 0];
      if (!part) return false;
      part.annotations = Array.isArray(part.annotations) ? part.annotations : [];
      part.annotations[update.annotation_index ?? part.annotations.length] = update.annotation;
      return true;
    }
    case 'workflow.task.added':
    case 'workflow.task.updated': {
      if (item.type !== 'workflow' || !update.task) return false;
      item.workflow.tasks = Array.isArray(item.workflow.tasks) ? item.workflow.tasks : [];
      item.workflow.tasks[update.task_index ?? item.workflow.tasks.length] = update.task;
      return true;
    }
    case 'generated_image.updated':
      item.image = update.image;
      item.progress = update.progress;
      return true;
    case 'widget.root.updated':
      if (!update.widget) return false;
      item.widget = update.widget;
      return true;
    case 'widget.component.updated':
      if (!item.widget || !update.component_id || !update.component) return false;
      return replaceComponent(item.widget, update.component_id, update.component);
    case 'widget.streaming_text.value_delta': {
      const node = item.widget && update.component_id ? findComponent(item.widget, update.component_id) : null;
      if (!node) return false;
      node.value = (typeof node.value === 'string' ? node.value : '') + (update.delta ?? '');
      node.streaming = !update.done;
      return true;
    }
    default:
      return false;
  }
}

/**
 * The children of a widget node, whatever their shape (an array, or Transition's single child).
 * @param {any} node
 * @returns {any[]}
 */
export function childrenOf(node) {
  if (!node || typeof node !== 'object') return [];
  const children = node.children;
  if (Array.isArray(children)) return children;
  if (children && typeof children === 'object') return [children];
  return [];
}

/**
 * @param {any} root
 * @param {string} id
 * @returns {AnyNode | null}
 */
export function findComponent(root, id) {
  if (!root || typeof root !== 'object') return null;
  if (root.id === id) return root;
  for (const child of childrenOf(root)) {
    const found = findComponent(child, id);
    if (found) return found;
  }
  return null;
}

/**
 * Replaces the component with `id` (anywhere below `root`, or `root` itself) by `component`.
 * @param {any} root
 * @param {string} id
 * @param {AnyNode} component
 */
function replaceComponent(root, id, component) {
  if (root.id === id) {
    for (const key of Object.keys(root)) delete root[key];
    Object.assign(root, component);
    return true;
  }
  const children = root.children;
  if (Array.isArray(children)) {
    for (let i = 0; i < children.length; i++) {
      if (children[i] && children[i].id === id) {
        children[i] = component;
        return true;
      }
      if (replaceComponent(children[i], id, component)) return true;
    }
  } else if (children && typeof children === 'object') {
    if (children.id === id) {
      root.children = component;
      return true;
    }
    return replaceComponent(children, id, component);
  }
  return false;
}
