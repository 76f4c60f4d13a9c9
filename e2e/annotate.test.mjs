// End-to-end tests: the release build served on 127.0.0.1, driven in
// Debian's Chromium by playwright-core, as a user would use it.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from './support/app.mjs';
import { suite } from './support/suite.mjs';
import { workload } from '../bench/workload.mjs';
import { readFileSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = join(here, 'artifacts');

const s = suite();

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
});

/** A new browser profile (empty storage) with the app open. */
const fresh = () => App.fresh(s.browser, s.server.url);

describe('annotating the default article', () => {
  test('the default article shows as paragraphs with its title and credit', async () => {
    const { context, app } = await fresh();
    assert.equal(await app.paragraphs().count(), 7);
    await assert.doesNotReject(app.page.getByRole('heading', { name: /US Secretly Warned Iran/ }).waitFor());
    assert.match(await app.page.locator('.article-source').textContent(), /ICARO Media Group/);
    assert.equal(await app.paragraphs().first().getAttribute('data-offset'), '0');
    assert.equal(await app.documents().count(), 1);
    assert.deepEqual(app.errors, []);
    await context.close();
  });

  test('tag, note, reload: work is kept; export and import into a fresh profile reproduce it', async () => {
    const { context, app } = await fresh();
    await app.dragSelect('The Wall Street Journal');
    await app.page.keyboard.press('2');
    const source = app.highlights('source');
    await source.waitFor();
    assert.equal(await source.textContent(), 'The Wall Street Journal');

    await app.page.getByLabel('Note', { exact: true }).fill('Broke the story');
    await app.dragSelect('the United States secretly provided a warning to Iran');
    await app.button('Claim').click();
    await app.dragSelect('secretly provided');
    await app.page.keyboard.press('3');
    await app.highlights('quote').first().waitFor();
    assert.equal(await app.items().count(), 3);
    await app.waitForSaved((doc) => doc.annotations.length === 3 && doc.annotations.some((a) => a.note === 'Broke the story'));

    await app.page.screenshot({ path: join(ARTIFACTS, 'annotated.png'), fullPage: true });
    const before = await app.listed();
    assert.deepEqual(before.map((a) => a.tag), ['claim', 'quote', 'source'], 'text order');

    await app.reload();
    assert.deepEqual(await app.listed(), before, 'kept across a reload');
    assert.equal(await app.highlights('source').textContent(), 'The Wall Street Journal');
    assert.equal(await app.highlights('quote').textContent(), 'secretly provided');

    const exported = await app.export();
    assert.match(exported.name, /^us-secretly-warned-iran.*\.marginalia\.json$/);
    const file = JSON.parse(exported.text);
    assert.equal(file.format, 'marginalia');
    assert.equal(file.document.offsetUnit, 'codepoint');
    const wsj = file.annotations.find((a) => a.tag === 'source');
    assert.equal([...file.document.text].slice(wsj.start, wsj.end).join(''), 'The Wall Street Journal');
    assert.deepEqual(app.errors, []);
    await context.close();

    // A new profile: nothing saved; import the file.
    const second = await fresh();
    assert.equal(await second.app.items().count(), 0);
    await second.app.importFile(exported.name, exported.text);
    await second.app.items().nth(2).waitFor();
    assert.deepEqual(await second.app.listed(), before);
    assert.equal(await second.app.highlights('source').textContent(), 'The Wall Street Journal');
    assert.equal(await second.app.documents().count(), 1, 'the import replaced the untouched sample');
    const again = await second.app.export();
    assert.equal(again.text, exported.text, 'the round trip is exact');
    await second.context.close();
  });

  test('adding one annotation changes the DOM of its paragraph only; the list scrolls to it', async () => {
    const { context, app } = await fresh();
    await app.page.evaluate(() => {
      window.__mutations = [];
      new MutationObserver((records) => window.__mutations.push(...records.map((r) => r.target)))
        .observe(document.querySelector('[data-testid="article"]'), { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await app.dragSelect('deadliest in Iran');
    await app.page.keyboard.press('1');
    await app.highlights('claim').waitFor();
    const touched = await app.page.evaluate(() => {
      const paragraphs = new Set(window.__mutations.map((t) => (t.nodeType === 1 ? t : t.parentElement).closest('[data-testid="paragraph"]')));
      return { records: window.__mutations.length, paragraphs: [...paragraphs].map((p) => p && p.dataset.offset) };
    });
    const offset = await app.paragraphs().nth(3).getAttribute('data-offset');
    assert.deepEqual(touched.paragraphs, [offset], `mutations only inside paragraph 4 (${touched.records} records)`);

    // Far down the page: the list entry brings it into view.
    await app.dragSelect('complex and secretive nature');
    await app.page.keyboard.press('3');
    await app.highlights('quote').waitFor();
    await app.page.evaluate(() => window.scrollTo(0, 0));
    await app.page.setViewportSize({ width: 1400, height: 600 });
    assert.equal(await app.highlights('quote').evaluate((m) => m.getBoundingClientRect().top < innerHeight), false);
    await app.items().filter({ hasText: 'complex and secretive nature' }).click();
    await app.page.waitForFunction(() => {
      const r = document.querySelector('[data-testid="article"] [data-tags~="quote"]').getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    });
    assert.equal(await app.items().filter({ hasText: 'complex and secretive nature' }).getAttribute('aria-selected'), 'true');
    await context.close();
  });

  test('a malformed or wrong import shows an error and keeps the annotations', async () => {
    const { context, app } = await fresh();
    await app.dragSelect('CNN');
    await app.page.keyboard.press('2');
    await app.highlights('source').waitFor();
    await app.waitForSaved((doc) => doc.annotations.length === 1);
    const before = await app.savedDocument();

    await app.importFile('broken.json', '{"format": "marginalia", "version": 1, "annotations": [');
    await assert.doesNotReject(app.alert().getByText(/not valid JSON/).waitFor());
    await app.importFile('other.json', '{"hello": "world"}');
    // Valid JSON of no format we read: refused saying what it is.
    await assert.doesNotReject(app.alert().getByText(/this is JSON \(an object with the key "hello"\), not annotations/).waitFor());
    await app.importFile('bad-span.json', JSON.stringify({
      format: 'marginalia', version: 1, document: { text: 'short' },
      annotations: [{ id: 'a', tag: 'claim', start: 2, end: 99 }],
    }));
    await assert.doesNotReject(app.alert().getByText(/annotations\[0\]: span 2\.\.99/).waitFor());

    assert.equal(await app.items().count(), 1);
    assert.equal(await app.highlights('source').textContent(), 'CNN');
    assert.equal(await app.documents().count(), 1);
    assert.deepEqual(await app.savedDocument(), before);
    await context.close();
  });
});

describe('a long document', () => {
  test('1,000 annotations: the list renders a window, scrolls, and follows the selection', async () => {
    const w = workload('medium', readFileSync(join(here, '..', 'articles', 'us-warned-iran.txt'), 'utf8'));
    const { context, app } = await fresh();
    await app.importFile('medium.json', w.json);
    await app.page.getByRole('heading', { name: 'Annotations (1000)' }).waitFor();
    const list = app.page.getByTestId('annotation-list');
    assert.equal(await list.getAttribute('data-total'), '1000');
    const rendered = await app.items().count();
    assert.ok(rendered > 0 && rendered <= 40, `a window of rows, not all 1000 (${rendered})`);

    // Far from the viewport, paragraphs are plain text (the same text);
    // their highlights are drawn as they come near.
    const last = w.annotations.reduce((a, b) => (b.start > a.start || (b.start === a.start && b.end > a.end) ? b : a));
    const far = app.page.locator(`[data-testid="paragraph"][data-offset="${await app.page.evaluate((start) => {
      const offsets = [...document.querySelectorAll('[data-testid="paragraph"]')].map((p) => Number(p.dataset.offset));
      return offsets.filter((o) => o <= start).at(-1);
    }, last.start)}"]`);
    assert.equal(await far.locator('mark').count(), 0, 'a far paragraph starts as plain text');
    const index = await far.evaluate((p) => [...document.querySelectorAll('[data-testid="paragraph"]')].indexOf(p));
    assert.equal(await far.textContent(), w.paragraphs[index]);
    await far.scrollIntoViewIfNeeded();
    await far.locator(`mark[data-annotation-ids~="${last.id}"]`).first().waitFor();
    assert.equal(await far.textContent(), w.paragraphs[index], 'the text is unchanged');
    assert.equal(await app.items().first().getAttribute('aria-setsize'), '1000');

    // Scrolling the list to the end brings the last rows in.
    await app.page.locator('.list-viewport').evaluate((v) => { v.scrollTop = v.scrollHeight; });
    await app.page.locator('[data-testid="annotation-item"][aria-posinset="1000"]').waitFor();
    assert.equal(await app.items().last().getAttribute('data-annotation-id'), last.id);

    // Selecting a highlight near the top scrolls the list back to its row.
    await app.highlights().first().click();
    await app.page.waitForFunction(() => {
      const r = document.querySelector('[data-testid="annotation-item"][aria-selected="true"]');
      const v = document.querySelector('.list-viewport').getBoundingClientRect();
      if (!r) return false;
      const b = r.getBoundingClientRect();
      return b.top >= v.top - 1 && b.bottom <= v.bottom + 1;
    });
    const selected = await app.page.locator('[data-testid="annotation-item"][aria-selected="true"]').getAttribute('data-annotation-id');
    assert.ok((await app.highlights().first().getAttribute('data-annotation-ids')).split(' ').includes(selected));
    assert.deepEqual(app.errors, []);
    await context.close();
  });
});

describe('two tabs', () => {
  test('a tab never overwrites what another tab saved', async () => {
    const { context, app: a } = await fresh();
    await a.waitForSaved(() => true);
    const b = await App.open(context, s.server.url);
    await a.dragSelect('CNN');
    await a.page.keyboard.press('2');
    const saved = await a.waitForSaved((doc) => doc.annotations.length === 1);

    // Tab B showed the same document: it is told, and stops editing and saving it.
    await assert.doesNotReject(b.alert().getByText(/was changed in another tab/).waitFor());
    await b.dragSelect('Kerman');
    await b.page.keyboard.press('1');
    await assert.doesNotReject(b.status().getByText(/reload the page to edit it here/).waitFor());
    assert.equal(await b.highlights().count(), 0);
    assert.deepEqual(await a.savedDocument(), saved);

    // A reload of tab B shows tab A's work; new documents appear in both libraries.
    await b.reload();
    assert.equal(await b.highlights('source').textContent(), 'CNN');
    await a.button('Paste article').click();
    await a.page.getByLabel('Article text').fill('From tab A\n\nBody text.');
    await a.button('Load').click();
    await b.page.waitForFunction(() => document.querySelectorAll('[data-testid="document-item"]').length === 2);
    assert.deepEqual([...a.errors, ...b.errors], []);
    await context.close();
  });
});

describe('loading articles', () => {
  test('paste, open and drop articles into the library, then switch and delete', async () => {
    const { context, app } = await fresh();
    await app.button('Paste article').click();
    await app.page.getByLabel('Article text').fill('Pasted headline\n\nFirst 🍵 paragraph said 東京.\n\nSecond paragraph.');
    await app.button('Load').click();
    await app.page.getByRole('heading', { name: 'Pasted headline' }).waitFor();
    assert.deepEqual(await app.paragraphs().allTextContents(), ['First 🍵 paragraph said 東京.', 'Second paragraph.']);
    await app.dragSelect('東京');
    await app.page.keyboard.press('1');
    await app.waitForSaved((doc) => doc.annotations.length === 1 && doc.annotations[0].start === 23);

    await app.openFile('notes.md', '# Markdown *title*\n\nSome **bold** text.\n\n- item one\n', 'text/markdown');
    await app.page.getByRole('heading', { name: 'Markdown title' }).waitFor();
    assert.deepEqual(await app.paragraphs().allTextContents(), ['Some bold text.', 'item one']);

    const hostile = '<html><head><title>Dropped page</title><script>window.__pwned = 1</script></head>'
      + '<body><p>Safe text <img src="x" onerror="window.__pwned = 2"> here.</p><p id="marker">More.</p></body></html>';
    await app.dropFile('page.html', hostile, 'text/html');
    await app.page.getByRole('heading', { name: 'Dropped page' }).waitFor();
    assert.deepEqual(await app.paragraphs().allTextContents(), ['Safe text here.', 'More.']);
    assert.equal(await app.page.evaluate(() => window.__pwned), undefined, 'no script of the page ran');
    assert.equal(await app.page.locator('#marker, img').count(), 0, 'no element of the page was inserted');
    assert.deepEqual(app.requests.filter((u) => u.endsWith('/x')), [], 'nothing the page references was loaded');

    assert.equal(await app.documents().count(), 4);
    await app.documents().filter({ hasText: 'Pasted headline' }).getByRole('button', { name: /^Pasted headline/ }).click();
    await app.page.getByRole('heading', { name: 'Pasted headline' }).waitFor();
    assert.equal(await app.highlights('claim').textContent(), '東京');
    assert.equal(await app.documents().filter({ hasText: 'Pasted headline' }).getAttribute('aria-current'), 'true');

    await app.reload();
    await app.page.getByRole('heading', { name: 'Pasted headline' }).waitFor();
    assert.equal(await app.documents().count(), 4, 'library survives a reload');

    await app.page.getByRole('button', { name: 'Delete document Dropped page' }).click();
    await app.page.getByRole('button', { name: 'Confirm deleting Dropped page' }).click();
    await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="document-item"]').length === 3);
    assert.deepEqual(app.errors, []);
    await context.close();
  });

  test('bad files get a clear message and change nothing', async () => {
    const { context, app } = await fresh();
    await app.dragSelect('CNN');
    await app.page.keyboard.press('1');
    await app.highlights('claim').waitFor();

    await app.openFile('empty.txt', '');
    await assert.doesNotReject(app.alert().getByText(/“empty.txt”: the file is empty/).waitFor());
    await app.openFile('photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'image/png');
    await assert.doesNotReject(app.alert().getByText(/does not look like a text file/).waitFor());
    await app.page.getByLabel('Open article').setInputFiles({
      name: 'huge.txt', mimeType: 'text/plain', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 'a'),
    });
    await assert.doesNotReject(app.alert().getByText(/too large/).waitFor());

    assert.equal(await app.documents().count(), 1);
    assert.equal(await app.highlights('claim').textContent(), 'CNN');
    await context.close();
  });
});
