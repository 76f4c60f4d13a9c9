// End-to-end test of real files from other tools (issue 12), read from
// ../shared/realworld in place (never copied): PolNeAR's brat pairs (two
// annotators' .ann beside one .txt, and an .ann without its .txt), a doccano
// export, a Label Studio HyperText task, a Recogito pair (its page, then its
// annotations), and files refused for what they are (image annotations, a
// page's metadata) — each through the UI, as a user brings them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from './support/app.mjs';
import { SHARED, suite } from './support/suite.mjs';

const s = suite();
const real = (...path) => join(SHARED, 'realworld', ...path);
const file = (...path) => ({ name: path.at(-1), text: readFileSync(real(...path), 'utf8') });

/** The import dialog's count of one outcome. */
const count = async (app, outcome) => Number(await app.page.getByTestId('import-panel').locator(`[data-outcome="${outcome}"] .n`).textContent());

/** Every saved annotation's quote, as the text says it. */
const quotes = (doc) => doc.annotations.map((a) => [...doc.text].slice(a.start, a.end).join(''));

describe('real files from other tools', () => {
  test('PolNeAR: two annotators of one article come in as two layers; an .ann without its text is not guessed onto another', async () => {
    const { context, app } = await App.fresh(s.browser, s.server.url);
    const stem = 'breitbart_2016-03-11_activists-brick-up-entrance-to-m';
    await app.importFiles([file('brat', 'polnear', `${stem}.txt`), file('brat', 'polnear', `${stem}_4b22.ann`), file('brat', 'polnear', `${stem}_4e07.ann`)]);
    const panel = app.page.getByTestId('import-panel');
    await panel.waitFor();
    assert.match(await app.page.getByTestId('import-layers').textContent(), /4b22.*4e07|4e07.*4b22/);
    // (Counted against the open article; the file's own is the .txt.)
    await panel.getByRole('button', { name: "Open the file's article as a new document" }).click();
    const doc = await app.waitForSaved((d) => d.annotations.length === 82);
    assert.ok(doc.annotations.every((a) => a.placement === 'exact'), '50 + 32 spans, every one where the file says');
    const txt = readFileSync(real('brat', 'polnear', `${stem}.txt`), 'utf8');
    assert.equal(doc.text.replace(/\s+/g, ' ').trim().length > 0, true);
    // Every span's text is the .txt's at the .ann's offsets (code points).
    const ann = readFileSync(real('brat', 'polnear', `${stem}_4b22.ann`), 'utf8');
    const first = ann.split('\n').find((l) => l.startsWith('T')).split('\t');
    const [, s0, e0] = first[1].split(' ');
    assert.equal([...txt].slice(Number(s0), Number(e0)).join(''), first[2]);
    assert.ok(quotes(doc).includes(first[2]), `"${first[2]}" is among the annotations`);
    await app.page.locator('[data-testid="layer-toggle"][data-annotator="4e07"]').waitFor();
    const layers = await app.page.locator('[data-testid="layer-toggle"]').evaluateAll((t) => t.map((e) => e.dataset.annotator + ':' + e.dataset.count));
    assert.deepEqual(layers.filter((l) => !l.endsWith(':0')).sort(), ['4b22:50', '4e07:32'], layers.join());

    // parc__wsj_1390_4b22.ann has no .txt here; onto this article it is not guessed.
    await app.importFiles([file('brat', 'polnear', 'parc__wsj_1390_4b22.ann')]);
    await panel.waitFor();
    assert.equal(await count(app, 'fuzzy'), 0, 'no approximate placement');
    await panel.getByText('this file seems to belong to another text').waitFor();
    const guesses = panel.getByRole('button', { name: /^Place the \d+ approximate match(es)? anyway$/ });
    if (await guesses.count()) {
      const n = Number((await guesses.textContent()).match(/\d+/)[0]);
      await guesses.click();
      await app.page.waitForFunction((n) => Number(document.querySelector('[data-outcome="fuzzy"] .n')?.textContent) === n, n);
    }
    await panel.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await app.savedDocument()).annotations.length, 82, 'nothing changed');
    assert.deepEqual(app.errors, []);
    await context.close();
  });

  test('doccano, Label Studio HyperText and a Recogito page with its annotations', async () => {
    const { context, app } = await App.fresh(s.browser, s.server.url);
    const panel = app.page.getByTestId('import-panel');
    const openItsArticle = () => panel.getByRole('button', { name: "Open the file's article as a new document" }).click();

    // doccano (restaurant reviews): the first document of 60, 79 spans.
    await app.importFiles([file('doccano', 'ner-restaurant-reviews', 'june_annotations.jsonl')]);
    await panel.waitFor();
    await openItsArticle();
    const reviews = await app.waitForSaved((d) => d.annotations.length === 79);
    assert.ok(reviews.annotations.every((a) => a.placement === 'exact'));

    // Label Studio HyperText: the task's HTML opens as text, its 4 regions on their words.
    await app.importFiles([file('labelstudio', 'label-studio-frontend-examples', 'rich_text_html', 'annotations', '1.json')]);
    await panel.waitFor();
    await openItsArticle();
    const hyper = await app.waitForSaved((d) => d.annotations.length === 4);
    assert.ok(!hyper.text.includes('<'), 'no markup in the text');
    assert.deepEqual(quotes(hyper).sort(), ['Jules', 'The Wolf', 'Vincent: Look, Mr. Wolfe', 'appreciated.\nVincent: Look, Mr. Wolfe, I respect you.']);
    for (const p of await app.paragraphs().allTextContents()) assert.ok(!p.includes('<div'), p);

    // Recogito: its demo page opens as an article; its annotations, whose
    // quotes occur three times there, land where their positions point.
    const dir = ['w3c', 'recogito-text-annotator-js'];
    await app.openFile('index.html', readFileSync(real(...dir, 'index.html')), 'text/html');
    await app.waitForSaved((d) => d.text.includes('Now Neptune had gone off'));
    await app.importFiles([file(...dir, 'annotations.w3c.json')]);
    await panel.waitFor();
    assert.equal(await count(app, 'ambiguous') + await count(app, 'orphaned'), 0, 'every one placed');
    assert.equal(await count(app, 'exact') + await count(app, 'moved'), 5);
    await panel.getByRole('button', { name: /^Add 5 annotations/ }).click();
    const recogito = await app.waitForSaved((d) => d.annotations.length === 5);
    const text = recogito.text;
    const firstCopy = text.indexOf('Now Neptune had gone off');
    for (const q of quotes(recogito)) assert.ok(text.indexOf(q) <= firstCopy + 200, `"${q.slice(0, 30)}…" is on the first copy of the passage`);
    assert.deepEqual(app.errors, []);
    await context.close();
  });

  test('an image-annotation file and a page\'s metadata are refused for what they are, and nothing changes', async () => {
    const { context, app } = await App.fresh(s.browser, s.server.url);
    const before = await app.waitForSaved(() => true);
    await app.importFiles([file('w3c', 'annotorious', 'annotations.w3c.json')]);
    await app.alert().getByText('image annotation(s) (SVG and xywh selectors) cannot be placed on a text').waitFor();
    await app.importFiles([file('html', 'readability-bbc-1', 'expected-metadata.json')]);
    await app.alert().getByText('this is JSON (an object with keys "title", "byline"').waitFor();
    assert.equal(await app.page.getByTestId('import-panel').count(), 0, 'no import proposed');
    const after = await app.savedDocument();
    assert.equal(after.annotations.length, before.annotations.length);
    assert.equal(after.text, before.text);
    assert.equal(await app.documents().count(), 1, 'no document opened');
    await context.close();
  });
});
