// What the browser tests leave behind for people to look at: screenshots and front-end timings, under
// TASKCHAT_ARTIFACTS_DIR (scripts/test sets it to target/web-artifacts). Without the variable nothing is written,
// and the tests say so once on stderr instead of failing.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ARTIFACTS_DIR = process.env.TASKCHAT_ARTIFACTS_DIR || null;
let warnedUnset = false;

/** The artifacts directory, or null (after one warning on stderr) when TASKCHAT_ARTIFACTS_DIR is unset. */
export function artifactsDir() {
  if (!ARTIFACTS_DIR && !warnedUnset) {
    warnedUnset = true;
    process.stderr.write('TASKCHAT_ARTIFACTS_DIR is not set: screenshots and front-end timings are not saved\n');
  }
  return ARTIFACTS_DIR;
}

/**
 * Saves a PNG of the page (or of one element) as `<artifacts>/<relativePath>`; does nothing without the variable.
 * Animations are finished first, so a theme switch or a drawer's slide is not caught halfway.
 * @param {import('playwright-core').Page | import('playwright-core').Locator} target
 * @param {string} relativePath e.g. `widgets/card_full.png`
 * @param {{ fullPage?: boolean }} [options] fullPage: the whole scrollable page, not just the viewport
 */
export async function saveScreenshot(target, relativePath, options = {}) {
  const dir = artifactsDir();
  if (!dir) return;
  const file = path.join(dir, relativePath);
  mkdirSync(path.dirname(file), { recursive: true });
  await target.screenshot({ path: file, animations: 'disabled', ...(options.fullPage ? { fullPage: true } : {}) });
}

/**
 * Screenshots of a journey step in both themes: `app/<name>-light.png` and `app/<name>-dark.png`. The app follows
 * the system's colour scheme, so emulating it switches the theme in place; the page is left as it was.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function saveThemedScreenshots(page, name) {
  if (!artifactsDir()) return;
  const before = await page.evaluate(() => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  for (const scheme of /** @type {const} */ (['light', 'dark'])) {
    await page.emulateMedia({ colorScheme: scheme });
    await saveScreenshot(page, path.join('app', `${name}-${scheme}.png`));
  }
  await page.emulateMedia({ colorScheme: before });
}

/**
 * Merges `figures` into `<artifacts>/frontend-timings.json` under `section` (other tests write other sections)
 * and prints them. Written through a temporary file so a reader never sees half a file.
 * @param {string} section
 * @param {Record<string, unknown>} figures
 */
export function recordTimings(section, figures) {
  process.stdout.write(`front-end timings, ${section}: ${JSON.stringify(figures)}\n`);
  const dir = artifactsDir();
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'frontend-timings.json');
  /** @type {Record<string, unknown>} */
  let all = {};
  try {
    all = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // first writer, or a file from an interrupted run: start afresh
  }
  all[section] = { ...figures, recorded_at: new Date().toISOString() };
  writeFileSync(`${file}.tmp`, `${JSON.stringify(all, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/**
 * The nearest-rank percentile of `samples` (0 < p ≤ 100), rounded to 0.1.
 * @param {number[]} samples
 * @param {number} p
 */
export function percentile(samples, p) {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index] * 10) / 10;
}
