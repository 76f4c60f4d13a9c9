// End-to-end tests of the format engine, the Web Worker that reads and
// writes other tools' formats: fetched on first use only, long work shown
// with its phase and percent and a Cancel that changes nothing, and a
// worker that fails reported without losing anything.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from './support/app.mjs';
import { suite } from './support/suite.mjs';

// The worker's module, fetched with the engine's build so that no cache
// serves another build's.
const WORKER = /marginalia-worker_bg\.wasm\?build=[0-9a-f]{16}$/;

const s = suite();

const fresh = () => App.fresh(s.browser, s.server.url);

/**
 * A W3C export of the sample article with `copies` copies of each of its
 * annotations (distinct ids, positions shifted by one so that each must be
 * searched for): a file the engine needs a while to read and place.
 */
async function largeW3c(app, copies) {
  await app.dragSelect('CNN');
  await app.page.keyboard.press('2');
  await app.dragSelect('deadliest in Iran');
  await app.page.keyboard.press('1');
  await app.waitForSaved((d) => d.annotations.length === 2);
  const [file] = await app.exportAs('W3C Web Annotation (JSON-LD)');
  const json = JSON.parse(file.text);
  const items = json.first.items;
  const many = [];
  for (let i = 0; i < copies; i++) {
    for (const item of items) {
      const copy = structuredClone(item);
      copy.id = `${item.id}-${i}`;
      for (const s of [copy.target.selector].flat()) {
        if (s.type === 'TextPositionSelector') { s.start += 1; s.end += 1; }
      }
      many.push(copy);
    }
  }
  json.first.items = many;
  if ('total' in json) json.total = many.length;
  return { name: 'large.w3c.jsonld', text: JSON.stringify(json), count: many.length };
}

describe('the format engine', () => {
  test('is fetched on first use; a long import shows phase, percent and Cancel, and cancelling changes nothing', async () => {
    const { context, app } = await fresh();
    assert.ok(!app.requests.some((u) => WORKER.test(u)), 'no worker at page load');
    const large = await largeW3c(app, 10_000);
    // Exporting W3C started the engine: that is its first use.
    assert.ok(app.requests.some((u) => WORKER.test(u)), 'the worker was fetched for the export');
    const before = await app.savedDocument();

    await app.importFiles([large]);
    const bar = app.page.getByTestId('job-progress');
    await bar.waitFor();
    assert.match(await bar.textContent(), /Importing “large\.w3c\.jsonld”/);
    assert.match(await bar.locator('.job-phase').textContent(), /^(Reading the file|Placing the annotations|Building the summary): \d+%$/);
    await bar.getByRole('button', { name: 'Cancel', exact: true }).click();
    await bar.waitFor({ state: 'detached' });
    await app.status().getByText('Cancelled. Nothing was changed.').waitFor();
    assert.equal(await app.page.getByTestId('import-panel').count(), 0, 'no summary after cancelling');
    const after = await app.savedDocument();
    assert.deepEqual(after.annotations, before.annotations);

    // Again, to the end: the phases go by and the summary counts every one.
    const seen = new Set();
    const watch = setInterval(async () => {
      const phase = await bar.locator('progress').getAttribute('data-phase', { timeout: 50 }).catch(() => null);
      if (phase) seen.add(phase);
    }, 20);
    await app.importFiles([large]);
    const panel = app.page.getByTestId('import-panel');
    await panel.waitFor({ timeout: 60_000 });
    clearInterval(watch);
    assert.ok(seen.size > 0, 'the progress bar was shown');
    assert.match(await panel.textContent(), new RegExp(`${large.count} annotations in this file`));
    await panel.getByRole('button', { name: 'Cancel', exact: true }).click();
    await panel.waitFor({ state: 'detached' });
    assert.deepEqual((await app.savedDocument()).annotations, before.annotations);
    assert.deepEqual(app.errors, []);
    await context.close();
  });

  test('a worker that cannot start, or fails while working, is reported; nothing changes; the next import starts afresh', async () => {
    const { context, app } = await fresh();
    await app.dragSelect('CNN');
    await app.page.keyboard.press('2');
    const saved = await app.waitForSaved((d) => d.annotations.length === 1);
    const [w3c] = await app.exportAs('W3C Web Annotation (JSON-LD)');

    // 1. Its module is broken: it cannot start.
    await context.route(WORKER, (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: 'not wasm' }));
    // The export above started a worker; a fresh page has none.
    await app.reload();
    await app.importFiles([w3c]);
    await app.alert().getByText(/The format engine failed while reading “.*\.w3c\.jsonld” \(the format engine could not start: .*\)\. Nothing was changed/).waitFor();
    assert.equal(await app.page.getByTestId('import-panel').count(), 0);
    await context.unroute(WORKER);

    // 2. It starts, then a script error kills it in the middle of a request.
    await context.route(/engine\.js\?build=[0-9a-f]{16}$/, (route) => route.fulfill({
      status: 200,
      contentType: 'text/javascript',
      body: `importScripts('./marginalia-worker.js');
        wasm_bindgen('./marginalia-worker_bg.wasm').then(() => {
          self.onmessage = () => { throw new Error('injected fault'); };
        });`,
    }));
    await app.reload();
    await app.importFiles([w3c]);
    await app.alert().getByText(/The format engine failed while reading .*injected fault.*Nothing was changed/).waitFor();
    await context.unroute(/engine\.js\?build=[0-9a-f]{16}$/);

    // 3. The next import starts a fresh worker, which works; nothing was lost.
    await app.importFiles([w3c]);
    const panel = app.page.getByTestId('import-panel');
    await panel.waitFor();
    assert.match(await panel.textContent(), /1 annotation in this file/);
    await panel.getByRole('button', { name: 'Cancel', exact: true }).click();
    const doc = await app.savedDocument();
    assert.deepEqual(doc.annotations, saved.annotations);
    await context.close();
  });
});
