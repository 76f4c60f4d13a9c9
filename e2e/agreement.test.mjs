// End-to-end test of agreement between two annotators in two browser
// profiles: Ana annotates the sample article and exports W3C; Bo annotates
// the same article, imports Ana's file (it comes in as her layer), and
// reads the Agreement panel, whose κ and α equal what scikit-learn and
// krippendorff compute on exactly that data (scripts/agreement-reference.py
// --case), and whose span F1 equals a count made here; the table downloads
// as CSV; hiding a layer leaves too few to compare. Compare lists the
// disagreements (walked with n / p), adjudication builds a gold layer
// (undoable), a reload keeps every layer, and the gold layer exports alone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from './support/app.mjs';
import { suite } from './support/suite.mjs';

const s = suite();
const here = dirname(fileURLToPath(import.meta.url));
const REFERENCE = join(here, '..', 'scripts', 'agreement-reference.py');
const ARTIFACTS = join(here, 'artifacts');

/** Names the annotator and tags each [phrase, key] in turn. */
async function annotate(app, name, spans) {
  await app.page.getByLabel('Annotator name').fill(name);
  await app.page.getByLabel('Annotator name').press('Enter');
  for (const [phrase, key] of spans) {
    const before = await app.items().count();
    await app.dragSelect(phrase);
    await app.page.keyboard.press(key);
    await app.page.waitForFunction((n) => document.querySelectorAll('[data-testid="annotation-item"]').length > n, before);
  }
}

/** The panel's figures: [{ measure, label, annotators, value }]. */
function figures(page) {
  return page.locator('[data-testid="agreement"] [data-measure]').evaluateAll((rows) => rows.map((r) => ({
    measure: r.dataset.measure, label: r.dataset.label, annotators: r.dataset.annotators, value: r.dataset.value,
  })));
}

/** The saved document's layers, in the order of `names`, as the reference script reads them. */
function layersOf(doc, names) {
  const idOf = new Map(doc.annotators.map((a) => [a.name, a.id]));
  return names.map((name) => ({
    annotator: name,
    marks: doc.annotations.filter((a) => a.annotator === idOf.get(name)).map((a) => ({
      label: a.tag, parts: a.parts.length ? a.parts : [[a.start, a.end]],
    })),
  }));
}

