// The REST API and the JSON (non-streaming) ChatKit operations the app shell needs. The session is the HttpOnly
// `taskchat_session` cookie the server sets on sign-in: requests go same-origin with credentials.

/** @typedef {{ id: string, email: string, name: string }} User */
/** @typedef {{ session: { expires_at: string }, user: User }} Session */
/**
 * @typedef {object} Task
 * @property {number} number
 * @property {string} title
 * @property {string} notes
 * @property {boolean} done
 * @property {'low' | 'medium' | 'high' | null} priority
 * @property {string | null} due `YYYY-MM-DD`
 * @property {string[]} tags
 * @property {string} created_at
 * @property {string} updated_at
 * @property {string | null} completed_at
 */
/** @typedef {{ id: string, title?: string | null, created_at: string, status?: { type: string } }} Thread */
/**
 * @template T
 * @typedef {{ data: T[], has_more: boolean, after?: string | null }} Page
 */

/** An error answer of the server (`{"error": {"code", "message"}}`), or a network failure (status 0). */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** Dispatches `unauthorized` when a request answers 401 (the session ended): the app goes back to sign-in. */
export const apiEvents = new EventTarget();

/**
 * One JSON request.
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
export async function request(method, path, body) {
  /** @type {RequestInit} */
  const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  }
  const text = await response.text();
  /** @type {any} */
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = data && typeof data === 'object' ? data.error : null;
    const apiError = new ApiError(
      response.status,
      typeof error?.code === 'string' ? error.code : 'http_error',
      typeof error?.message === 'string' ? error.message : `The request failed (HTTP ${response.status}).`,
    );
    if (response.status === 401 && !path.startsWith('/api/auth/')) {
      apiEvents.dispatchEvent(new CustomEvent('unauthorized', { detail: apiError }));
    }
    throw apiError;
  }
  return data;
}

/**
 * A user-facing message for any error.
 * @param {unknown} error
 */
export function messageOf(error) {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Please try again.';
}

export const auth = {
  /** @param {{ email: string, password: string, name: string }} body @returns {Promise<{ user: User }>} */
  signUp: (body) => request('POST', '/api/auth/sign-up/email', body),
  /** @param {{ email: string, password: string }} body @returns {Promise<{ user: User }>} */
  signIn: (body) => request('POST', '/api/auth/sign-in/email', body),
  /** @returns {Promise<unknown>} */
  signOut: () => request('POST', '/api/auth/sign-out', {}),
  /** @returns {Promise<Session | null>} */
  getSession: () => request('GET', '/api/auth/get-session'),
};

export const tasks = {
  /** @param {string | null} [after] @returns {Promise<Page<Task>>} */
  list(after) {
    const query = new URLSearchParams({ status: 'all', limit: '50' });
    if (after) query.set('after', after);
    return request('GET', `/api/tasks?${query}`);
  },
  /** @param {{ title: string }} body @returns {Promise<Task>} */
  create: (body) => request('POST', '/api/tasks', body),
  /** @param {number} number @param {Partial<Pick<Task, 'title' | 'done'>>} changes @returns {Promise<Task>} */
  update: (number, changes) => request('PATCH', `/api/tasks/${number}`, changes),
  /** @param {number} number @returns {Promise<unknown>} */
  remove: (number) => request('DELETE', `/api/tasks/${number}`),
};

/**
 * A non-streaming ChatKit operation.
 * @param {string} type
 * @param {Record<string, unknown>} params
 */
function chatkit(type, params) {
  return request('POST', '/chatkit', { type, params });
}

export const threads = {
  /** @param {string | null} [after] @returns {Promise<Page<Thread>>} */
  list(after) {
    /** @type {Record<string, unknown>} */
    const params = { limit: 20, order: 'desc' };
    if (after) params.after = after;
    return chatkit('threads.list', params);
  },
  /** @param {string} threadId @param {string} title @returns {Promise<Thread>} */
  rename: (threadId, title) => chatkit('threads.update', { thread_id: threadId, title }),
  /** @param {string} threadId @returns {Promise<unknown>} */
  remove: (threadId) => chatkit('threads.delete', { thread_id: threadId }),
};
