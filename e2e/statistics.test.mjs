// End-to-end test of the Statistics panel: annotations per label, who is
// quoted how often (a quote linked to its source by keyboard), the quotes
// and claims not yet attributed, and the chart with its table.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from './support/app.mjs';
import { suite } from './support/suite.mjs';

const s = suite();

describe('the statistics', () => {
  test('counts, sources and the spread follow the annotations', async () => {
    const { context, app } = await App.fresh(s.browser, s.server.url);
    await app.dragSelect('The US official');
    await app.page.keyboard.press('2');
    await app.dragSelect('Prior to ISIS\' terrorist attack');
    await app.page.keyboard.press('3');
    await app.highlights('quote').first().waitFor();
    // The quote (selected) is attributed to the source: L, Enter.
    await app.page.keyboard.press('l');
    await app.page.getByTestId('link-candidate').first().waitFor();
    await app.page.keyboard.press('Enter');
    await app.page.getByTestId('relation-item').first().waitFor();

    await app.button('Statistics').click();
    const panel = app.page.getByTestId('statistics');
    await panel.waitFor();
    const count = (label) => panel.locator(`[data-testid="statistics-label"][data-label="${label}"]`).getAttribute('data-count');
    assert.equal(await count('source'), '1');
    assert.equal(await count('quote'), '1');
    assert.equal(await count('claim'), '0');
    const source = panel.locator('[data-testid="statistics-source"]');
    assert.equal(await source.count(), 1);
    assert.equal(await source.getAttribute('data-name'), 'The US official');
    assert.equal(await source.getAttribute('data-attributed'), '1');
    assert.match(await panel.getByTestId('statistics-unlinked').textContent(), /0 quotes and claims/);
    assert.equal(await panel.getByTestId('statistics-chart').locator('rect').count(), 2, 'one cell per label used');
    assert.match(await panel.getByTestId('statistics-chart').getAttribute('aria-label'), /1 Source, 1 Quote/);

    // A claim left unattributed is counted, live.
    await app.dragSelect('We adhere to a longstanding');
    await app.page.keyboard.press('1');
    await panel.locator('[data-testid="statistics-label"][data-label="claim"][data-count="1"]').waitFor();
    assert.match(await panel.getByTestId('statistics-unlinked').textContent(), /1 quote or claim/);
    // The table alternative holds the same counts.
    await panel.getByText('As a table').click();
    const cells = await panel.getByTestId('statistics-spread-table').locator('tbody td').evaluateAll((l) => l.map((c) => Number(c.textContent)));
    assert.equal(cells.reduce((a, b) => a + b, 0), 3);
    await app.button('Close the statistics').click();
    await panel.waitFor({ state: 'detached' });
    assert.deepEqual(app.errors, []);
    await context.close();
  });
});