/** Exact span F1 of `b` against `a` (same label, same parts), counted here. */
function exactF1(a, b) {
  const key = (m) => `${m.label}:${JSON.stringify(m.parts)}`;
  const inA = new Set(a.marks.map(key)), inB = new Set(b.marks.map(key));
  const p = b.marks.filter((m) => inA.has(key(m))).length / b.marks.length;
  const r = a.marks.filter((m) => inB.has(key(m))).length / a.marks.length;
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

describe('agreement', () => {
  test('two annotators\' layers: agreement equal to the reference libraries, compare, adjudicate a gold layer', async () => {
    const a = await App.fresh(s.browser, s.server.url);
    await annotate(a.app, 'Ana Ruiz', [
      ['The US official', '2'],
      ['the United States secretly provided a warning to Iran', '1'],
      ['Prior to ISIS\' terrorist attack on January 3, 2024', '3'],
      ['The Wall Street Journal', '2'],
    ]);
    const [w3c] = await a.app.exportAs('W3C Web Annotation (JSON-LD)');
    await a.context.close();

    const b = await App.fresh(s.browser, s.server.url);
    const app = b.app;
    await annotate(app, 'Bo Chen', [
      ['The US official', '2'],
      ['the United States secretly provided a warning', '1'],
      ['Prior to ISIS\' terrorist attack on January 3, 2024', '3'],
      ['a significant gesture', '1'],
    ]);
    await app.importFiles([w3c]);
    await app.page.getByTestId('import-panel').getByRole('button', { name: 'Add 4 annotations to this article' }).click();
    const toggles = app.page.getByTestId('layer-toggle');
    await toggles.nth(1).waitFor();
    assert.deepEqual(await toggles.evaluateAll((t) => t.map((x) => [x.dataset.annotator, x.dataset.count])),
      [['Bo Chen', '4'], ['Ana Ruiz', '4']]);

    await app.button('Agreement').click();
    await app.page.locator('[data-testid="agreement"] [data-measure="cohen_kappa"]').first().waitFor();
    const shown = await figures(app.page);
    const names = shown.find((f) => f.measure === 'cohen_kappa').annotators.split('|');
    assert.deepEqual(names, ['Bo Chen', 'Ana Ruiz']);
    assert.ok(shown.every((f) => f.value === 'undefined' || Number.isFinite(Number(f.value))), 'never NaN');

    // The reference libraries on exactly this data.
    const doc = await app.waitForSaved((d) => d.annotations.length === 8);
    const layers = layersOf(doc, names);
    const dir = mkdtempSync(join(tmpdir(), 'agreement-'));
    writeFileSync(join(dir, 'case.json'), JSON.stringify({ text: doc.text, layers }));
    execFileSync('python3', [REFERENCE, '--case', join(dir, 'case.json'), join(dir, 'expected.json')]);
    const { expected } = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
    assert.ok(expected.length >= 8, 'κ and α per label and overall');
    for (const e of expected) {
      const who = e.annotators.map((i) => names[i]).join('|');
      const f = shown.find((x) => x.measure === e.measure && x.label === e.label && x.annotators === who);
      assert.ok(f, `no ${e.measure} ${e.label} ${who} in the panel`);
      if (e.value === null) assert.equal(f.value, 'undefined', `${e.measure} ${e.label}`);
      else assert.ok(Math.abs(Number(f.value) - e.value) <= 1e-9, `${e.measure} ${e.label}: ${f.value} ≠ ${e.value}`);
    }
    const f1 = shown.find((x) => x.measure === 'span_exact_f1' && x.label === 'overall');
    assert.ok(Math.abs(Number(f1.value) - exactF1(layers[0], layers[1])) <= 1e-12, `span F1 ${f1.value}`);
    assert.ok(shown.some((x) => x.measure === 'krippendorff_alpha_u' && x.label === 'source'));
    mkdirSync(ARTIFACTS, { recursive: true });
    await app.page.screenshot({ path: join(ARTIFACTS, 'agreement.png') });

    // The table as CSV: a row per figure, values in full precision.
    const [download] = await Promise.all([app.page.waitForEvent('download'), app.button('Export as CSV').click()]);
    const chunks = [];
    for await (const c of await download.createReadStream()) chunks.push(c);
    const csv = Buffer.concat(chunks).toString('utf8').trim().split('\r\n');
    assert.equal(csv[0], 'measure,label,annotators,value');
    assert.equal(csv.length - 1, shown.length);
    const kappa = shown.find((x) => x.measure === 'cohen_kappa' && x.label === 'overall');
    assert.ok(csv.includes(`cohen_kappa,overall,Bo Chen|Ana Ruiz,${kappa.value}`), csv.join('\n'));

    // Hiding Ana's layer leaves one: nothing to compare.
    await toggles.nth(1).locator('input').click();
    await app.page.getByTestId('agreement-none').waitFor();
    await toggles.nth(1).locator('input').click();
    await app.page.locator('[data-testid="agreement"] [data-measure]').first().waitFor();

    // Compare: every disagreement listed and classified, marked in the text, walked with n / p.
    await app.button('Close the agreement').click();
    await app.button('Compare').click();
    const summary = app.page.getByTestId('compare-summary');
    await summary.waitFor();
    assert.equal(await summary.getAttribute('data-disagreements'), '3');
    assert.equal(await summary.getAttribute('data-agreements'), '2');
    const disagreements = app.page.getByTestId('disagreement');
    assert.deepEqual(await disagreements.evaluateAll((d) => d.map((x) => x.dataset.kind)), ['boundary', 'missing', 'missing']);
    assert.ok(await app.page.locator('mark.hl.dispute').count() >= 3, 'marked in the text');
    const current = app.page.locator('[data-testid="disagreement"][aria-current="true"]');
    const quote = app.page.locator('.editor-quote');
    await app.page.keyboard.press('n');
    await app.page.keyboard.press('n');
    await quote.filter({ hasText: 'a significant gesture' }).waitFor();
    assert.equal(await current.getAttribute('data-start'), await disagreements.nth(2).getAttribute('data-start'));
    await app.page.keyboard.press('p');
    await quote.filter({ hasText: 'The Wall Street Journal' }).waitFor();
    await app.page.keyboard.press('Enter');
    assert.equal(await current.getAttribute('data-start'), await disagreements.nth(1).getAttribute('data-start'));

    // Adjudication into the gold layer: Bo's boundary, then every agreement; undoable.
    await disagreements.nth(0).getByRole('button', { name: 'Accept Bo Chen\'s version' }).click();
    await app.page.locator('[data-testid="disagreement"][data-resolved="true"]').waitFor();
    await app.button('Accept all agreements').click();
    const gold = app.page.locator('[data-testid="layer-toggle"][data-annotator="Gold"]');
    await app.page.locator('[data-testid="layer-toggle"][data-annotator="Gold"][data-count="3"]').waitFor();
    await app.page.keyboard.press('Control+z');
    await app.page.locator('[data-testid="layer-toggle"][data-annotator="Gold"][data-count="1"]').waitFor();
    await app.page.keyboard.press('Control+Shift+z');
    await app.page.locator('[data-testid="layer-toggle"][data-annotator="Gold"][data-count="3"]').waitFor();
    assert.equal(await summary.getAttribute('data-open'), '2', 'the two missing ones are left');
    await app.page.screenshot({ path: join(ARTIFACTS, 'compare.png') });

    // Every layer is kept across a reload.
    await app.reload();
    await app.page.getByTestId('layer-toggle').nth(2).waitFor();
    assert.deepEqual(await app.page.getByTestId('layer-toggle').evaluateAll((t) => t.map((x) => [x.dataset.annotator, x.dataset.count])),
      [['Bo Chen', '4'], ['Ana Ruiz', '4'], ['Gold', '3']]);
    assert.equal(await gold.getAttribute('data-shown'), 'true');
    // The statistics chart: a lane per label and annotator, the gold layer one of them.
    await app.button('Statistics').click();
    const lanes = app.page.locator('[data-testid="statistics-chart"] g.lane');
    assert.equal(await lanes.count(), 9);
    assert.equal(await app.page.locator('g.lane[data-label="source"][data-annotator="Ana Ruiz"] rect').count(), 2);
    await app.button('Close the statistics').click();

    // The gold layer alone, exported.
    await app.button('Compare').click();
    await app.button('Open the gold layer as a document').click();
    await app.page.getByRole('heading', { name: 'Annotations (3)' }).waitFor();
    const file = JSON.parse((await app.export()).text);
    assert.deepEqual(file.annotators.map((x) => x.name), ['Gold']);
    assert.equal(file.annotations.length, 3);
    assert.ok(file.annotations.every((x) => x.annotator === file.annotators[0].id));
    assert.deepEqual(app.errors, []);
    await b.context.close();
  });
});
