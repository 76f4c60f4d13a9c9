// End-to-end tests of the CouchDB sync: two browser profiles against a real
// CouchDB-protocol server (pouchdb-server, in memory, on 127.0.0.1, started
// and stopped here). Two annotators' edits flow both ways live; a profile
// offline catches up; a server restart loses nothing; the same annotator's
// concurrent edits both survive until the user chooses; a wrong password
// and a refused write get clear messages and lose nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from './support/app.mjs';
import { suite } from './support/suite.mjs';
import { ADMIN, call, startCouch } from './support/couch.mjs';

const s = suite();
let couch;
before(async () => {
  couch = await startCouch();
  await users();
});
after(async () => {
  await couch?.stop();
});

const USERS = ['alice', 'bob', 'carol', 'dave'];
async function users() {
  for (const u of USERS) await couch.user(u, `${u}-pw`);
}

/** A fresh profile with annotator `name`, connected to `db` as `user`. */
async function connected(db, user, name = user) {
  const { context, app } = await App.fresh(s.browser, s.server.url);
  const field = app.page.getByLabel('Annotator name');
  await field.fill(name);
  await field.press('Enter');
  await connect(app, db, user, `${user}-pw`);
  return { context, app };
}

async function connect(app, db, user, password) {
  await app.button('Sync').click();
  await app.page.getByLabel('Server URL').fill(`${couch.url}${db}`);
  await app.page.getByLabel('User name').fill(user);
  await app.page.getByLabel('Password').fill(password);
  await app.button('Connect').click();
}

function status(app) { return app.page.getByTestId('sync-status'); }

/** Waits until the status is `state` with nothing waiting. */
async function synced(app) {
  try {
    await app.page.locator('[data-testid="sync-status"][data-state="synced"][data-pending="0"]').waitFor({ timeout: 20000 });
  } catch (e) {
    const s = status(app);
    throw new Error(`not synced: ${await s.getAttribute('data-state')} ${await s.getAttribute('data-pending')} ${await s.getAttribute('title')}`);
  }
}

async function tag(app, phrase, key) {
  await app.dragSelect(phrase);
  await app.page.keyboard.press(key);
}

