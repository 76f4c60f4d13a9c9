// Sync figures for the benchmark, against a real CouchDB-protocol server
// (pouchdb-server, in memory, on 127.0.0.1, started and stopped here):
// - upload: a profile holding the case's document connects to an empty
//   database; from Connect to the status "synced" with nothing waiting;
// - download: a fresh profile connects to that database; from Connect to
//   "synced" with the document in its library;
// - latency (once per sitting, on the default article): two profiles
//   connected; from a key press tagging a word in one to the annotation
//   listed in the other, over 20 edits.
// Documents per second count the server's documents after the upload.
import { App } from '../e2e/support/app.mjs';
import { ADMIN, call, startCouch } from '../e2e/support/couch.mjs';

const LATENCY_EDITS = 20;
const SYNCED = '[data-testid="sync-status"][data-state="synced"][data-pending="0"]';

async function withCouch(f) {
  const couch = await startCouch();
  try {
    for (const u of ['alice', 'bob']) await couch.user(u, `${u}-pw`);
    return await f(couch);
  } finally {
    await couch.stop();
  }
}

async function profile(browser, url, name) {
  const { context, app } = await App.fresh(browser, url);
  const field = app.page.getByLabel('Annotator name');
  await field.fill(name);
  await field.press('Enter');
  return { context, app };
}

/** Fills in the sync settings; `go` presses Connect. */
async function signIn(app, db, user) {
  await app.button('Sync').click();
  await app.page.getByLabel('Server URL').fill(db);
  await app.page.getByLabel('User name').fill(user);
  await app.page.getByLabel('Password').fill(`${user}-pw`);
  return () => app.button('Connect').click();
}

async function synced(app, timeout) {
  await app.page.locator(SYNCED).waitFor({ timeout });
}

const heading = (page, n, timeout) => page.waitForFunction(
  (n) => document.getElementById('annotations-heading')?.textContent === `Annotations (${n})`,
  n, { timeout, polling: 50 },
);

/** How many documents the profile's library holds (their heads). */
const libraryDocs = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('marginalia:head:')).length);

/** Waits until the replica is stored after the first sync (it is written
 * at most once a second), or the status says it is not kept. */
const replicaWritten = (page) => page.waitForFunction(() => {
  const raw = localStorage.getItem('marginalia:sync:replica');
  if (raw && JSON.parse(raw).replica.since !== null) return true;
  return document.querySelector('[data-testid="sync-status"]')?.classList.contains('unkept');
}, null, { timeout: 60_000, polling: 200 });

/** Bytes of localStorage (UTF-16, as Chromium counts against its quota):
 * in all, of the sync's replica, and the status's words. */
const storageBytes = async (page) => (await replicaWritten(page), page.evaluate(() => {
  let n = 0;
  for (const k of Object.keys(localStorage)) n += 2 * (k.length + localStorage.getItem(k).length);
  const replica = 2 * (localStorage.getItem('marginalia:sync:replica')?.length ?? 0);
  const status = document.querySelector('[data-testid="sync-status"]');
  return { bytes: n, replica, status: status?.getAttribute('title') ?? status?.textContent };
}));

/**
 * First sync of the case's document (`file`, with `annotations`), `runs`
 * times: { upload, download } in ms, the server's document count and the
 * profiles' localStorage sizes.
 */
export async function measureFirstSync(browser, url, { file, annotations, runs }) {
  return withCouch(async (couch) => {
    const out = { upload: [], download: [], serverDocs: null, storageA: null, storageB: null, errors: [] };
    const timeout = 15 * 60_000;
    for (let run = 0; run < runs; run++) {
      const db = await couch.database(`bench-${run}`);
      const a = await profile(browser, url, 'Alice');
      await a.app.page.getByLabel('Import annotations').setInputFiles(file);
      await heading(a.app.page, annotations, 120_000);
      const docs = await libraryDocs(a.app.page);
      const goA = await signIn(a.app, db, 'alice');
      let t0 = Date.now();
      await goA();
      await synced(a.app, timeout);
      out.upload.push(Date.now() - t0);
      out.serverDocs = (await call(db, { auth: ADMIN })).json?.doc_count ?? null;
      out.storageA = await storageBytes(a.app.page);

      const b = await profile(browser, url, 'Bob');
      const goB = await signIn(b.app, db, 'bob');
      t0 = Date.now();
      await goB();
      await synced(b.app, timeout);
      await b.app.page.waitForFunction((n) => Object.keys(localStorage).filter((k) => k.startsWith('marginalia:head:')).length >= n, docs, { timeout, polling: 50 });
      out.download.push(Date.now() - t0);
      out.storageB = await storageBytes(b.app.page);
      out.errors.push(...a.app.errors, ...b.app.errors);
      await a.context.close();
      await b.context.close();
    }
    return out;
  });
}

