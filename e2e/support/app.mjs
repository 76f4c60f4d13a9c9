// Page object for Marginalia: launching Debian's Chromium and the actions a
// user takes, found through the automation contract (test ids and accessible
// names documented in the README).
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARGS = [
  '--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export class App {
  /** @param {import('playwright-core').Page} page */
  constructor(page, url) {
    this.page = page;
    this.url = url;
    this.errors = [];
    this.blocked = [];
    this.requests = [];
    page.on('request', (r) => this.requests.push(r.url()));
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      // The CSP blocking an inline handler of a parsed (inert) HTML file is
      // the policy doing its job, not an app error; tests inspect `blocked`.
      if (/Content Security Policy.*has been blocked/s.test(m.text())) this.blocked.push(m.text());
      else this.errors.push(`console: ${m.text()}`);
    });
  }

  /** A new browser profile (empty storage) with the app open: { context, app }. */
  static async fresh(browser, url) {
    const context = await browser.newContext({ acceptDownloads: true });
    return { context, app: await App.open(context, url) };
  }

  static async open(context, url) {
    const app = new App(await context.newPage(), url);
    await app.page.setViewportSize({ width: 1400, height: 1000 });
    await app.goto();
    return app;
  }

  async goto() {
    await this.page.goto(this.url);
    await this.paragraphs().first().waitFor();
  }

  async reload() {
    await this.page.reload();
    await this.paragraphs().first().waitFor();
  }

  article() { return this.page.getByTestId('article'); }
  paragraphs() { return this.page.getByTestId('paragraph'); }
  items() { return this.page.getByTestId('annotation-item'); }
  documents() { return this.page.getByTestId('document-item'); }
  alert() { return this.page.getByRole('alert'); }
  status() { return this.page.getByRole('status'); }
  highlights(tag) {
    return this.page.locator(tag ? `[data-testid="article"] [data-tags~="${tag}"]` : '[data-testid="article"] [data-annotation-ids]');
  }
  button(name) { return this.page.getByRole('button', { name, exact: true }); }

  /** Selects `phrase` in the article by dragging the mouse over it. */
  async dragSelect(phrase) {
    const box = await this.page.evaluate(async (phrase) => {
      const article = document.querySelector('[data-testid="article"]');
      const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.data.indexOf(phrase);
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + phrase.length);
        r.startContainer.parentElement.scrollIntoView({ block: 'center' });
        // Wait until the phrase stays put for two frames (a smooth scroll
        // started by the app may still be running).
        const frame = () => new Promise((ok) => requestAnimationFrame(ok));
        let last = '';
        for (;;) {
          await frame();
          const rects = r.getClientRects();
          const a = rects[0], b = rects[rects.length - 1];
          const box = { x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2 };
          if (JSON.stringify(box) === last) return box;
          last = JSON.stringify(box);
        }
      }
      return null;
    }, phrase);
    if (!box) throw new Error(`phrase not in a single text node of the article: ${phrase}`);
    await this.page.mouse.move(box.x1, box.y1);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x2, box.y2, { steps: 8 });
    await this.page.mouse.up();
    const selected = await this.page.evaluate(() => getSelection().toString());
    if (selected.trim() !== phrase) throw new Error(`selected ${JSON.stringify(selected)} instead of ${phrase}`);
  }

  /** The annotations as listed: [{ id, tag, quote, note }]. */
  async listed() {
    return this.items().evaluateAll((items) => items.map((li) => ({
      id: li.dataset.annotationId,
      tag: li.dataset.tag,
      quote: li.querySelector('.quote').textContent,
      note: li.querySelector('.note')?.textContent ?? '',
    })));
  }

  /** Waits until the open document, as saved in localStorage, satisfies `predicate`. */
  async waitForSaved(predicate, timeout = 5000) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      last = await this.savedDocument();
      if (last && predicate(last)) return last;
      if (Date.now() > deadline) throw new Error(`saved document never matched: ${JSON.stringify(last)?.slice(0, 500)}`);
      await new Promise((ok) => setTimeout(ok, 25));
    }
  }

  /**
   * The open document as saved in localStorage (null before the first save):
   * { id, title, text, modified, labels, annotators, unplaced,
   *   annotations: [{ id, tag, start, end, note, created, modified, placement, parts, attributes, annotator }] },
   * assembled from its record, head, annotation chunks and unplaced list (storage schema 7).
   * `placement` is 'exact', 'moved' or { fuzzy: similarity in thousandths }; `parts` is
   * [[start, end], …] for a multi-part annotation, else []; `attributes` its values by name;
   * `annotator` its annotator's id or null.
   */
  async savedDocument() {
    return this.page.evaluate(() => {
      const index = JSON.parse(localStorage.getItem('marginalia:index') ?? 'null');
      if (!index?.current) return null;
      const record = JSON.parse(localStorage.getItem(`marginalia:doc:${index.current}`) ?? 'null');
      if (!record) return null;
      const head = JSON.parse(localStorage.getItem(`marginalia:head:${index.current}`) ?? 'null');
      const unplaced = JSON.parse(localStorage.getItem(`marginalia:unplaced:${index.current}`) ?? '[]');
      const prefix = `marginalia:ann:${index.current}:`;
      const chunks = Object.keys(localStorage).filter((k) => k.startsWith(prefix))
        .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)));
      const annotations = chunks.flatMap((k) => JSON.parse(localStorage.getItem(k)))
        .map(([id, tag, start, end, note, created, modified, placement = 'exact', flat = [], attributes = {}, annotator = null]) => {
          const parts = [];
          for (let i = 0; i + 1 < flat.length; i += 2) parts.push([flat[i], flat[i + 1]]);
          return { id, tag, start, end, note, created, modified, placement, parts, attributes, annotator };
        });
      return {
        id: record.id, title: record.title, text: record.text, modified: head?.modified,
        labels: head?.labels ?? [], annotators: head?.annotators ?? [], unplaced, annotations,
      };
    });
  }

  /** Exports the open document; resolves to { name, text }. */
  async export() {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.button('Export').click()]);
    const stream = await download.createReadStream();
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }

  /**
   * Exports through the "Export as…" menu entry `label`; resolves to the
   * downloaded files, [{ name, text }] (brat gives two).
   */
  async exportAs(label, count = 1) {
    const downloads = [];
    const done = new Promise((ok) => {
      const on = (d) => {
        downloads.push(d);
        if (downloads.length === count) {
          this.page.off('download', on);
          ok();
        }
      };
      this.page.on('download', on);
    });
    await this.page.locator('.export-menu > summary').click();
    await this.page.locator('.export-menu').getByRole('button', { name: label, exact: true }).click();
    await done;
    return Promise.all(downloads.map(async (d) => {
      const chunks = [];
      for await (const c of await d.createReadStream()) chunks.push(c);
      return { name: d.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
    }));
  }

  /** Gives several files at once to "Import annotations": [{ name, text }]. */
  async importFiles(files) {
    await this.page.getByLabel('Import annotations').setInputFiles(
      files.map((f) => ({ name: f.name, mimeType: 'text/plain', buffer: Buffer.from(f.text) })),
    );
  }

  async importFile(name, content, mimeType = 'application/json') {
    await this.page.getByLabel('Import annotations').setInputFiles({ name, mimeType, buffer: Buffer.from(content) });
  }

  async openFile(name, content, mimeType = 'text/plain') {
    await this.page.getByLabel('Open article').setInputFiles({ name, mimeType, buffer: Buffer.from(content) });
  }

  /** Drops a file on the page as a user dragging it from the desktop would. */
  async dropFile(name, content, type = 'text/plain') {
    const target = this.article();
    const dataTransfer = await this.page.evaluateHandle(({ name, content, type }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content], name, { type }));
      return dt;
    }, { name, content, type });
    await target.dispatchEvent('dragenter', { dataTransfer });
    await target.dispatchEvent('dragover', { dataTransfer });
    await target.dispatchEvent('drop', { dataTransfer });
  }
}
