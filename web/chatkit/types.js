// Wire types of the ChatKit protocol as this renderer reads them. `@openai/chatkit` exports the widget
// component types (used by the renderers); thread items, events and updates are not in its public types, so they
// are described here after the server SDK (openai-chatkit, chatkit/types.py). Unknown fields are ignored.

/** @typedef {import('@openai/chatkit').Widgets.WidgetRoot} WidgetRoot */
/** @typedef {import('@openai/chatkit').Widgets.WidgetComponent} WidgetComponent */

/**
 * An action as widgets carry it (the SDK's `ActionConfig` plus the wire's handler and loading behaviour).
 * @typedef {{
 *   type: string,
 *   payload?: any,
 *   handler?: 'server' | 'client',
 *   loadingBehavior?: 'auto' | 'none' | 'self' | 'container',
 *   streaming?: boolean,
 * }} ActionConfig
 */

/** Any widget node as it arrives: a tagged JSON object. @typedef {{type: string, id?: string, key?: string, [k: string]: any}} AnyNode */

/** @typedef {{type: 'input_text', text: string} | {type: 'input_tag', id: string, text: string, data?: any, group?: string, interactive?: boolean}} UserMessageContent */
/** @typedef {{type: 'output_text', text: string, annotations?: any[]}} AssistantMessageContent */

/**
 * @typedef {{id: string, thread_id: string, created_at: string}} ItemBase
 * @typedef {ItemBase & {type: 'user_message', content: UserMessageContent[], attachments?: any[], quoted_text?: string, inference_options?: any}} UserMessageItem
 * @typedef {ItemBase & {type: 'assistant_message', content: AssistantMessageContent[]}} AssistantMessageItem
 * @typedef {ItemBase & {type: 'widget', widget: WidgetRoot, copy_text?: string}} WidgetItem
 * @typedef {{type: string, title?: string, content?: string, icon?: string, status_indicator?: 'none' | 'loading' | 'complete', [k: string]: any}} WorkflowTask
 * @typedef {ItemBase & {type: 'workflow', workflow: {type: string, tasks: WorkflowTask[], summary?: {title?: string, icon?: string, duration?: number}, expanded?: boolean}}} WorkflowItem
 * @typedef {ItemBase & {type: 'task', task: WorkflowTask}} TaskItem
 * @typedef {ItemBase & {type: 'generated_image', image?: {id: string, url: string}}} GeneratedImageItem
 * @typedef {ItemBase & {type: string, [k: string]: any}} OtherItem
 * @typedef {UserMessageItem | AssistantMessageItem | WidgetItem | WorkflowItem | TaskItem | GeneratedImageItem} KnownItem
 * @typedef {KnownItem | OtherItem} ThreadItem
 */

/**
 * @typedef {{data: T[], has_more: boolean, after?: string | null}} Page
 * @template T
 */

/**
 * @typedef {{id: string, title?: string | null, created_at: string, status?: {type: string, reason?: string}, metadata?: any, items?: Page<ThreadItem>}} Thread
 */

/**
 * Incremental updates carried by `thread.item.updated`.
 * @typedef {{type: string, content_index?: number, content?: AssistantMessageContent, delta?: string,
 *   annotation_index?: number, annotation?: any, task_index?: number, task?: WorkflowTask, image?: {id: string, url: string},
 *   progress?: number, widget?: WidgetRoot, component_id?: string, component?: AnyNode, done?: boolean}} ItemUpdate
 */

/**
 * Every streamed event, tagged by `type`.
 * @typedef {{type: string, thread?: Thread, item?: ThreadItem, item_id?: string, update?: ItemUpdate,
 *   stream_options?: {allow_cancel?: boolean}, text?: string, icon?: string, level?: string, message?: string,
 *   title?: string, code?: string, allow_retry?: boolean, name?: string, data?: any}} ChatKitEvent
 */

export {};