/** Words of the article that occur once, of 6 letters or more. */
async function uniqueWords(page, count) {
  const text = (await page.getByTestId('paragraph').allTextContents()).join('\n');
  const all = text.match(/\p{L}{6,}/gu) ?? [];
  const seen = new Map();
  for (const w of all) seen.set(w, (seen.get(w) ?? 0) + 1);
  const once = [...seen].filter(([w, n]) => n === 1 && text.split(w).length === 2).map(([w]) => w);
  if (once.length < count) throw new Error(`only ${once.length} unique words`);
  return once.slice(0, count);
}

/** Records in the page the wall-clock time each annotation count is first
 * listed (a MutationObserver: no polling in the measured stretch). */
function watchCount() {
  window.__seen = {};
  const look = () => {
    const m = /\((\d+)\)/.exec(document.getElementById('annotations-heading')?.textContent ?? '');
    if (m && !(m[1] in window.__seen)) window.__seen[m[1]] = Date.now();
  };
  new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
  look();
}

/** From an edit in one profile to its listing in the other: ms per edit. */
export async function measureLatency(browser, url) {
  return withCouch(async (couch) => {
    const db = await couch.database('latency');
    const a = await profile(browser, url, 'Alice');
    const b = await profile(browser, url, 'Bob');
    await (await signIn(a.app, db, 'alice'))();
    await synced(a.app, 60_000);
    await (await signIn(b.app, db, 'bob'))();
    await synced(b.app, 60_000);
    await synced(a.app, 60_000);
    // Both profiles open the default article: one document, both sides.
    const base = await b.app.items().count();
    await b.app.page.evaluate(watchCount);
    const words = await uniqueWords(a.app.page, LATENCY_EDITS);
    const out = [];
    for (const [i, word] of words.entries()) {
      await a.app.dragSelect(word);
      const t0 = Date.now();
      await a.app.page.keyboard.press('1');
      const n = base + i + 1;
      await b.app.page.waitForFunction((n) => window.__seen[n], n, { timeout: 30_000 });
      out.push((await b.app.page.evaluate((n) => window.__seen[n], n)) - t0);
    }
    const errors = [...a.app.errors, ...b.app.errors];
    await a.context.close();
    await b.context.close();
    return { ms: out, errors };
  });
}

const middle = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};

/** The benchmark table's rows for a case's first sync. */
export function firstSyncRows(sync, fmt) {
  if (!sync) return [];
  const up = middle(sync.upload);
  const down = middle(sync.download);
  const rate = (ms) => (ms && sync.serverDocs ? `${Math.round(sync.serverDocs / (ms / 1000))} docs/s` : '—');
  const size = (n) => (n < 1e6 ? `${Math.round(n / 1e3)} KB` : `${(n / 1e6).toFixed(1)} MB`);
  const mb = (b) => (b == null ? '—' : `${size(b.bytes)} (replica ${b.replica ? size(b.replica) : 'not kept'})`);
  return [
    [`  first sync to an empty server (${sync.serverDocs} documents): Connect → synced`, `${fmt(up / 1000, 's')} (${rate(up)})`],
    ['  first sync from it to a fresh profile: Connect → synced, document in the library', `${fmt(down / 1000, 's')} (${rate(down)})`],
    ['    localStorage after sync, uploader / fresh profile (UTF-16)', `${mb(sync.storageA)} / ${mb(sync.storageB)}`],
  ];
}

/** The table's row for the edit-to-other-profile latency. */
export function latencyRows(latency, fmt) {
  if (!latency) return [];
  const ms = latency.ms;
  return [[`sync: an edit in one profile → listed in the other, median of ${ms.length} (goal ≤ 1 s; max)`, `${fmt(middle(ms))} (${fmt(Math.max(...ms))})`]];
}
