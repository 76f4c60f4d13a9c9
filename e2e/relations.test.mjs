// End-to-end tests of relations (who said what): made by keyboard and by
// mouse, shown, undone, kept across a reload and an export/import.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { App } from './support/app.mjs';
import { suite, SHARED } from './support/suite.mjs';


const s = suite();

/** The relations as stored for the open document: pages 0, 1… in order. */
const storedRelations = (app) => app.page.evaluate(() => {
  const index = JSON.parse(localStorage.getItem('marginalia:index') ?? 'null');
  const all = [];
  for (let k = 0; ; k++) {
    const page = localStorage.getItem(`marginalia:rel:${index?.current}:${k}`);
    if (page === null) return all;
    all.push(...JSON.parse(page));
  }
});

/** Waits until the stored relations satisfy `predicate`. */
async function waitForRelations(app, predicate) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const list = await storedRelations(app);
    if (predicate(list)) return list;
    if (Date.now() > deadline) throw new Error(`stored relations never matched: ${JSON.stringify(list)}`);
    await new Promise((ok) => setTimeout(ok, 25));
  }
}

const items = (app) => app.page.getByTestId('relation-item');
const idOf = (app, tag) => app.highlights(tag).first().getAttribute('data-annotation-ids');

/** Tags a source (key 2) and then a quote (key 3) in the sample article; the quote stays selected. */
async function sourceAndQuote(app) {
  await app.dragSelect('The US official');
  await app.page.keyboard.press('2');
  await app.dragSelect('We adhere to a longstanding');
  await app.page.keyboard.press('3');
  await app.highlights('quote').first().waitFor();
}