/** The open document's annotations as saved, comparable across profiles. */
async function annotations(app) {
  const doc = await app.savedDocument();
  return (doc?.annotations ?? [])
    .map(({ id, tag, start, end, note, annotator }) => ({ id, tag, start, end, note, annotator }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Waits until every profile lists `count` annotations, is synced, and has
 * saved the same ones; resolves to them. */
async function sameEverywhere(apps, count) {
  for (const app of apps) await app.items().nth(count - 1).waitFor({ timeout: 20000 });
  for (const app of apps) await synced(app);
  const deadline = Date.now() + 10000;
  for (;;) {
    const all = await Promise.all(apps.map(annotations));
    const same = all.every((x) => JSON.stringify(x) === JSON.stringify(all[0]));
    if ((same && all[0].length === count) || Date.now() > deadline) {
      for (const x of all) assert.deepEqual(x, all[0]);
      assert.equal(all[0].length, count);
      for (const app of apps) assert.equal(await app.items().count(), count);
      return all[0];
    }
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

describe('sync through CouchDB', () => {
  test('two annotators: edits flow both ways live, offline work catches up, a server restart loses nothing', async () => {
    await couch.database('team');
    const a = await connected('team', 'alice', 'Alice');
    const b = await connected('team', 'bob', 'Bob');
    await synced(a.app);
    await synced(b.app);
    assert.equal(await status(a.app).getAttribute('data-state'), 'synced');

    await tag(a.app, 'The US official', '2');
    await b.app.highlights('source').first().waitFor({ timeout: 10000 });
    await tag(b.app, 'In a surprising move', '1');
    await a.app.highlights('claim').first().waitFor({ timeout: 10000 });
    await sameEverywhere([a.app, b.app], 2);

    // Alice goes offline and works; Bob works too; she comes back.
    await a.context.setOffline(true);
    await tag(a.app, 'The private warning', '3');
    // Offline at once (the long poll under way is given up), her change waiting.
    await a.app.page.locator('[data-testid="sync-status"][data-state="offline"][data-pending="1"]').waitFor({ timeout: 10000 });
    await tag(b.app, 'a significant gesture', '1');
    await a.context.setOffline(false);
    await sameEverywhere([a.app, b.app], 4);

    // The server dies and comes back empty; the browsers fill it again.
    await couch.restart();
    await users();
    await couch.database('team');
    await tag(b.app, 'Regrettably', '2');
    const all = await sameEverywhere([a.app, b.app], 5);
    assert.equal(new Set(all.map((x) => x.annotator)).size, 2, 'two layers');
    assert.deepEqual(appErrors(a.app), []);
    assert.deepEqual(appErrors(b.app), []);
    await a.context.close();
    await b.context.close();
  });

  test('one annotator in two browsers edits one annotation: both versions survive until the user chooses', async () => {
    await couch.database('same');
    const a = await connected('same', 'carol', 'Carol');
    const a2 = await connected('same', 'carol', 'Carol');
    await synced(a.app);
    await tag(a.app, 'The US official', '2');
    await sameEverywhere([a.app, a2.app], 1);
    // Both offline, each writes a different note on the same annotation.
    for (const [x, note] of [[a, 'from the laptop'], [a2, 'from the desktop']]) {
      await x.context.setOffline(true);
      await x.app.items().first().click();
      await x.app.page.getByLabel('Note', { exact: true }).fill(note);
      await x.app.page.locator('[data-testid="sync-status"][data-pending="1"]').waitFor({ timeout: 10000 });
    }
    for (const x of [a, a2]) await x.context.setOffline(false);
    for (const x of [a, a2]) {
      await x.app.button('Sync').click();
      await x.app.page.getByTestId('sync-conflict').first().waitFor({ timeout: 20000 });
    }
    // Both show the same winner and offer the other version.
    const shown = await Promise.all([a, a2].map((x) => x.app.page.getByTestId('sync-conflict').first().textContent()));
    assert.equal(shown[0], shown[1]);
    assert.match(shown[0], /from the laptop/);
    assert.match(shown[0], /from the desktop/);
    const notes = await Promise.all([a, a2].map(async (x) => (await x.app.listed())[0].note));
    assert.equal(notes[0], notes[1], 'the same winner in both');
    const other = notes[0] === 'from the laptop' ? 'from the desktop' : 'from the laptop';
    await a.app.button('Keep the other version').click();
    for (const x of [a, a2]) {
      await x.app.page.getByTestId('sync-conflict').waitFor({ state: 'detached', timeout: 20000 });
      await x.app.page.waitForFunction((n) => document.querySelector('[data-testid="annotation-item"] .note')?.textContent === n, other, { timeout: 20000 });
    }
    await sameEverywhere([a.app, a2.app], 1);
    await a.context.close();
    await a2.context.close();
  });

  test('a wrong password, and a write the server refuses, get clear messages and lose nothing', async () => {
    const db = await couch.database('guarded');
    const { context, app } = await App.fresh(s.browser, s.server.url);
    await connect(app, 'guarded', 'dave', 'not-his');
    await app.page.getByTestId('sync-message').filter({ hasText: 'did not accept this user name and password' }).waitFor();
    assert.equal(await status(app).getAttribute('data-state'), 'error');
    await app.page.getByLabel('Password').fill('dave-pw');
    await app.button('Connect').click();
    await synced(app);
    // Nothing of the password is kept: not in storage, not in the address.
    const stored = await app.page.evaluate(() => JSON.stringify({ ...localStorage }));
    assert.ok(!stored.includes('dave-pw') && !stored.includes('not-his'), 'no password stored');
    assert.ok(!app.requests.some((u) => u.includes('dave-pw')), 'no password in a URL');

    // An admin prepares the database: each annotator writes only their own.
    const admin = await App.fresh(s.browser, s.server.url);
    await connect(admin.app, 'guarded', 'admin', 'admin-secret');
    await synced(admin.app);
    await admin.app.page.getByText('For an admin of the database').click();
    await admin.app.page.getByLabel('Members').fill('dave, bob');
    await admin.app.button('Prepare this database').click();
    await admin.app.page.getByTestId('sync-notice').filter({ hasText: 'Database prepared' }).waitFor();
    const security = await (await fetch(`${db}/_security`, { headers: { authorization: `Basic ${Buffer.from('admin:admin-secret').toString('base64')}` } })).json();
    assert.deepEqual(security.members.names.sort(), ['admin', 'bob', 'dave']);

    // Dave's own annotation goes through; the book of labels is the admin's.
    await tag(app, 'The US official', '2');
    await synced(app);
    const bob = await connected('guarded', 'bob', 'Bob');
    await bob.app.highlights('source').first().waitFor({ timeout: 20000 });
    await synced(bob.app);
    // Bob changes the codebook, which only an admin may: the server
    // refuses, his change stays here.
    await bob.app.button('Codebook').click();
    const guideline = bob.app.page.locator('[data-testid="codebook-label"]').first().getByLabel('Guideline');
    await guideline.fill('Only what the text asserts.');
    await guideline.blur();
    await bob.app.button('Sync').click();
    await bob.app.page.getByTestId('sync-message').waitFor({ timeout: 20000 });
    assert.match(await bob.app.page.getByTestId('sync-message').textContent(),
      /^The server refused 1 change: only an admin can change the label set and codebook/);
    assert.equal(await status(bob.app).getAttribute('data-state'), 'error');
    assert.ok(Number(await status(bob.app).getAttribute('data-pending')) >= 1, 'kept here, waiting');
    assert.equal(await app.items().count(), 1, 'Dave still has his annotation');
    await bob.app.button('Codebook').click();
    assert.equal(await guideline.inputValue(), 'Only what the text asserts.', 'Bob keeps his change');
    for (const x of [app, admin.app, bob.app]) assert.deepEqual(appErrors(x), []);
    await context.close();
    await admin.context.close();
    await bob.context.close();
  });

  test('chosen documents: one not ticked is neither sent nor brought in, and comes once ticked', async () => {
    await couch.database('chosen');
    const { context, app } = await App.fresh(s.browser, s.server.url);
    const field = app.page.getByLabel('Annotator name');
    await field.fill('Erin');
    await field.press('Enter');
    await app.openFile('private.txt', 'Private notes\n\nA draft nobody else should see yet.\n');
    await app.documents().nth(1).waitFor();
    await app.waitForSaved((d) => d.title === 'Private notes');
    const secret = await app.page.evaluate(() => JSON.parse(localStorage.getItem('marginalia:index')).current);
    await tag(app, 'A draft', '1');
    await app.waitForSaved((d) => d.annotations.length === 1);
    await app.button('Sync').click();
    await app.page.getByLabel('Chosen documents').check();
    await app.page.getByRole('checkbox', { name: 'Private notes' }).uncheck();
    await connect(app, 'chosen', 'carol', 'carol-pw');
    await synced(app);
    const bob = await connected('chosen', 'bob', 'Bob');
    await synced(bob.app);
    assert.equal(await bob.app.documents().count(), 1, 'only the article chosen came');
    const docs = await call(`${couch.url}chosen/_all_docs`, { auth: ADMIN });
    assert.ok(docs.json.rows.length > 1, 'the chosen article was sent');
    assert.ok(!docs.json.rows.some((r) => r.id.startsWith(`m:${secret}`)), 'nothing of the private document was sent');
    // Bob's work on the shared article does not reach the document not
    // chosen, and Erin's untouched library keeps both.
    assert.equal(await app.documents().count(), 2);
    await app.page.getByRole('checkbox', { name: 'Private notes' }).check();
    await bob.app.documents().nth(1).waitFor({ timeout: 20000 });
    await bob.app.documents().filter({ hasText: 'Private notes' }).locator('.open-document').click();
    await bob.app.highlights('claim').first().waitFor({ timeout: 20000 });
    for (const x of [app, bob.app]) assert.deepEqual(appErrors(x), []);
    await context.close();
    await bob.context.close();
  });
});

/** The page's errors but the browser's own lines for failed requests
 * (a server offline or refusing is what these tests do). */
function appErrors(app) {
  return app.errors.filter((e) => !/Failed to load resource/.test(e));
}
