// The tasks panel's state: the loaded pages of GET /api/tasks and the changes made from the panel. An EventTarget
// that dispatches `change` after every change of state, so that the view re-renders from one place.
import { ApiError, tasks as tasksApi, messageOf } from '../lib/api.js';

/** @typedef {import('../lib/api.js').Task} Task */

export class TaskStore extends EventTarget {
  constructor() {
    super();
    /** @type {Task[]} */
    this.tasks = [];
    this.hasMore = false;
    /** @type {string | null} */
    this.after = null;
    this.loaded = false;
    this.loading = false;
    /** @type {string | null} the last error, shown in the panel until the next success */
    this.error = null;
    /** @type {Set<number>} tasks with a change in flight */
    this.busy = new Set();
    /** @type {Promise<void> | null} */
    this.inFlight = null;
    this.again = false;
  }

  changed() {
    this.dispatchEvent(new Event('change'));
  }

  /**
   * Reloads the first page (and as many more as were loaded, up to 200 tasks). Calls made while a refresh runs
   * are folded into one more refresh afterwards.
   * @returns {Promise<void>}
   */
  refresh() {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.load().finally(() => {
      this.inFlight = null;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.inFlight;
  }

  /** @private */
  async load() {
    const wanted = Math.min(Math.max(this.tasks.length, 50), 200);
    this.loading = true;
    this.changed();
    try {
      /** @type {Task[]} */
      const all = [];
      let page = await tasksApi.list();
      all.push(...page.data);
      while (page.has_more && page.after && all.length < wanted) {
        page = await tasksApi.list(page.after);
        all.push(...page.data);
      }
      this.tasks = all;
      this.hasMore = page.has_more;
      this.after = page.after ?? null;
      this.loaded = true;
      this.error = null;
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.loading = false;
      this.changed();
    }
  }

  async loadMore() {
    if (!this.hasMore || !this.after || this.loading) return;
    this.loading = true;
    this.changed();
    try {
      const page = await tasksApi.list(this.after);
      const known = new Set(this.tasks.map((task) => task.number));
      this.tasks.push(...page.data.filter((task) => !known.has(task.number)));
      this.hasMore = page.has_more;
      this.after = page.after ?? null;
      this.error = null;
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.loading = false;
      this.changed();
    }
  }

  /**
   * Adds a task; throws the server's error (the form shows it).
   * @param {string} title
   */
  async add(title) {
    const task = await tasksApi.create({ title });
    this.tasks = [...this.tasks.filter((t) => t.number !== task.number), task];
    this.error = null;
    this.changed();
    return task;
  }

  /**
   * Ticks or unticks a task, showing the change at once and undoing it if the server refuses.
   * @param {number} number
   * @param {boolean} done
   */
  async setDone(number, done) {
    const before = this.tasks.find((task) => task.number === number);
    if (!before || this.busy.has(number)) return;
    this.busy.add(number);
    this.replace({ ...before, done });
    try {
      this.replace(await tasksApi.update(number, { done }));
      this.error = null;
    } catch (error) {
      this.replace(before);
      this.error = messageOf(error);
    } finally {
      this.busy.delete(number);
      this.changed();
    }
  }

  /** @param {number} number */
  async remove(number) {
    if (this.busy.has(number)) return;
    this.busy.add(number);
    this.changed();
    try {
      await tasksApi.remove(number);
      this.tasks = this.tasks.filter((task) => task.number !== number);
      this.error = null;
    } catch (error) {
      // Already gone (deleted from the chat meanwhile): what the user wanted.
      if (error instanceof ApiError && error.status === 404) this.tasks = this.tasks.filter((t) => t.number !== number);
      else this.error = messageOf(error);
    } finally {
      this.busy.delete(number);
      this.changed();
    }
  }

  /** @param {Task} task */
  replace(task) {
    this.tasks = this.tasks.map((t) => (t.number === task.number ? task : t));
    this.changed();
  }
}
