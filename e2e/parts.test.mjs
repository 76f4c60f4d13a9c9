// End-to-end tests of multi-part annotations: a quote interrupted by its
// attribution, made by keyboard (Shift+A) and by the Add part button, shown,
// undone, kept across a reload, exported to brat and W3C (validated) and
// imported back with the same parts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { App } from './support/app.mjs';
import { suite, SHARED } from './support/suite.mjs';

const s = suite();

const FIRST = 'Prior to ISIS\' terrorist attack';
const SECOND = 'We adhere to a longstanding';

/** The parts listed in the editor: [[start, end], …]. */
const listedParts = (app) => app.page.getByTestId('part-item').evaluateAll(
  (items) => items.map((li) => [Number(li.dataset.start), Number(li.dataset.end)]),
);

/** The text of the article's highlight runs of annotation `id`, in order. */
const runsOf = (app, id) => app.page.evaluate((id) => [...document.querySelectorAll('[data-testid="article"] [data-annotation-ids]')]
  .filter((el) => el.dataset.annotationIds.split(' ').includes(id))
  .map((el) => el.textContent), id);

describe('multi-part annotations', () => {
  test('add a part by Shift+A and by button, remove and undo, reload, and round trips through brat and W3C', async () => {
    const { context, app } = await App.fresh(s.browser, s.server.url);
    await app.dragSelect(FIRST);
    await app.page.keyboard.press('3');
    await app.highlights('quote').first().waitFor();
    const id = await app.highlights('quote').first().getAttribute('data-annotation-ids');
    assert.equal(await app.page.getByTestId('part-item').count(), 0, 'one span: no part list');

    // Shift+A adds the selection as a second part.
    await app.dragSelect(SECOND);
    await app.page.keyboard.press('Shift+A');
    await app.page.getByTestId('part-item').nth(1).waitFor();
    const saved = await app.waitForSaved((d) => d.annotations[0]?.parts.length === 2);
    const [a] = saved.annotations;
    const slice = ([s, e]) => [...saved.text].slice(s, e).join('');
    assert.deepEqual(a.parts.map(slice), [FIRST, SECOND]);
    assert.deepEqual(await listedParts(app), a.parts);
    assert.deepEqual(await runsOf(app, id), [FIRST, SECOND], 'both parts highlighted, the gap not');
    assert.match(await app.items().first().locator('.quote').textContent(), / … /, 'the list joins the parts');

    // Remove the first part, undo; the button adds one too.
    await app.page.getByRole('button', { name: 'Remove part 1 of 2' }).click();
    await app.waitForSaved((d) => d.annotations[0]?.parts.length === 0 && slice([d.annotations[0].start, d.annotations[0].end]) === SECOND);
    await app.article().focus();
    await app.page.keyboard.press('Control+z');
    await app.waitForSaved((d) => d.annotations[0]?.parts.length === 2);
    await app.highlights('quote').first().click();
    await app.dragSelect('aimed at preventing loss of innocent lives');
    await app.button('Add part').click();
    const three = await app.waitForSaved((d) => d.annotations[0]?.parts.length === 3);

    // Kept across a reload.
    await app.reload();
    await app.highlights('quote').first().click();
    await app.page.getByTestId('part-item').nth(2).waitFor();
    assert.deepEqual(await listedParts(app), three.annotations[0].parts);

    // brat: one T line with a fragment per part; W3C: a target per part, valid.
    const brat = await app.exportAs('brat standoff (.txt + .ann + .conf files)', 5);
    const ann = brat.find((f) => f.name.endsWith('.ann'));
    const fragments = three.annotations[0].parts.map(([s, e]) => `${s} ${e}`).join(';');
    assert.match(ann.text, new RegExp(`^T1\\tquote ${fragments}\\t`, 'm'));
    const [w3c] = await app.exportAs('W3C Web Annotation (JSON-LD)');
    const item = JSON.parse(w3c.text).first.items[0];
    assert.equal(item.target.length, 3);
    assert.deepEqual(item.target.map((t) => t.selector[1].start), three.annotations[0].parts.map(([s]) => s));
    const dir = await mkdtemp(join(tmpdir(), 'marginalia-parts-'));
    await writeFile(join(dir, w3c.name), w3c.text);
    execFileSync('python3', [join(SHARED, 'conformance/w3c/validate.py'), '--profile',
      join(SHARED, 'conformance/w3c/profiles/article-text-annotation.test'), join(dir, w3c.name)], { stdio: 'pipe' });
    // doccano cannot hold parts: the notice says what was written instead.
    await app.exportAs('doccano JSONL');
    await app.status().filter({ hasText: '1 multi-part annotation is written as one span per part' }).waitFor();
    assert.deepEqual(app.errors, []);
    await context.close();

    for (const files of [brat, [w3c]]) {
      const other = await App.fresh(s.browser, s.server.url);
      await other.app.importFiles(files);
      const panel = other.app.page.getByTestId('import-panel');
      await panel.waitFor();
      await panel.getByRole('button', { name: 'Add 1 annotation to this article' }).click();
      const back = await other.app.waitForSaved((d) => d.annotations.length === 1);
      assert.deepEqual(back.annotations[0].parts, three.annotations[0].parts, files[0].name);
      assert.deepEqual(other.app.errors, []);
      await other.context.close();
    }
  });
});
