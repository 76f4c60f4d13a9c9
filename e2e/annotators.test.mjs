// End-to-end test of the annotator: the name set once under Annotator
// name, on every annotation made here (W3C creator, CSV, Marginalia JSON),
// kept across a reload; an export asks politely while there is none.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from './support/app.mjs';
import { suite } from './support/suite.mjs';

const s = suite();

describe('the annotator', () => {
  test('a name given once signs the annotations, in the exports and after a reload', async () => {
    const { context, app } = await App.fresh(s.browser, s.server.url);
    await app.dragSelect('The US official');
    await app.page.keyboard.press('2');
    await app.highlights('source').first().waitFor();
    // Unnamed: the export asks for a name.
    await app.exportAs('CSV (one row per annotation)');
    await app.status().filter({ hasText: 'Your annotations carry no name yet' }).waitFor();

    const name = app.page.getByLabel('Annotator name');
    await name.fill('Ana Ruiz');
    await name.press('Enter');
    await app.status().filter({ hasText: 'Your annotations now say they are by “Ana Ruiz”' }).waitFor();
    const [w3c] = await app.exportAs('W3C Web Annotation (JSON-LD)');
    const items = JSON.parse(w3c.text).first.items;
    assert.equal(items[0].creator.type, 'Person');
    assert.equal(items[0].creator.name, 'Ana Ruiz');
    assert.match(items[0].creator.id, /^urn:marginalia:annotator:a-[0-9a-f-]{36}$/);
    const [csv] = await app.exportAs('CSV (one row per annotation)');
    const rows = csv.text.trim().split('\r\n').map((r) => r.split(','));
    assert.equal(rows[1][rows[0].indexOf('annotator')], 'Ana Ruiz');
    await app.status().filter({ hasText: 'Exported' }).waitFor();
    assert.ok(!(await app.status().textContent()).includes('carry no name'), 'asked no more');

    // Kept: the name in the field, the document's annotator and the id.
    await app.reload();
    assert.equal(await app.page.getByLabel('Annotator name').inputValue(), 'Ana Ruiz');
    const json = await app.export();
    const file = JSON.parse(json.text);
    assert.equal(file.annotators.length, 1);
    assert.equal(file.annotators[0].name, 'Ana Ruiz');
    assert.equal(file.annotations[0].annotator, file.annotators[0].id);
    assert.deepEqual(app.errors, []);
    await context.close();
  });

  test('another annotator\'s annotations come in read-only, and Copy to mine takes one over', async () => {
    const a = await App.fresh(s.browser, s.server.url);
    await a.app.page.getByLabel('Annotator name').fill('Ana Ruiz');
    await a.app.page.getByLabel('Annotator name').press('Enter');
    await a.app.dragSelect('The US official');
    await a.app.page.keyboard.press('2');
    await a.app.highlights('source').first().waitFor();
    const [w3c] = await a.app.exportAs('W3C Web Annotation (JSON-LD)');
    await a.context.close();

    const b = await App.fresh(s.browser, s.server.url);
    const app = b.app;
    await app.importFiles([w3c]);
    const dialog = app.page.getByTestId('import-panel');
    await dialog.getByRole('button', { name: 'Add 1 annotation to this article' }).click();
    await app.highlights('source').first().click();
    const owner = app.page.getByTestId('annotation-owner');
    await owner.filter({ hasText: 'By Ana Ruiz — read-only' }).waitFor();
    assert.equal(await owner.getAttribute('data-mine'), 'false');
    assert.ok(await app.button('Delete annotation').isDisabled());
    assert.ok(!(await app.button('Show in text').isDisabled()), 'showing it is not changing it');
    // The keyboard cannot change it either.
    await app.article().focus();
    await app.page.keyboard.press('Delete');
    await app.status().filter({ hasText: 'This annotation is Ana Ruiz’s' }).waitFor();
    assert.equal(await app.highlights('source').count(), 1);

    await app.button('Copy to mine').click();
    await owner.filter({ hasText: 'By you' }).waitFor();
    const saved = await app.waitForSaved((d) => d.annotations.length === 2);
    const by = saved.annotations.map((x) => x.annotator).filter(Boolean);
    assert.equal(new Set(by).size, 2, 'Ana\'s and mine');
    assert.ok(!(await app.button('Delete annotation').isDisabled()), 'the copy is mine to change');
    // The statistics count each annotator's.
    await app.button('Statistics').click();
    const row = app.page.locator('[data-testid="statistics-label"][data-label="source"]');
    assert.equal(await row.locator('[data-annotator="Ana Ruiz"]').textContent(), '1');
    assert.equal(await row.locator('[data-annotator="Unnamed annotator"]').textContent(), '1');
    await app.button('Close the statistics').click();

    // Layers: Ana's is outlined and marked with her initials; hiding it
    // takes her highlight out of the text and her row out of the list.
    const layer = app.page.locator('[data-testid="layer-toggle"][data-annotator="Ana Ruiz"]');
    assert.equal(await layer.getAttribute('data-count'), '1');
    assert.equal(await app.page.locator('mark.hl.layer-a').count(), 1);
    assert.equal(await app.page.getByTestId('row-annotator').textContent(), 'AR');
    await layer.locator('input').focus();
    await app.page.keyboard.press('Space');
    await app.page.locator('[data-testid="layer-toggle"][data-shown="false"]').waitFor();
    assert.equal(await app.page.locator('mark.hl.layer-a').count(), 0);
    assert.equal(await app.page.getByTestId('annotation-item').count(), 1);
    assert.equal(await app.highlights('source').count(), 1, 'mine still shown');
    await layer.locator('input').click();
    await app.page.locator('mark.hl.layer-a').waitFor();
    assert.equal(await app.page.getByTestId('annotation-item').count(), 2);
    // Her layer taken over (work of mine under another name), and back.
    await app.button('Make Ana Ruiz\'s annotations yours').click();
    await app.page.locator('[data-testid="layer-toggle"][data-annotator="Ana Ruiz"][data-count="0"]').waitFor();
    assert.equal(await app.page.getByTestId('row-annotator').count(), 0);
    await app.page.keyboard.press('Control+z');
    await app.page.locator('[data-testid="layer-toggle"][data-annotator="Ana Ruiz"][data-count="1"]').waitFor();
    assert.deepEqual(app.errors, []);
    await b.context.close();
  });

  test('another annotator\'s Marginalia file of the same article comes in as their layer', async () => {
    const a = await App.fresh(s.browser, s.server.url);
    await a.app.page.getByLabel('Annotator name').fill('Ana Ruiz');
    await a.app.page.getByLabel('Annotator name').press('Enter');
    await a.app.dragSelect('The US official');
    await a.app.page.keyboard.press('2');
    await a.app.highlights('source').first().waitFor();
    const file = await a.app.export();
    await a.context.close();

    const b = await App.fresh(s.browser, s.server.url);
    const app = b.app;
    await app.dragSelect('The US official');
    await app.page.keyboard.press('2');
    await app.highlights('source').first().waitFor();
    await app.importFile(file.name, file.text);
    const dialog = app.page.getByTestId('import-panel');
    await dialog.getByTestId('import-layers').filter({ hasText: 'By Ana Ruiz (1)' }).waitFor();
    assert.equal(await dialog.getByRole('button', { name: /^Replace/ }).count(), 0, 'replacing would delete my layer');
    await dialog.getByRole('button', { name: 'Add 1 annotation to this article' }).click();
    await app.page.locator('[data-testid="layer-toggle"][data-annotator="Ana Ruiz"][data-count="1"]').waitFor();
    assert.equal(await app.items().count(), 2, 'hers beside mine, on the same span');
    assert.equal(await app.documents().count(), 1, 'no new document');
    assert.deepEqual(app.errors, []);
    await b.context.close();
  });
});
