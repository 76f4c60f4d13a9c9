// End-to-end tests of the codebook: the Attribution template, a PARC-style
// attribution (source, cue, quote in two parts) built by keyboard, the
// Codebook panel's edits (rename, colour with its contrast flag, attribute,
// delete in use and undo), an attribute value set in the editor and seen in
// the CSV, reload, the brat and Label Studio configuration
// it exports, and the codebook as a file (ours and brat's annotation.conf)
// imported into a fresh profile.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from './support/app.mjs';
import { suite } from './support/suite.mjs';

const s = suite();

const panel = (app) => app.page.getByTestId('codebook');
const labelRow = (app, name) => panel(app).locator(`[data-testid="codebook-label"][data-label="${name}"]`);
const idOf = (app, tag) => app.highlights(tag).first().getAttribute('data-annotation-ids');
const items = (app) => app.page.getByTestId('relation-item');

/** Opens the Codebook panel and applies the Attribution template. */
async function attributionTemplate(app) {
  await app.button('Codebook').click();
  await panel(app).waitFor();
  await app.page.locator('#codebook-template').selectOption('Attribution (PARC-style)');
  await app.button('Use template').click();
  await labelRow(app, 'Cue').waitFor();
}

describe('the codebook', () => {
  test('a PARC-style attribution by keyboard, the panel\'s edits, reload and the brat and Label Studio configuration', async () => {
    const { context, app } = await App.fresh(s.browser, s.server.url);
    await attributionTemplate(app);
    await app.button('Cue').waitFor();
    await app.button('Close the codebook').click();

    // Source (2), cue (4), quote in two parts (3, then Shift+A).
    await app.dragSelect('The US official');
    await app.page.keyboard.press('2');
    await app.dragSelect('stated');
    await app.page.keyboard.press('4');
    await app.highlights('Cue').first().waitFor();
    assert.equal(await app.highlights('Cue').first().getAttribute('data-cue'), 'V', 'the cue\'s letter is not the claim\'s C');
    await app.dragSelect('Prior to ISIS\' terrorist attack');
    await app.page.keyboard.press('3');
    await app.dragSelect('We adhere to a longstanding');
    await app.page.keyboard.press('Shift+A');
    await app.page.getByTestId('part-item').nth(1).waitFor();
    const [source, cue, quote] = [await idOf(app, 'source'), await idOf(app, 'Cue'), await idOf(app, 'quote')];

    // The cue is the cue of the quote; the source its source (L, Enter).
    await app.highlights('Cue').first().click();
    await app.page.keyboard.press('l');
    await app.page.getByTestId('link-candidate').first().waitFor();
    assert.equal(await app.page.getByTestId('link-candidate').count(), 1, 'a cue can only be the cue of the quote');
    assert.equal(await app.page.getByTestId('link-candidate').getAttribute('data-type'), 'cue of');
    await app.page.keyboard.press('Enter');
    await items(app).first().waitFor();
    await app.highlights('source').first().click();
    await app.page.keyboard.press('l');
    await app.page.getByTestId('link-candidate').first().waitFor();
    const offered = await app.page.getByTestId('link-candidate').evaluateAll((l) => l.map((c) => c.dataset.type));
    assert.deepEqual(offered, ['source of'], 'the template links a source to its content');
    await app.page.keyboard.press('Enter');
    await items(app).first().waitFor();
    assert.deepEqual(
      [await items(app).first().getAttribute('data-from'), await items(app).first().getAttribute('data-to')],
      [source, quote],
    );

    // The quote's kind, set in the editor by keyboard, is a CSV column.
    await app.highlights('quote').first().click();
    const kind = app.page.getByTestId('attributes').getByLabel('kind');
    await kind.focus();
    await kind.selectOption('indirect');
    await app.waitForSaved((d) => d.annotations.some((a) => a.id === quote && a.attributes?.kind === 'indirect'));
    const [csv] = await app.exportAs('CSV (one row per annotation)', 2);
    const rows = csv.text.trim().split('\r\n').map((r) => r.split(','));
    const column = rows[0].indexOf('attr:kind');
    assert.ok(column > 0, rows[0].join(','));
    assert.equal(rows.find((r) => r[0] === quote)[column], 'indirect');
    const [doccano] = await app.exportAs('doccano JSONL');
    assert.ok(doccano.text.length > 0);
    await app.status().filter({ hasText: 'The attribute values of 1 annotation are not in it' }).waitFor();

    // Rename Cue, everywhere.
    await app.button('Codebook').click();
    await labelRow(app, 'Cue').getByLabel('Name').fill('Speech verb');
    await labelRow(app, 'Cue').getByLabel('Name').press('Enter');
    await labelRow(app, 'Speech verb').waitFor();
    await app.page.locator(`[data-testid="annotation-item"][data-annotation-id="${cue}"][data-tag="Speech_verb"]`).waitFor();
    assert.equal(await app.highlights('Speech_verb').count(), 1);
    await app.button('Speech verb').waitFor();

    // A pale colour is flagged; a dark one is not.
    const verb = labelRow(app, 'Speech verb');
    await verb.getByLabel('Colour').fill('#ffee88');
    await verb.getByTestId('contrast-warning').waitFor();
    await verb.getByLabel('Colour').fill('#7c2d12');
    await app.page.waitForFunction(() => !document.querySelector('[data-label="Speech verb"] [data-testid="contrast-warning"]'));

    // An attribute on the source's label, and a guideline shown in the toolbar.
    await labelRow(app, 'source').getByRole('button', { name: 'Add attribute to Source' }).click();
    await labelRow(app, 'source').locator('[data-testid="codebook-attribute"][data-name="attribute"]').waitFor();
    await verb.getByLabel('Guideline').fill('The verb that attributes.');
    await verb.getByLabel('Guideline').blur();
    await app.page.waitForFunction(() => [...document.querySelectorAll('.toolbar button')].some((b) => b.title.includes('The verb that attributes.')));

    // Deleting a label in use asks, and takes its annotation; Ctrl+Z brings both back.
    await verb.getByRole('button', { name: 'Delete label Speech verb' }).click();
    await verb.getByRole('button', { name: 'Delete Speech verb and its annotations' }).click();
    await app.page.waitForFunction(() => !document.querySelector('[data-label="Speech verb"]'));
    assert.equal(await app.highlights('Speech_verb').count(), 0);
    await app.article().focus();
    await app.page.keyboard.press('Control+z');
    await labelRow(app, 'Speech verb').waitFor();
    await app.highlights('Speech_verb').first().waitFor();

    // Kept across a reload.
    await app.reload();
    await app.button('Codebook').click();
    await labelRow(app, 'Speech verb').waitFor();
    assert.equal(await labelRow(app, 'Speech verb').getByLabel('Colour').inputValue(), '#7c2d12');

    // brat: the codebook's types, constraints, attributes, colours and keys.
    const brat = await app.exportAs('brat standoff (.txt + .ann + .conf files)', 5);
    const conf = brat.find((f) => f.name === 'annotation.conf').text;
    assert.match(conf, /^\[entities\]\nclaim\nsource\nquote\nSpeech_verb\n/);
    assert.match(conf, /^cue_of\tArg1:Speech_verb, Arg2:quote\|claim$/m);
    assert.match(conf, /^kind\tArg:quote, Value:direct\|indirect\|mixed$/m);
    assert.match(brat.find((f) => f.name === 'visual.conf').text, /^Speech_verb\tbgColor:#/m);
    assert.match(brat.find((f) => f.name === 'visual.conf').text, /^Speech_verb \| Speech verb \| V$/m);
    assert.match(brat.find((f) => f.name === 'kb_shortcuts.conf').text, /^4 Speech_verb$/m);
    assert.match(brat.find((f) => f.name.endsWith('.ann')).text, /^R\d\tcue_of Arg1:T\d Arg2:T\d$/m);
    const [, config] = await app.exportAs('Label Studio JSON (+ labelling config)', 2);
    assert.match(config.text, /<Label value="Speech verb" background="#7c2d12"\/>/);
    assert.match(config.text, /<Choices name="attr:quote:kind" toName="text" perRegion="true" choice="single">/);
    const [codebook] = await (async () => {
      const [download] = await Promise.all([app.page.waitForEvent('download'), app.button('Export codebook').click()]);
      const chunks = [];
      for await (const c of await download.createReadStream()) chunks.push(c);
      return [{ name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') }];
    })();
    assert.equal(JSON.parse(codebook.text).format, 'marginalia-codebook');
    assert.deepEqual(app.errors, []);
    await context.close();

    // The brat export into a fresh profile gives the same attribution back:
    // the quote in two parts with its kind, its cue and source linked, and
    // the codebook from annotation.conf.
    {
      const other = await App.fresh(s.browser, s.server.url);
      await other.app.importFiles(brat);
      const dialog = other.app.page.getByTestId('import-panel');
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Add 3 annotations to this article' }).click();
      await other.app.status().filter({ hasText: 'its annotation.conf became this document' }).waitFor();
      const back = await other.app.waitForSaved((d) => d.annotations.length === 3);
      const q = back.annotations.find((a) => a.tag === 'quote');
      assert.equal(q.parts.length, 2);
      assert.equal(q.attributes.kind, 'indirect');
      await other.app.button('Speech verb').waitFor();
      await other.app.highlights('quote').first().click();
      await items(other.app).nth(1).waitFor();
      const types = await items(other.app).evaluateAll((l) => l.map((i) => i.dataset.type).sort());
      assert.deepEqual(types, ['cue of', 'source of']);
      assert.deepEqual(other.app.errors, []);
      await other.context.close();
    }

    // Into a fresh profile: our codebook file, then brat's annotation.conf.
    for (const file of [codebook, { name: 'annotation.conf', text: conf }]) {
      const other = await App.fresh(s.browser, s.server.url);
      await other.app.button('Codebook').click();
      await panel(other.app).getByLabel('Import codebook').setInputFiles({ name: file.name, mimeType: 'text/plain', buffer: Buffer.from(file.text) });
      await labelRow(other.app, 'Speech verb').waitFor();
      await other.app.button('Speech verb').waitFor();
      const kinds = await panel(other.app).getByTestId('codebook-relation').evaluateAll((l) => l.map((r) => r.dataset.type));
      assert.deepEqual(kinds, ['attributed to', 'source of', 'cue of'], file.name);
      assert.deepEqual(other.app.errors, []);
      await other.context.close();
    }
  });

  test('a template chosen when a document is started, and the library default for the next', async () => {
    const { context, app } = await App.fresh(s.browser, s.server.url);
    const start = async (choice, text) => {
      await app.button('New document').click();
      if (choice) await app.page.locator('#new-codebook').selectOption(choice);
      await app.page.getByLabel('Article text').fill(text);
      await app.button('Load').click();
      await app.page.getByTestId('paragraph').filter({ hasText: text.split('\n')[1] }).waitFor();
    };
    await start('Attribution (PARC-style)', 'First headline\nThe minister said so.');
    await app.button('Cue').waitFor();
    // Saved as the default, the next new document starts with it too.
    await app.button('Codebook').click();
    await labelRow(app, 'Cue').getByLabel('Key').fill('7');
    await labelRow(app, 'Cue').getByLabel('Key').press('Enter');
    await app.page.locator('.toolbar button[aria-keyshortcuts="7"]').waitFor();
    await app.button('Save as default for new documents').click();
    await app.status().filter({ hasText: 'Saved as the codebook of every new document' }).waitFor();
    await start('', 'Second headline\nThe mayor denied it.');
    await app.page.locator('.toolbar button[aria-keyshortcuts="7"]', { hasText: 'Cue' }).waitFor();
    await start('Claim / Source / Quote', 'Third headline\nNobody spoke.');
    assert.equal(await app.button('Cue').count(), 0, 'a template chosen wins over the default');
    assert.deepEqual(app.errors, []);
    await context.close();
  });

  test('Marginalia\'s own tags renamed and deleted, in the toolbar, the files and after a reload', async () => {
    const { context, app } = await App.fresh(s.browser, s.server.url);
    await app.dragSelect('The US official');
    await app.page.keyboard.press('3');
    await app.highlights('quote').first().waitFor();
    const id = await idOf(app, 'quote');

    // Quote becomes Speech: the key, the toolbar place and the annotation follow.
    await app.button('Codebook').click();
    await labelRow(app, 'quote').getByLabel('Name').fill('Speech');
    await labelRow(app, 'quote').getByLabel('Name').press('Enter');
    await labelRow(app, 'Speech').waitFor();
    await app.page.locator(`[data-testid="annotation-item"][data-annotation-id="${id}"][data-tag="Speech"]`).waitFor();
    const toolbar = () => app.page.locator('.toolbar .tag-button').evaluateAll((l) => l.map((b) => [b.textContent.trim(), b.getAttribute('aria-keyshortcuts')]));
    assert.deepEqual(await toolbar(), [['Claim', '1'], ['Source', '2'], ['Speech', '3']]);
    // Speech and Source share the letter S: the panel says so until one changes.
    await labelRow(app, 'Speech').getByTestId('letter-warning').waitFor();
    await labelRow(app, 'source').getByTestId('letter-warning').waitFor();
    await labelRow(app, 'Speech').getByLabel('Letter').fill('P');
    await labelRow(app, 'Speech').getByLabel('Letter').press('Enter');
    await app.page.waitForFunction(() => !document.querySelector('[data-testid="letter-warning"]'));
    assert.equal(await app.highlights('Speech').first().getAttribute('data-cue'), 'P');

    // Claim, unused, is deleted: its button and key go; Ctrl+Z brings them back.
    await labelRow(app, 'claim').getByRole('button', { name: 'Delete label Claim' }).click();
    await app.page.waitForFunction(() => !document.querySelector('[data-testid="codebook-label"][data-label="claim"]'));
    assert.deepEqual(await toolbar(), [['Source', '2'], ['Speech', '3']]);
    await app.article().focus();
    await app.page.keyboard.press('Control+z');
    await labelRow(app, 'claim').waitFor();
    await app.page.keyboard.press('Control+y');
    await app.page.waitForFunction(() => !document.querySelector('[data-testid="codebook-label"][data-label="claim"]'));

    // Kept across a reload, and written under its new name.
    await app.reload();
    await app.highlights('Speech').first().waitFor();
    assert.deepEqual(await toolbar(), [['Source', '2'], ['Speech', '3']]);
    const [csv] = await app.exportAs('CSV (one row per annotation)');
    const row = csv.text.split('\r\n').find((r) => r.startsWith(id));
    assert.ok(row.split(',').includes('Speech'), row);
    const brat = await app.exportAs('brat standoff (.txt + .ann + .conf files)', 5);
    const [ann, conf] = ['.ann', 'annotation.conf'].map((end) => brat.find((f) => f.name.endsWith(end)));
    assert.match(ann.text, /^T1\tSpeech \d+ \d+\tThe US official$/m);
    assert.ok(!/^claim$/m.test(conf.text) && /^Speech$/m.test(conf.text), conf.text);

    // Named quote again, it is Marginalia's quote.
    await app.button('Codebook').click();
    await labelRow(app, 'Speech').getByLabel('Name').fill('quote');
    await labelRow(app, 'Speech').getByLabel('Name').press('Enter');
    await labelRow(app, 'quote').waitFor();
    await app.page.locator(`[data-testid="annotation-item"][data-annotation-id="${id}"][data-tag="quote"]`).waitFor();
    assert.deepEqual(app.errors, []);
    await context.close();
  });
});
