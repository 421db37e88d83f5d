// Chart: bars (grouped, stacked), lines and areas as one inline SVG. Not in @openai/chatkit's types; the shape
// follows the server SDK (chatkit/widgets.py: Chart, BarSeries, LineSeries, AreaSeries, XAxisConfig).
import { base } from './context.js';
import { applyBlock, color } from './style.js';

/**
 * @typedef {{type: 'bar' | 'line' | 'area', dataKey: string, label?: string, color?: unknown, stack?: string, curveType?: string}} Series
 * @typedef {{type: 'Chart', id?: string, data?: Record<string, unknown>[], series?: Series[],
 *   xAxis?: string | {dataKey: string, hide?: boolean, labels?: Record<string, string>},
 *   showYAxis?: boolean, showLegend?: boolean, height?: number | string, [k: string]: any}} ChartNode
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const DEFAULT_COLORS = ['blue', 'green', 'orange', 'purple', 'pink', 'teal'];

/**
 * @param {string} tag
 * @param {Record<string, string | number>} attrs
 */
function svgEl(tag, attrs) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** @param {unknown} v */
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** @param {number} max */
function niceMax(max) {
  if (max <= 0) return 1;
  const exp = 10 ** Math.floor(Math.log10(max));
  const f = max / exp;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * exp;
}

/**
 * An SVG path through points, shaped by the series' curve type.
 * @param {[number, number][]} pts
 * @param {string | undefined} curve
 */
function linePath(pts, curve) {
  if (pts.length === 0) return '';
  let d = `M${pts[0][0]},${pts[0][1]}`;
  for (let i = 1; i < pts.length; i++) {
    const [x0, y0] = pts[i - 1];
    const [x1, y1] = pts[i];
    if (curve === 'step' || curve === 'stepAfter') d += `H${x1}V${y1}`;
    else if (curve === 'stepBefore') d += `V${y1}H${x1}`;
    else if (curve && curve !== 'linear') {
      const mx = (x0 + x1) / 2;
      d += `C${mx},${y0} ${mx},${y1} ${x1},${y1}`;
    } else d += `L${x1},${y1}`;
  }
  return d;
}

