// Tables: Table, Table.Row, Table.Cell (not exported by @openai/chatkit's types, so described here).
import { base } from './context.js';
import { length, space } from './style.js';

/**
 * @typedef {{type: 'Table', id?: string, children?: TableRowNode[]}} TableNode
 * @typedef {{type: 'Table.Row', id?: string, children?: TableCellNode[], header?: boolean}} TableRowNode
 * @typedef {{type: 'Table.Cell', id?: string, children?: any[], width?: number | string, padding?: any,
 *   colSpan?: number, rowSpan?: number, align?: 'start' | 'center' | 'end', vAlign?: 'start' | 'center' | 'end',
 *   colSize?: string}} TableCellNode
 * @typedef {import('./context.js').RenderContext} RenderContext
 */

/** @param {TableNode} node @param {RenderContext} ctx */
function Table(node, ctx) {
  const wrap = base('div', node, 'ck-table-wrap');
  const table = document.createElement('table');
  table.className = 'ck-table';
  const rows = Array.isArray(node.children) ? node.children : [];
  const head = rows.filter((row) => row && row.header);
  if (head.length > 0) {
    const thead = document.createElement('thead');
    for (const row of head) thead.appendChild(ctx.render(row));
    table.appendChild(thead);
  }
  const tbody = document.createElement('tbody');
  for (const row of rows.filter((row) => !(row && row.header))) tbody.appendChild(ctx.render(row));
  table.appendChild(tbody);
  wrap.appendChild(table);
  return wrap;
}

/** @param {TableRowNode} node @param {RenderContext} ctx */
function TableRow(node, ctx) {
  const tr = base('tr', node, 'ck-table-row');
  for (const cell of Array.isArray(node.children) ? node.children : []) {
    const el = ctx.render(node.header && cell && typeof cell === 'object' ? { ...cell, header: true } : cell);
    tr.appendChild(el);
  }
  return tr;
}

const V_ALIGN = /** @type {Record<string, string>} */ ({ start: 'top', center: 'middle', end: 'bottom' });

/** @param {TableCellNode & {header?: boolean}} node @param {RenderContext} ctx */
function TableCell(node, ctx) {
  const cell = base(node.header ? 'th' : 'td', node, 'ck-table-cell');
  if (typeof node.colSpan === 'number' && node.colSpan > 1) cell.colSpan = node.colSpan;
  if (typeof node.rowSpan === 'number' && node.rowSpan > 1) cell.rowSpan = node.rowSpan;
  if (node.align && /^(start|center|end)$/.test(node.align)) cell.style.textAlign = node.align;
  if (node.vAlign && V_ALIGN[node.vAlign]) cell.style.verticalAlign = V_ALIGN[node.vAlign];
  const width = length(node.width);
  if (width) cell.style.width = width;
  if (node.padding !== undefined && typeof node.padding !== 'object') cell.style.padding = space(node.padding);
  ctx.renderChildren(node, cell);
  return cell;
}

/** @type {Record<string, import('./context.js').Renderer>} */
export const tableRenderers = { Table, 'Table.Row': TableRow, 'Table.Cell': TableCell };