describe('relations between annotations', () => {
  test('link a quote to its source by keyboard and a claim by mouse; undo, reload, export and import keep them', async () => {
    const { context, app } = await App.fresh(s.browser, s.server.url);
    await sourceAndQuote(app);
    const source = await idOf(app, 'source');
    const quote = await idOf(app, 'quote');

    // Keyboard: L opens the choice, typing filters, Enter links.
    await app.page.keyboard.press('l');
    const choice = app.page.getByTestId('link-choice');
    await choice.waitFor();
    assert.equal(await app.page.getByTestId('link-candidate').count(), 1, 'only the source can be the other end');
    await app.page.keyboard.type('offic');
    assert.equal(await app.page.getByTestId('link-candidate').getAttribute('data-to'), source);
    await app.page.keyboard.type('zzz');
    assert.equal(await app.page.getByTestId('link-candidate').count(), 0, 'the filter narrows the list');
    for (let i = 0; i < 3; i++) await app.page.keyboard.press('Backspace');
    await app.page.keyboard.press('Enter');
    await items(app).first().waitFor();
    assert.equal(await choice.count(), 0, 'the choice closes');
    const item = items(app).first();
    assert.deepEqual(
      [await item.getAttribute('data-from'), await item.getAttribute('data-to'), await item.getAttribute('data-type')],
      [quote, source, 'attributed to'],
    );
    assert.match(await item.textContent(), /→ “The US official” \(source\)/);
    assert.match(await app.highlights('source').first().getAttribute('class'), /\brelated\b/, 'the source is outlined');
    // A connector in the margin runs from the quote to its source.
    const connector = app.page.getByTestId('connectors').locator('.connector');
    await connector.first().waitFor();
    assert.equal(await connector.count(), 1);
    assert.equal(await connector.getAttribute('data-other'), source);
    assert.match(await connector.getAttribute('class'), /\boutgoing\b/, 'the relation starts at the selected quote');
    await waitForRelations(app, (list) => list.length === 1 && list[0].from === quote && list[0].to === source);

    // Mouse: tag a claim, press Link, click the source's highlight.
    await app.dragSelect('the United States secretly provided a warning to Iran');
    await app.button('Claim').click();
    await app.highlights('claim').first().waitFor();
    const claim = await idOf(app, 'claim');
    const left = app.page.getByTestId('count-unlinked');
    await app.page.waitForFunction(() => document.querySelector('[data-testid="count-unlinked"]')?.textContent === '1');
    await app.button('Link').click();
    await app.page.getByTestId('link-choice').waitFor();
    await app.highlights('source').first().click();
    await items(app).first().waitFor();
    assert.equal(await items(app).first().getAttribute('data-from'), claim);
    await waitForRelations(app, (list) => list.length === 2);
    await app.page.waitForFunction(() => document.querySelector('[data-testid="count-unlinked"]')?.textContent === '0');
    assert.equal(await left.textContent(), '0', 'no quote or claim is left to attribute');

    // Every source the claim could go to is linked: L says so. Seen from
    // the source, both relations point to it.
    await app.page.keyboard.press('l');
    await app.status().filter({ hasText: 'Nothing to link' }).waitFor();
    await app.highlights('source').first().click();
    await items(app).nth(1).waitFor();
    const arrows = await items(app).evaluateAll((list) => list.map((li) => li.textContent.trim()[0]));
    assert.deepEqual(arrows, ['←', '←'], 'seen from the source, both point to it');
    await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="connectors"] .connector:not(.outgoing)').length === 2);
    const others = await app.page.getByTestId('connectors').locator('.connector').evaluateAll((l) => l.map((p) => p.dataset.other).sort());
    assert.deepEqual(others, [claim, quote].sort(), 'one connector to each');

    // Undo the claim's relation, redo it.
    await app.article().focus();
    await app.page.keyboard.press('Control+z');
    await waitForRelations(app, (list) => list.length === 1);
    await app.page.keyboard.press('Control+Shift+z');
    await waitForRelations(app, (list) => list.length === 2);

    // Deleting the source deletes its relations; undo brings all back.
    await app.highlights('source').first().click();
    await app.button('Delete annotation').click();
    await waitForRelations(app, (list) => list.length === 0);
    await app.page.keyboard.press('Control+z');
    await waitForRelations(app, (list) => list.length === 2);

    // Kept across a reload.
    await app.reload();
    await app.highlights('source').first().click();
    await items(app).nth(1).waitFor();

    // Exported in Marginalia JSON and read back in a fresh profile.
    const exported = await app.export();
    const file = JSON.parse(exported.text);
    assert.deepEqual(file.relations.map((r) => [r.from, r.to, r.type]).sort(), [[claim, source, 'attributed to'], [quote, source, 'attributed to']].sort());
    assert.deepEqual(app.errors, []);
    await context.close();

    const second = await App.fresh(s.browser, s.server.url);
    await second.app.importFile(exported.name, exported.text);
    await second.app.items().nth(2).waitFor();
    await waitForRelations(second.app, (list) => list.length === 2);
    const again = await second.app.export();
    assert.equal(again.text, exported.text, 'the round trip is exact');
    assert.deepEqual(second.app.errors, []);
    await second.context.close();
  });

  test('relations exported to brat, doccano, Label Studio and W3C (validated) import back into a fresh profile, between the same spans', async () => {
    const { context, app } = await App.fresh(s.browser, s.server.url);
    await sourceAndQuote(app);
    await app.page.keyboard.press('l');
    await app.page.getByTestId('link-choice').waitFor();
    await app.page.keyboard.press('Enter');
    const made = await waitForRelations(app, (list) => list.length === 1);
    const saved = await app.waitForSaved((d) => d.annotations.length === 2);
    const brat = await app.exportAs('brat standoff (.txt + .ann + .conf files)', 5);
    const ann = brat.find((f) => f.name.endsWith('.ann'));
    assert.match(ann.text, /^R1\tattributed_to Arg1:T\d Arg2:T\d$/m);
    const conf = brat.find((f) => f.name === 'annotation.conf');
    assert.match(conf.text, /^\[relations\]\nattributed_to\tArg1:quote\|claim, Arg2:source$/m, 'brat is told of the relation type');
    const [doccano] = await app.exportAs('doccano JSONL');
    const [ls] = await app.exportAs('Label Studio JSON (+ labelling config)', 2);
    const [w3c] = await app.exportAs('W3C Web Annotation (JSON-LD)');
    // The relation is a linking annotation; the file passes the model's MUSTs.
    const linking = JSON.parse(w3c.text).first.items.filter((a) => a.motivation === 'linking');
    assert.equal(linking.length, 1);
    const dir = await mkdtemp(join(tmpdir(), 'marginalia-w3c-'));
    await writeFile(join(dir, w3c.name), w3c.text);
    execFileSync('python3', [join(SHARED, 'conformance/w3c/validate.py'), join(dir, w3c.name)], { stdio: 'pipe' });
    await context.close();

    /** Each relation as [from span, type, to span], by text and tag. */
    const links = (doc, list) => {
      const span = (id) => {
        const a = doc.annotations.find((x) => x.id === id);
        return `${a.tag}:${doc.text.slice(a.start, a.end)}`;
      };
      return list.map((r) => [span(r.from), r.type ?? r.kind, span(r.to)]);
    };
    const want = links(saved, made);
    assert.deepEqual(want, [['quote:We adhere to a longstanding', 'attributed to', 'source:The US official']]);

    for (const files of [brat, [doccano], [ls], [w3c]]) {
      const other = await App.fresh(s.browser, s.server.url);
      await other.app.importFiles(files);
      const panel = other.app.page.getByTestId('import-panel');
      await panel.waitFor();
      assert.equal(await panel.getByTestId('import-relations').textContent(), '1 relation between them.', files[0].name);
      await panel.getByRole('button', { name: 'Add 2 annotations to this article' }).click();
      await other.app.status().filter({ hasText: 'Added 2 annotations and 1 relation from' }).waitFor();
      const list = await waitForRelations(other.app, (l) => l.length === 1);
      const doc = await other.app.waitForSaved((d) => d.annotations.length === 2);
      assert.deepEqual(links(doc, list), want, files[0].name);
      // One undo takes the annotations and the relation back.
      await other.app.page.keyboard.press('Control+z');
      await waitForRelations(other.app, (l) => l.length === 0);
      assert.deepEqual(other.app.errors, []);
      await other.context.close();
    }
  });
});