/** @param {ChartNode} node */
function Chart(node) {
  const el = base('figure', node, 'ck-chart');
  applyBlock(el, { ...node, height: undefined, size: undefined, aspectRatio: undefined });
  const data = Array.isArray(node.data) ? node.data.filter((row) => row && typeof row === 'object') : [];
  const series = Array.isArray(node.series) ? node.series.filter((s) => s && typeof s.dataKey === 'string') : [];
  const xAxis = typeof node.xAxis === 'string' ? { dataKey: node.xAxis } : node.xAxis ?? { dataKey: '' };
  const labels = /** @type {Record<string, string>} */ (xAxis.labels ?? {});
  const showY = node.showYAxis !== false;
  const showX = !xAxis.hide;

  const W = 480;
  const H = typeof node.height === 'number' ? Math.max(80, Math.min(800, node.height)) : 200;
  const left = showY ? 36 : 8;
  const bottom = showX ? 22 : 6;
  const top = 8;
  const plotW = W - left - 8;
  const plotH = H - top - bottom;
  const colorOf = (/** @type {Series} */ s, /** @type {number} */ i) => color(s.color) || color(DEFAULT_COLORS[i % DEFAULT_COLORS.length]);

  // Stacks: bars sharing `stack` pile up, other bars stand side by side; areas sharing `stack` pile up too.
  const barGroups = /** @type {string[]} */ ([]);
  series.forEach((s, i) => {
    if (s.type !== 'bar') return;
    const key = s.stack ?? `__${i}`;
    if (!barGroups.includes(key)) barGroups.push(key);
  });
  let max = 0;
  data.forEach((row) => {
    /** @type {Record<string, number>} */
    const sums = {};
    series.forEach((s, i) => {
      const v = num(row[s.dataKey]);
      const key = s.type === 'line' ? `__line${i}` : `${s.type}:${s.stack ?? `__${i}`}`;
      sums[key] = (sums[key] ?? 0) + v;
      max = Math.max(max, sums[key]);
    });
  });
  const yMax = niceMax(max);
  const y = (/** @type {number} */ v) => top + plotH - (v / yMax) * plotH;
  const band = data.length > 0 ? plotW / data.length : plotW;
  const cx = (/** @type {number} */ i) => left + band * i + band / 2;

  const svg = /** @type {SVGSVGElement} */ (svgEl('svg', { viewBox: `0 0 ${W} ${H}`, class: 'ck-chart-svg', role: 'img' }));
  svg.setAttribute('aria-label', `Chart: ${series.map((s) => s.label ?? s.dataKey).join(', ')}`);
  for (let t = 0; t <= 4; t++) {
    const v = (yMax * t) / 4;
    svg.appendChild(svgEl('line', { x1: left, x2: W - 8, y1: y(v), y2: y(v), class: 'ck-chart-grid' }));
    if (showY) {
      const label = svgEl('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'ck-chart-tick' });
      label.textContent = Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0+$/, '');
      svg.appendChild(label);
    }
  }

  // Areas first (behind), then bars, then lines.
  /** @type {Record<string, number[]>} */
  const areaBase = {};
  series.forEach((s, i) => {
    if (s.type !== 'area') return;
    const key = s.stack ?? `__${i}`;
    const lower = areaBase[key] ?? data.map(() => 0);
    const upper = data.map((row, j) => lower[j] + num(row[s.dataKey]));
    areaBase[key] = upper;
    const topPts = /** @type {[number, number][]} */ (upper.map((v, j) => [cx(j), y(v)]));
    const lowPts = /** @type {[number, number][]} */ (lower.map((v, j) => [cx(j), y(v)]).reverse());
    const d = `${linePath(topPts, s.curveType)}L${lowPts.map((p) => p.join(',')).join('L')}Z`;
    const path = svgEl('path', { d, class: 'ck-chart-area' });
    path.style.fill = colorOf(s, i);
    path.style.stroke = colorOf(s, i);
    svg.appendChild(path);
  });
  const groupW = (band * 0.7) / Math.max(1, barGroups.length);
  data.forEach((row, j) => {
    /** @type {Record<string, number>} */
    const stackTop = {};
    series.forEach((s, i) => {
      if (s.type !== 'bar') return;
      const key = s.stack ?? `__${i}`;
      const g = barGroups.indexOf(key);
      const from = stackTop[key] ?? 0;
      const value = num(row[s.dataKey]);
      stackTop[key] = from + value;
      const x = left + band * j + band * 0.15 + g * groupW;
      const rect = svgEl('rect', { x: x + 1, width: Math.max(1, groupW - 2), y: y(from + value), height: Math.max(0, y(from) - y(from + value)), rx: 2, class: 'ck-chart-bar' });
      rect.style.fill = colorOf(s, i);
      const title = svgEl('title', {});
      title.textContent = `${s.label ?? s.dataKey}: ${value}`;
      rect.appendChild(title);
      svg.appendChild(rect);
    });
  });
  series.forEach((s, i) => {
    if (s.type !== 'line') return;
    const pts = /** @type {[number, number][]} */ (data.map((row, j) => [cx(j), y(num(row[s.dataKey]))]));
    const path = svgEl('path', { d: linePath(pts, s.curveType), class: 'ck-chart-line' });
    path.style.stroke = colorOf(s, i);
    svg.appendChild(path);
    pts.forEach(([px, py]) => {
      const dot = svgEl('circle', { cx: px, cy: py, r: 3, class: 'ck-chart-dot' });
      dot.style.fill = colorOf(s, i);
      svg.appendChild(dot);
    });
  });
  if (showX) {
    data.forEach((row, j) => {
      const raw = String(row[xAxis.dataKey] ?? '');
      const label = svgEl('text', { x: cx(j), y: H - 6, 'text-anchor': 'middle', class: 'ck-chart-tick' });
      label.textContent = labels[raw] ?? raw;
      svg.appendChild(label);
    });
  }
  el.appendChild(svg);

  if (node.showLegend !== false && series.length > 0) {
    const legend = document.createElement('figcaption');
    legend.className = 'ck-chart-legend';
    series.forEach((s, i) => {
      const item = document.createElement('span');
      item.className = 'ck-chart-legend-item';
      const swatch = document.createElement('span');
      swatch.className = 'ck-chart-swatch';
      swatch.style.background = colorOf(s, i);
      const text = document.createElement('span');
      text.textContent = s.label ?? s.dataKey;
      item.append(swatch, text);
      legend.appendChild(item);
    });
    el.appendChild(legend);
  }
  return el;
}

/** @type {Record<string, import('./context.js').Renderer>} */
export const chartRenderers = { Chart };
