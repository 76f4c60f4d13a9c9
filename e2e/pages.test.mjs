// End-to-end test of saved news pages (issue 12): each of the real pages in
// ../shared/realworld/html opens as its article — scored here against the
// article Mozilla Readability extracts from the same page — with its
// headline as title; one click shows the whole page text instead (the same
// document, while nothing is annotated), and once something is annotated the
// other reading opens as a new document, so no annotation moves.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from './support/app.mjs';
import { SHARED, suite } from './support/suite.mjs';

const s = suite();
const PAGES = ['bbc-1', 'lemonde-1', 'nytimes-1', 'wapo-1'];
const dir = (name) => join(SHARED, 'realworld', 'html', `readability-${name}`);

/** Word-level F1 of `got` against the visible text of Readability's expected.html (as score.py counts). */
function wordF1(expectedHtml, got) {
  const visible = expectedHtml.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)));
  const words = (t) => {
    const m = new Map();
    for (const w of t.match(/[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[\p{L}\p{N}_]+/gu) ?? []) {
      const k = w.toLowerCase();
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  };
  const e = words(visible); const x = words(got);
  let common = 0;
  for (const [w, n] of x) common += Math.min(n, e.get(w) ?? 0);
  const total = (m) => [...m.values()].reduce((a, b) => a + b, 0);
  const p = common / Math.max(1, total(x)); const r = common / Math.max(1, total(e));
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

const choice = (app) => app.page.getByTestId('page-choice');

/** The paragraphs shown, once the open document as saved satisfies `predicate` and all of its paragraphs are drawn. */
async function shown(app, predicate) {
  const saved = await app.waitForSaved(predicate);
  const n = saved.text.split('\n').length;
  await app.page.waitForFunction((n) => document.querySelectorAll('[data-testid="paragraph"]').length === n, n);
  const paragraphs = await app.paragraphs().allTextContents();
  assert.deepEqual(paragraphs, saved.text.split('\n'), 'the paragraphs drawn are the text saved');
  return paragraphs;
}

describe('saved news pages', () => {
  test('each real page opens as its article, with the whole page text a click away', async () => {
    const { context, app } = await App.fresh(s.browser, s.server.url);
    for (const name of PAGES) {
      const meta = JSON.parse(readFileSync(join(dir(name), 'expected-metadata.json'), 'utf8'));
      const expected = readFileSync(join(dir(name), 'expected.html'), 'utf8');
      await app.openFile(`${name}.html`, readFileSync(join(dir(name), 'source.html')), 'text/html');
      await app.page.getByRole('heading', { name: meta.title, exact: true }).waitFor();
      await choice(app).and(app.page.locator('[data-whole="false"]')).waitFor();
      const article = await shown(app, (doc) => doc.title === meta.title);
      const f1 = wordF1(expected, article.join('\n'));
      assert.ok(f1 >= 0.95, `${name}: word F1 ${f1.toFixed(3)} against Readability's article`);
      assert.equal(await choice(app).textContent(),
        `Article extracted (${article.length} paragraphs); show the whole page text instead`);
      if (meta.publishedTime) {
        assert.match(await app.page.getByTestId('article-origin').textContent(), new RegExp(`^Published ${meta.publishedTime.replace(/[+.]/g, '\\$&')}`));
      }
      const documents = await app.documents().count();

      await choice(app).getByRole('button', { name: 'show the whole page text instead' }).click();
      await choice(app).and(app.page.locator('[data-whole="true"]')).waitFor();
      const whole = await shown(app, (doc) => doc.text.split('\n').length > article.length);
      assert.ok(whole.length > article.length, `${name}: the whole text has more (${whole.length} vs ${article.length})`);
      assert.equal(await app.documents().count(), documents, 'the same document, nothing annotated yet');
      assert.equal((await app.savedDocument()).title, meta.title);

      await choice(app).getByRole('button', { name: 'show the extracted article instead' }).click();
      await choice(app).and(app.page.locator('[data-whole="false"]')).waitFor();
      assert.deepEqual(await shown(app, (doc) => doc.text === article.join('\n')), article);
    }
    assert.equal(await app.documents().count(), 1 + PAGES.length);
    assert.deepEqual(app.errors, []);
    await context.close();
  });

  test('pasted HTML is read as a page too, and its scripts never run', async () => {
    const { context, app } = await App.fresh(s.browser, s.server.url);
    const story = Array.from({ length: 4 }, (_, i) => `<p>Paragraph ${i + 1} of the story 😀 東京, long enough to count as article text for the extraction, with commas, clauses and more words.</p>`).join('');
    const html = `<html><head><title>Pasted story</title><script>window.__pwned = 1</script></head><body>
      <nav><a href="/">Home</a></nav><div class="promo">Subscribe today</div>
      <article>${story}</article><img src="x" onerror="window.__pwned = 2"><footer>Footer</footer></body></html>`;
    await app.button('Paste article').click();
    await app.page.getByLabel('Article text').fill(html);
    await app.button('Load').click();
    await choice(app).waitFor();
    const article = await shown(app, (doc) => doc.title === 'Pasted story');
    assert.equal(article.length, 4);
    assert.ok(article[0].startsWith('Paragraph 1 of the story 😀 東京,'));
    await choice(app).getByRole('button', { name: 'show the whole page text instead' }).click();
    const whole = await shown(app, (doc) => doc.text.includes('Subscribe today'));
    assert.deepEqual(whole, ['Subscribe today', ...article]);
    assert.equal(await app.page.evaluate(() => window.__pwned), undefined, 'no script of the page ran');
    assert.deepEqual(app.requests.filter((u) => u.endsWith('/x')), [], 'nothing the page references was loaded');
    assert.deepEqual(app.errors, []);
    await context.close();
  });

  test('after annotating, the other reading opens as a new document and the annotation stays put', async () => {
    const { context, app } = await App.fresh(s.browser, s.server.url);
    await app.openFile('wapo-1.html', readFileSync(join(dir('wapo-1'), 'source.html')), 'text/html');
    await choice(app).waitFor();
    await app.dragSelect('Bardo National Museum');
    await app.page.keyboard.press('1');
    const annotated = await app.waitForSaved((doc) => doc.annotations.length === 1);
    const quote = [...annotated.text].slice(annotated.annotations[0].start, annotated.annotations[0].end).join('');
    assert.equal(quote, 'Bardo National Museum');
    const documents = await app.documents().count();

    await choice(app).getByRole('button', { name: 'show the whole page text instead' }).click();
    await app.status().filter({ hasText: 'as a new document, so that the annotations already made keep their places' }).waitFor();
    await choice(app).and(app.page.locator('[data-whole="true"]')).waitFor();
    assert.equal(await app.documents().count(), documents + 1);
    const whole = await app.waitForSaved((doc) => doc.id !== annotated.id);
    assert.equal(whole.annotations.length, 0);

    // The annotated article is still there, unchanged.
    await app.page.locator('[data-testid="document-item"]:not([aria-current="true"])')
      .filter({ hasText: 'Attack stokes instability' }).getByRole('button').first().click();
    await app.highlights('claim').filter({ hasText: 'Bardo National Museum' }).waitFor();
    const again = await app.waitForSaved((doc) => doc.id === annotated.id);
    assert.deepEqual(again.annotations.map((a) => [a.start, a.end]), annotated.annotations.map((a) => [a.start, a.end]));
    assert.equal(again.text, annotated.text);
    assert.deepEqual(app.errors, []);
    await context.close();
  });
});
