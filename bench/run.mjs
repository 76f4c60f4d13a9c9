// Marginalia's performance benchmark. Runs the release build in Debian's
// headless Chromium on 127.0.0.1 and measures, per case (medians over runs):
// time from navigation to the article shown and interactive; main-thread time
// from a key press to the next painted frame for add / retag / remove / undo;
// import and export times; JS heap, wasm memory and DOM size; and, in the same
// run, two baselines on the same text: the plain-paragraph layout floor and
// Recogito's text-annotator 4.1.1; the first sync of each case through a
// CouchDB-protocol server and an edit's way to a second profile (sync.mjs).
// Prints a table and writes JSON to
// target/bench/latest.json. A benchmark, not a test: it only fails if it
// cannot run.
//
//   node bench/run.mjs [--case small|medium|large|all] [--runs N] [--out FILE]
//                      [--quick] [--dist DIR] [--thread-time]
//
// --quick (for iterating on the app): only our load and edits; no
// baselines, export or re-anchoring. --dist: another build than
// target/dist-release (e.g. to compare two builds in one sitting).
// --thread-time: Chromium's task counter in main-thread CPU time instead of
// wall time (steadier when other work shares the machine).
//
// Two environment variables print where the main thread's time goes (for
// finding it, not for the figures): BENCH_DEBUG=MS lists each reload task of
// MS ms or more with its parts (scripts, layout, paint); BENCH_EDIT_DEBUG=MS
// lists, for every measured sample (edits, import, export, re-anchoring),
// the main thread's events of MS ms or more from the event to the frame.
// BENCH_PROFILE=N prints, per sample, the N functions with the most self
// time (V8's sampling profiler; give --dist a build that keeps wasm names).
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { serve } from '../e2e/support/server.mjs';
import { ARGS, CHROMIUM } from '../e2e/support/app.mjs';
import { CASES, edited, layered, workload } from './workload.mjs';
import { writePages } from './pages.mjs';
import { firstSyncRows, latencyRows, measureFirstSync, measureLatency } from './sync.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const cases = arg('case', 'all') === 'all' ? Object.keys(CASES) : arg('case').split(',');
const RUNS = Number(arg('runs', 5));
const QUICK = process.argv.includes('--quick');
// Chromium's task counter in thread time (CPU time of the main thread)
// instead of wall time: steadier on a loaded machine.
const TIME_DOMAIN = process.argv.includes('--thread-time') ? 'threadTicks' : 'timeTicks';
const OUT = arg('out', join(root, 'target', 'bench', 'latest.json'));
const DIST = arg('dist', join(root, 'target', 'dist-release'));
const SITE = join(root, 'target', 'bench', 'site');
/** The team's shared material (the saved news pages). */
const SHARED = process.env.MARGINALIA_SHARED ?? join(root, '..', 'shared');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.map((x) => Math.round(x * 10) / 10) });
/**
 * Statistics of samples `{ wall, main, event, tasks }`: main-thread time
 * (the headline), wall time, main-thread time from the key press or click,
 * and Chromium's `TaskDuration` delta around the event (see `sample`).
 */
const both = (samples) => ({
  ...stats(samples.map((x) => x.main)),
  wall: stats(samples.map((x) => x.wall)),
  event: stats(samples.map((x) => x.event)),
  tasks: stats(samples.map((x) => x.tasks)),
  longest: stats(samples.map((x) => x.longest)),
});

// Runs in every page before its own scripts: records when the page is shown
// (the first painted frame after `expect` holds), and measures key presses
// and clicks from the event to the next painted frame.
function probe(expect) {
  // The first moment after the next frame has been painted.
  const frame = () => new Promise((ok) => requestAnimationFrame(() => {
    const c = new MessageChannel();
    c.port1.onmessage = () => ok(performance.now());
    c.port2.postMessage(0);
  }));
  // Samples are pushed through `record`, which wakes `next(n)` (a wait
  // without polling: a polling wait would add its own tasks to the
  // measured stretch).
  const waiters = [];
  const record = (x) => {
    window.__bench.samples.push(x);
    for (const w of waiters.splice(0)) w();
  };
  const next = (n) => new Promise((ok) => {
    const check = () => (window.__bench.samples.length > n ? ok(window.__bench.samples[n]) : waiters.push(check));
    check();
  });
  window.__bench = { frame, samples: [], record, next };
  const shown = () => {
    if (expect.kind === 'floor') return document.querySelectorAll('#content p').length === expect.paragraphs;
    if (expect.kind === 'recogito') return window.__ready === true;
    const heading = document.getElementById('annotations-heading');
    return !!heading && heading.textContent === `Annotations (${expect.annotations})`
      && document.querySelectorAll('[data-testid="paragraph"]').length === expect.paragraphs;
  };
  const poll = () => {
    if (shown()) {
      frame().then((t) => {
        performance.mark('bench:shown');
        window.__bench.shownAt = t;
      });
    }
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
  // Import: from the file input's change event to the frame painted once
  // the list shows the expected count.
  addEventListener('change', (e) => {
    if (!window.__bench.measure || !e.target.matches?.('input[type="file"]')) return;
    const t0 = e.timeStamp;
    performance.mark('bench:start');
    const done = () => (window.__bench.summary
      ? !!document.querySelector('[data-testid="import-panel"]')
      : document.getElementById('annotations-heading')?.textContent === `Annotations (${expect.annotations})`);
    const wait = () => {
      if (done()) {
        frame().then((t1) => {
          performance.mark('bench:end');
          window.__bench.record(t1 - t0);
        });
      } else requestAnimationFrame(wait);
    };
    requestAnimationFrame(wait);
  }, true);
  // A key press or click: time from the event to the next frame painted.
  // The browser runs with its frame-rate limit off (see launchUnthrottled),
  // so a frame is drawn as soon as the pipeline is free. The user-timing
  // marks let the trace (see `sample`) add up the main thread's own work
  // between the start and the painted frame.
  for (const type of ['keydown', 'click']) {
    addEventListener(type, (e) => {
      if (!window.__bench.measure || ['Control', 'Shift', 'Alt', 'Meta'].includes(e.key)) return;
      if (window.__bench.only && e.type !== window.__bench.only) return;
      const t0 = e.timeStamp;
      if (!window.__bench.started) performance.mark('bench:start');
      performance.mark('bench:event');
      frame().then((t1) => {
        performance.mark('bench:end');
        window.__bench.record(t1 - t0);
      });
    }, true);
  }
}

/** Debian's Chromium, headless, drawing frames without waiting for vsync. */
async function launchUnthrottled() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, '--disable-frame-rate-limit', '--disable-gpu-vsync'] });
}

async function newPage(browser, expect) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
  await context.addInitScript(probe, expect);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

const shownAt = (page) => page.waitForFunction(() => window.__bench.shownAt, null, { timeout: 120_000, polling: 50 }).then((h) => h.jsonValue());

/**
 * The renderer main thread's busy time in a trace, from the start of the task
 * that set the `bench:start` mark to the `bench:end` mark (idle gaps, e.g.
 * waiting for the compositor or a timer, are not counted).
 */
function mainThreadTime(events, from = 'bench:start') {
  const mark = (name) => events.filter((e) => e.name === name && e.cat?.includes('user_timing')).at(-1);
  const [start, end] = [mark(from), mark('bench:end')];
  if (!start || !end) return null;
  const tasks = events
    .filter((e) => e.ph === 'X' && e.pid === start.pid && e.tid === start.tid && e.cat?.split(',').includes('toplevel'))
    .map((e) => [e.ts, e.ts + (e.dur ?? 0)])
    .sort((a, b) => a[0] - b[0]);
  let busy = 0, reach = tasks.find(([a, b]) => a <= start.ts && start.ts <= b)?.[0] ?? start.ts;
  for (const [a, b] of tasks) {
    const [lo, hi] = [Math.max(a, reach), Math.min(b, end.ts)];
    if (hi > lo) busy += hi - lo;
    reach = Math.max(reach, Math.min(b, end.ts));
  }
  return busy / 1000;
}

/**
 * The longest renderer main-thread task (ms, whole) that overlaps the
 * stretch from the `bench:start` mark to `bench:end`: with the format
 * engine in a worker, an import must leave no task over 50 ms.
 */
function longestTask(events) {
  const mark = (name) => events.filter((e) => e.name === name && e.cat?.includes('user_timing')).at(-1);
  const [start, end] = [mark('bench:start'), mark('bench:end')];
  if (!start || !end) return null;
  return events
    .filter((e) => e.ph === 'X' && e.pid === start.pid && e.tid === start.tid && e.cat?.split(',').includes('toplevel'))
    .filter((e) => e.ts <= end.ts && e.ts + (e.dur ?? 0) >= start.ts)
    .reduce((m, e) => Math.max(m, (e.dur ?? 0) / 1000), 0);
}

/** Prints the main thread's tasks from `bench:event` to `bench:end` with their parts (debugging). */
function dumpMainThread(events) {
  const mark = (name) => events.filter((e) => e.name === name && e.cat?.includes('user_timing')).at(-1);
  const [start, end] = [mark('bench:event') ?? mark('bench:start'), mark('bench:end')];
  if (!start || !end) return;
  const min = +process.env.BENCH_EDIT_DEBUG || 0.3;
  const on = events.filter((e) => e.ph === 'X' && e.pid === start.pid && e.tid === start.tid && e.ts + (e.dur ?? 0) >= start.ts - 3000 && e.ts <= end.ts);
  console.log(`--- ${((end.ts - start.ts) / 1000).toFixed(1)} ms from event to end`);
  for (const e of on.filter((e) => (e.dur ?? 0) >= min * 1000).sort((a, b) => a.ts - b.ts)) {
    const d = e.args?.data;
    console.log(`  +${((e.ts - start.ts) / 1000).toFixed(1).padStart(6)} ${((e.dur ?? 0) / 1000).toFixed(2).padStart(6)} ${e.name} ${d?.type ?? d?.functionName ?? ''}`);
  }
}

/** Starts V8's sampling profiler (BENCH_PROFILE: finding where an edit's time goes). */
async function startProfile(cdp) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
}

/**
 * Stops the profiler and prints the BENCH_PROFILE functions with the most
 * self time (wasm names need a build that keeps them, e.g. trunk's
 * `data-keep-debug`).
 */
async function dumpProfile(cdp) {
  const { profile } = await cdp.send('Profiler.stop');
  const step = new Map();
  profile.samples.forEach((id, i) => step.set(id, (step.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const self = new Map();
  for (const node of profile.nodes) {
    const name = node.callFrame.functionName || `(${node.callFrame.url.split('/').at(-1) || 'anonymous'})`;
    self.set(name, (self.get(name) ?? 0) + (step.get(node.id) ?? 0));
  }
  const top = [...self].filter(([n]) => n !== '(idle)' && n !== '(program)').sort((a, b) => b[1] - a[1]).slice(0, +process.env.BENCH_PROFILE || 25);
  console.log('--- profile (self ms)');
  for (const [name, us] of top) console.log(`  ${(us / 1000).toFixed(2).padStart(7)} ${name.slice(0, 140)}`);
}

/** Chromium's `TaskDuration` counter (seconds of renderer main-thread task time so far). */
async function taskDuration(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration').value;
}

/**
 * Runs `act` and waits for the next measured sample: returns `{ wall, main,
 * event, tasks }`: the wall time from the event to the next painted frame,
 * the main thread's busy time over the same stretch (from a CDP trace), the
 * same from the key press or click (`event`), and Chromium's own count of
 * main-thread task time (`Performance.getMetrics` `TaskDuration`) from just
 * before `act` to the painted frame. With `fromNow`, `prepare` marks where
 * the main-thread time starts (e.g. to include a mouse selection before the
 * key press; see `dragSelect`); `prepare` runs before the task counter is
 * read, so `tasks` covers `act` alone.
 */
async function sample(page, act, { fromNow = false, only = null, summary = false, prepare = null } = {}) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const complete = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Performance.enable', { timeDomain: TIME_DOMAIN });
  const cats = process.env.BENCH_EDIT_DEBUG ? 'toplevel,blink.user_timing,devtools.timeline,v8.execute,blink,cc,input' : 'toplevel,blink.user_timing';
  await cdp.send('Tracing.start', { categories: cats, transferMode: 'ReportEvents' });
  const before = await page.evaluate(({ fromNow, only, summary }) => {
    performance.clearMarks();
    Object.assign(window.__bench, { measure: true, started: fromNow, only, summary });
    return window.__bench.samples.length;
  }, { fromNow, only, summary });
  if (prepare) await prepare();
  const t0 = await taskDuration(cdp);
  if (process.env.BENCH_PROFILE) await startProfile(cdp);
  await act();
  const wall = await page.evaluate((n) => window.__bench.next(n), before);
  if (process.env.BENCH_PROFILE) await dumpProfile(cdp);
  const tasks = (await taskDuration(cdp)) - t0;
  await page.evaluate(() => Object.assign(window.__bench, { measure: false, started: false, only: null, summary: false }));
  await cdp.send('Tracing.end');
  await complete;
  await cdp.send('Performance.disable');
  await cdp.detach();
  const main = mainThreadTime(events);
  if (main == null) throw new Error('trace without the bench marks');
  if (process.env.BENCH_EDIT_DEBUG) dumpMainThread(events);
  return { wall, main, event: mainThreadTime(events, 'bench:event') ?? main, tasks: tasks * 1000, longest: longestTask(events) };
}

/**
 * Reloads the page and returns `{ shown, longest, longestCpu, over50 }`:
 * navigation to the article shown (ms), and the longest renderer main-thread
 * task from the reload to the shown frame, in wall time and in the thread's
 * CPU time, with the number of tasks of 50 ms or more (from a CDP trace; the
 * main thread is the one that set the `bench:shown` mark).
 */
async function reloadTraced(page) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const complete = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  const cats = process.env.BENCH_DEBUG ? 'toplevel,blink.user_timing,devtools.timeline,v8.execute' : 'toplevel,blink.user_timing';
  await cdp.send('Tracing.start', { categories: cats, transferMode: 'ReportEvents' });
  await page.reload();
  const shown = await shownAt(page);
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  const mark = events.filter((e) => e.name === 'bench:shown' && e.cat?.includes('user_timing')).at(-1);
  if (!mark) throw new Error('trace without the shown mark');
  const tasks = events
    .filter((e) => e.ph === 'X' && e.pid === mark.pid && e.tid === mark.tid && e.cat?.split(',').includes('toplevel') && e.ts <= mark.ts);
  const wall = tasks.map((e) => (e.dur ?? 0) / 1000);
  const cpu = tasks.map((e) => (e.tdur ?? e.dur ?? 0) / 1000);
  if (process.env.BENCH_DEBUG) {
    for (const t of tasks.filter((e) => e.dur >= (+process.env.BENCH_DEBUG || 15) * 1000)) {
      const inner = events.filter((e) => e.ph === 'X' && e.tid === t.tid && e.pid === t.pid && e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur && (e.dur ?? 0) >= 2000);
      console.log(`task ${(t.dur / 1000).toFixed(1)} ms (cpu ${((t.tdur ?? 0) / 1000).toFixed(1)}) at ${((t.ts - mark.ts) / 1000).toFixed(0)}: ${t.name}`);
      for (const e of inner) console.log(`   ${(e.dur / 1000).toFixed(1)} (cpu ${((e.tdur ?? 0) / 1000).toFixed(1)}) ${e.name} ${e.args?.data?.url ?? e.args?.data?.functionName ?? e.args?.data?.type ?? ''}`);
    }
  }
  return { shown, longest: Math.max(0, ...wall), longestCpu: Math.max(0, ...cpu), over50: wall.filter((d) => d >= 50).length };
}

/** Client coordinates of the start of word `from` and the end of word `to - 1` in `p`. */
function wordPoints(p, { from, to }) {
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  const points = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (const m of n.data.matchAll(/\S+/g)) points.push([n, m.index, m.index + m[0].length]);
  }
  const [a, b] = [points[from], points[Math.min(to, points.length) - 1]];
  const at = (node, offset, side) => {
    const r = document.createRange();
    r.setStart(node, side === 'start' ? offset : offset - 1);
    r.setEnd(node, side === 'start' ? offset + 1 : offset);
    const box = r.getClientRects()[0];
    return { x: side === 'start' ? box.left + 1 : box.right - 1, y: box.top + box.height / 2 };
  };
  return [at(a[0], a[1], 'start'), at(b[0], b[2], 'end')];
}

/**
 * Selects words [from, to) of paragraph element `p` by dragging the mouse, as
 * a person would; with `release: false` the button is left down (the caller
 * releases it, e.g. to measure what the release does).
 */
async function dragSelect(page, handle, from, to, { release = true } = {}) {
  await handle.evaluate((p) => p.scrollIntoView({ block: 'center' }));
  await page.evaluate(() => window.__bench.frame());
  const [a, b] = await handle.evaluate(wordPoints, { from, to });
  // The measured stretch starts here, with the gesture (see `sample`).
  await page.evaluate(() => performance.mark('bench:start'));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 2 });
  await page.mouse.move(b.x, b.y);
  if (!release) return null;
  await page.mouse.up();
  return page.evaluate(() => getSelection().toString());
}

/** Waits until the open document is stored with `count` relations (pages 0, 1…). */
async function savedRelations(page, count) {
  await page.waitForFunction((count) => {
    const index = JSON.parse(localStorage.getItem('marginalia:index') ?? 'null');
    let n = 0;
    for (let k = 0; ; k++) {
      const stored = localStorage.getItem(`marginalia:rel:${index?.current}:${k}`);
      if (stored === null) return n === count;
      n += JSON.parse(stored).length;
    }
  }, count, { timeout: 60_000, polling: 20 });
}

/** Waits until the stored library index shows `count` annotations for the open document. */
async function saved(page, count) {
  await page.waitForFunction((count) => {
    const index = JSON.parse(localStorage.getItem('marginalia:index') ?? 'null');
    return index?.documents.some((d) => d.id === index.current && d.annotations === count);
  }, count, { timeout: 60_000, polling: 20 }).catch(async (e) => {
    const state = await page.evaluate(() => [localStorage.getItem('marginalia:index'), document.querySelector('[role=alert]')?.textContent]);
    throw new Error(`not saved with ${count} annotations: ${JSON.stringify(state)}`, { cause: e });
  });
}

async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const js = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null;
  return page.evaluate((js) => ({
    jsHeapMB: js / 1e6,
    wasmMB: (window.marginaliaMemory?.buffer.byteLength ?? 0) / 1e6,
    domNodes: document.getElementsByTagName('*').length,
  }), js);
}

async function measureOurs(browser, url, w, file, editedFile) {
  const out = { import: [], load: [], loadLongest: [], loadLongestCpu: [], loadOver50: [], add: [], retag: [], remove: [], undo: [], linkOpen: [], link: [], unlink: [], export: [], reanchor: [], longTasks: [], first: { add: [], retag: [], remove: [], undo: [] } };
  let mem = null;
  let summary = null;
  const expect = { kind: 'app', paragraphs: w.paragraphs.length, annotations: w.annotations.length };
  for (let run = 0; run < RUNS; run++) {
    const { context, page, errors } = await newPage(browser, expect);
    await page.goto(url);
    await page.getByTestId('paragraph').first().waitFor();
    // Import (from the file input's change event to the painted frame).
    out.import.push(await sample(page, () => page.getByLabel('Import annotations').setInputFiles(file)));
    await saved(page, w.annotations.length);
    // Load: navigation to the article shown with its annotations, and the
    // longest main-thread task on the way.
    const reload = await reloadTraced(page);
    out.load.push(reload.shown);
    out.loadLongest.push(reload.longest);
    out.loadLongestCpu.push(reload.longestCpu);
    out.loadOver50.push(reload.over50);
    await page.evaluate(() => new PerformanceObserver((l) => { (window.__long ??= []).push(...l.getEntries().map((e) => e.duration)); }).observe({ type: 'longtask', buffered: false }));
    // One annotation added, retagged, removed, and brought back by undo; the
    // first round after loading is measured apart (code not yet optimised
    // by the browser), the next rounds make the steady-state figures.
    let n = w.annotations.length;
    for (let round = 0; round < 3; round++) {
      const into = round === 0 ? out.first : out;
      const paragraph = await page.getByTestId('paragraph').nth((run + round) % Math.min(3, w.paragraphs.length)).elementHandle();
      // Add: a mouse selection, then the key press; the main-thread time
      // covers both, the wall time runs from the key press.
      into.add.push(await sample(page, () => page.keyboard.press('1'), {
        fromNow: true,
        only: 'keydown',
        prepare: () => dragSelect(page, paragraph, 1 + run + 5 * round, 4 + run + 5 * round),
      }));
      await saved(page, n + 1);
      into.retag.push(await sample(page, () => page.keyboard.press('2')));
      into.remove.push(await sample(page, () => page.keyboard.press('Delete')));
      await saved(page, n);
      into.undo.push(await sample(page, () => page.keyboard.press('Control+z')));
      await saved(page, n + 1);
      n += 1;
    }
    // A relation from the selected annotation (made a quote first): L opens
    // the choice of its other end, Enter links it to the nearest source,
    // undo removes it again; with the workload's relations loaded.
    await page.keyboard.press('3');
    out.linkOpen.push(await sample(page, () => page.keyboard.press('l')));
    out.link.push(await sample(page, () => page.keyboard.press('Enter')));
    await savedRelations(page, w.relations.length + 1);
    out.unlink.push(await sample(page, () => page.keyboard.press('Control+z')));
    await savedRelations(page, w.relations.length);
    // Long tasks while editing (autosave included), before the export.
    out.longTasks.push(...(await page.evaluate(() => window.__long ?? [])));
    if (QUICK) {
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      await context.close();
      continue;
    }
    const download = page.waitForEvent('download');
    out.export.push(await sample(page, () => page.getByRole('button', { name: 'Export', exact: true }).click()));
    await download;
    // Re-anchoring: the W3C export (made by the app) imported onto an
    // edited copy of the article, from the file input's change event to
    // the import summary painted.
    const w3c = page.waitForEvent('download');
    await page.locator('.export-menu > summary').click();
    await page.locator('.export-menu').getByRole('button', { name: 'W3C Web Annotation (JSON-LD)', exact: true }).click();
    const w3cFile = await (await w3c).path();
    await page.getByLabel('Open article').setInputFiles(editedFile);
    await page.getByRole('heading', { name: 'Annotations (0)' }).waitFor({ timeout: 60_000 });
    out.reanchor.push(await sample(page, () => page.getByLabel('Import annotations').setInputFiles(w3cFile), { summary: true }));
    const panel = page.getByTestId('import-panel');
    if (run === RUNS - 1) {
      summary = Object.fromEntries(await panel.locator('[data-outcome]').evaluateAll((items) => items
        .filter((li) => li.closest('.outcomes'))
        .map((li) => [li.dataset.outcome, Number(li.querySelector('.n').textContent)])));
    }
    if (run === RUNS - 1) mem = await memory(page);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    await context.close();
  }
  const plain = ['load', 'loadLongest', 'loadLongestCpu', 'loadOver50'];
  const result = Object.fromEntries(Object.entries(out).filter(([k, v]) => !['longTasks', 'first'].includes(k) && v.length).map(([k, v]) => [k, plain.includes(k) ? stats(v) : both(v)]));
  result.first = Object.fromEntries(Object.entries(out.first).map(([k, v]) => [k, both(v)]));
  result.longestTaskAfterChanges = out.longTasks.length ? Math.max(...out.longTasks) : 0;
  return { ...result, reanchorSummary: summary, memory: mem };
}

/**
 * Agreement of three annotators (each with the case's count of
 * annotations, see `layered`): from the click on Agreement (or on a layer's
 * toggle) to the table of figures shown, computed in the format engine;
 * with the longest main-thread task on the way. `cold` includes starting
 * the engine; `warm` is the figures asked again after a layer was hidden
 * and shown.
 */
async function measureAgreement(browser, url, file, expect) {
  const count = expect.annotations;
  const out = { cold: [], warm: [], coldLongest: [], warmLongest: [], compare: [], acceptAll: [] };
  for (let run = 0; run < RUNS; run++) {
    const { context, page, errors } = await newPage(browser, expect);
    await page.goto(url);
    await page.getByTestId('paragraph').first().waitFor();
    await page.getByLabel('Import annotations').setInputFiles(file);
    await saved(page, count);
    const timed = (act) => page.evaluate(async (act) => {
      const longest = [];
      const observer = new PerformanceObserver((l) => longest.push(...l.getEntries().map((e) => e.duration)));
      observer.observe({ type: 'longtask', buffered: false });
      const three = () => {
        const el = document.querySelector('[data-testid="agreement"] [data-measure="fleiss_kappa"]');
        return el && el.dataset.annotators.split('|').length === 3;
      };
      const toggle = () => document.querySelector('[data-testid="layer-toggle"][data-annotator="Cy"] input');
      const until = (ok) => new Promise((done) => { const f = () => (ok() ? done() : requestAnimationFrame(f)); f(); });
      let t0;
      if (act === 'open') {
        t0 = performance.now();
        [...document.querySelectorAll('button')].find((b) => b.textContent === 'Agreement').click();
      } else {
        toggle().click();
        await until(() => document.querySelector('[data-testid="agreement"] [data-measure="fleiss_kappa"]') && !three());
        t0 = performance.now();
        toggle().click();
      }
      await until(three);
      const t = performance.now() - t0;
      await new Promise((ok) => setTimeout(ok, 0));
      observer.disconnect();
      return { t, longest: Math.max(0, ...longest) };
    }, act);
    const cold = await timed('open');
    out.cold.push(cold.t);
    out.coldLongest.push(cold.longest);
    const warm = await timed('toggle');
    out.warm.push(warm.t);
    out.warmLongest.push(warm.longest);
    // Compare: from the click to the list of disagreements shown (in the
    // page), then Accept all agreements to the gold layer's count shown.
    const compared = await page.evaluate(async () => {
      const until = (ok) => new Promise((done) => { const f = () => (ok() ? done() : requestAnimationFrame(f)); f(); });
      const button = (name) => [...document.querySelectorAll('button')].find((b) => b.textContent === name);
      let t0 = performance.now();
      button('Compare').click();
      await until(() => document.querySelector('[data-testid="disagreement"]'));
      const open = performance.now() - t0;
      t0 = performance.now();
      button('Accept all agreements').click();
      await until(() => document.querySelector('[data-testid="layer-toggle"][data-annotator="Gold"]'));
      return { open, accept: performance.now() - t0, disagreements: Number(document.querySelector('[data-testid="compare-summary"]').dataset.disagreements) };
    });
    out.compare.push(compared.open);
    out.acceptAll.push(compared.accept);
    out.disagreements = compared.disagreements;
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    await context.close();
  }
  const { disagreements, ...timings } = out;
  return { disagreements, ...Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, stats(v)])) };
}

async function measureBaseline(browser, url, kind, w) {
  const out = { load: [], add: [] };
  let mem = null;
  for (let run = 0; run < RUNS; run++) {
    const { context, page, errors } = await newPage(browser, { kind, paragraphs: w.paragraphs.length });
    await page.goto(url);
    out.load.push(await shownAt(page));
    if (kind === 'recogito') {
      // Add one annotation as a person does in Recogito: a mouse selection,
      // which it turns into an annotation when the button is released.
      await page.evaluate(() => {
        addEventListener('pointerup', (e) => { window.__bench.t0 = e.timeStamp; }, true);
        window.__anno.on('createAnnotation', () => {
          if (!window.__bench.measure) return;
          window.__bench.frame().then((t1) => {
            performance.mark('bench:end');
            window.__bench.record(t1 - window.__bench.t0);
          });
        });
      });
      const paragraph = await page.locator('#content p').nth(run % Math.min(3, w.paragraphs.length)).elementHandle();
      // The task counter covers the button's release (which makes the
      // annotation) to the painted highlight.
      out.add.push(await sample(page, () => page.mouse.up(), {
        fromNow: true,
        only: 'none',
        prepare: () => dragSelect(page, paragraph, 1 + run, 4 + run, { release: false }),
      }));
    }
    if (run === RUNS - 1) mem = await memory(page);
    if (errors.length) throw new Error(`${kind} page errors: ${errors.join('; ')}`);
    await context.close();
  }
  return { load: stats(out.load), ...(out.add.length ? { add: both(out.add) } : {}), memory: mem };
}

/**
 * The bundle's wasm and JavaScript, gzipped: the first load (what the page
 * fetches before it is interactive: boot.js and the app) and the format
 * engine's worker (fetched on first use), apart.
 */
/**
 * Opening a saved news page (the largest of realworld/html, NYT, 309 KB):
 * from the file given to the article shown with its page bar, the first
 * time in a profile (the format engine starts) and again; the baseline is
 * the same article as a .txt file (read in the page, no engine). With the
 * longest main-thread task over each.
 */
async function measurePage(browser, url) {
  const source = join(SHARED, 'realworld', 'html', 'readability-nytimes-1', 'source.html');
  const html = await readFile(source).catch(() => null);
  if (!html) return null;
  const out = { cold: [], warm: [], text: [], longest: [] };
  let paragraphs = 0;
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByTestId('paragraph').first().waitFor();
    await page.evaluate(() => {
      window.__longest = 0;
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); }).observe({ type: 'longtask' });
    });
    // Done when the library has `docs` documents and the page bar (when
    // `whole` is given) says so.
    const done = ({ docs, whole }) => document.querySelectorAll('[data-testid="document-item"]').length === docs
      && (whole == null || document.querySelector(`[data-testid="page-choice"][data-whole="${whole}"]`));
    const open = async (name, buffer, mimeType, until) => {
      const t0 = performance.now();
      await page.getByLabel('Open article').setInputFiles({ name, mimeType, buffer });
      await page.waitForFunction(done, until, { polling: 'raf', timeout: 60_000 });
      return performance.now() - t0;
    };
    out.cold.push(await open('nyt.html', html, 'text/html', { docs: 2, whole: false }));
    // The whole text (the same document): its paragraphs, counted.
    await page.getByTestId('page-choice').getByRole('button').click();
    await page.waitForFunction(done, { docs: 2, whole: true });
    paragraphs = await page.getByTestId('paragraph').count();
    out.warm.push(await open('nyt-again.html', html, 'text/html', { docs: 3, whole: false }));
    const text = (await page.getByTestId('paragraph').allTextContents()).join('\n\n');
    out.text.push(await open('nyt.txt', Buffer.from(`NYT article\n\n${text}\n`), 'text/plain', { docs: 4 }));
    out.longest.push(await page.evaluate(() => window.__longest));
    await context.close();
  }
  return { bytes: html.length, wholeParagraphs: paragraphs, ...Object.fromEntries(Object.entries(out).map(([k, v]) => [k, stats(v)])) };
}

async function bundle() {
  const files = (await readdir(DIST)).filter((f) => /\.(wasm|js)$/.test(f));
  const worker = (f) => f === 'engine.js' || f.startsWith('marginalia-worker');
  const size = async (list) => {
    let raw = 0, gzip = 0;
    for (const f of list) {
      const b = await readFile(join(DIST, f));
      raw += b.length;
      gzip += gzipSync(b, { level: 9 }).length;
    }
    return { files: list, rawKB: raw / 1024, gzipKB: gzip / 1024 };
  };
  const first = await size(files.filter((f) => !worker(f)));
  return { ...first, worker: await size(files.filter(worker)) };
}

const fmt = (x, unit = 'ms') => (x == null ? '—' : `${x.toFixed(x < 10 ? 1 : 0)} ${unit}`);
const ratio = (a, b) => (a != null && b ? `${(a / b).toFixed(2)}×` : '—');

async function main() {
  await stat(join(DIST, 'index.html')).catch(() => {
    throw new Error('no release build: run `trunk build --release --dist target/dist-release` (scripts/bench does)');
  });
  await mkdir(SITE, { recursive: true });
  const seed = await readFile(join(root, 'articles', 'us-warned-iran.txt'), 'utf8');
  const server = await serve(DIST, { '/bench/': SITE });
  const browser = await launchUnthrottled();
  const report = { date: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model }, runs: RUNS, bundle: await bundle(), cases: {} };
  try {
    for (const name of cases) {
      const w = workload(name, seed);
      const file = join(SITE, `workload-${name}.json`);
      await writeFile(file, w.json);
      const editedFile = join(SITE, `edited-${name}.txt`);
      await writeFile(editedFile, `Benchmark, edited: ${w.label}\n\n${edited(w.paragraphs).join('\n\n')}\n`);
      await writePages(SITE, w);
      process.stderr.write(`${name}: ${w.paragraphs.length} paragraphs, ${w.annotations.length} annotations, ${(w.json.length / 1e6).toFixed(2)} MB of JSON\n`);
      const none = { load: {}, memory: {} };
      const floor = QUICK ? none : await measureBaseline(browser, `${server.url}bench/floor-${name}.html`, 'floor', w);
      const recogito = QUICK ? none : await measureBaseline(browser, `${server.url}bench/recogito-${name}.html`, 'recogito', w);
      const ours = await measureOurs(browser, server.url, w, file, editedFile);
      const layersFile = join(SITE, `layers-${name}.json`);
      await writeFile(layersFile, layered(w));
      const total = JSON.parse(await readFile(layersFile, 'utf8')).annotations.length;
      ours.agreement = { annotations: total, ...(await measureAgreement(browser, server.url, layersFile, { kind: 'app', paragraphs: w.paragraphs.length, annotations: total })) };
      ours.sync = await measureFirstSync(browser, server.url, { file, annotations: w.annotations.length, runs: Math.min(RUNS, 2) });
      report.cases[name] = { label: w.label, paragraphs: w.paragraphs.length, annotations: w.annotations.length, relations: w.relations.length, ours, floor, recogito };
    }
    report.page = await measurePage(browser, server.url);
    report.syncLatency = await measureLatency(browser, server.url);
  } finally {
    await browser.close();
    await server.close();
  }
  await mkdir(dirname(OUT), { recursive: true });
  await writeFile(OUT, JSON.stringify(report, null, 2));
  print(report);
}

function print(r) {
  const rows = [];
  for (const [name, c] of Object.entries(r.cases)) {
    const o = c.ours;
    rows.push([`${name} (${c.label})`, '', '', '', '', '']);
    rows.push(['  load: navigation → shown', fmt(o.load.median), fmt(c.floor.load.median), fmt(c.recogito.load.median), ratio(o.load.median, c.floor.load.median), ratio(o.load.median, c.recogito.load.median)]);
    rows.push(['  load: longest main-thread task (its CPU time; max)', `${fmt(o.loadLongest.median)} (${fmt(o.loadLongestCpu.median)}; ${fmt(o.loadLongest.max)})`, '', '', '', '']);
    const mw = (x) => (x ? `${fmt(x.median)} (${fmt(x.wall.median)})` : '—');
    rows.push(['  add one annotation (key → frame)', `${fmt(o.add.event.median)} (${fmt(o.add.wall.median)})`, '', '', '', '']);
    rows.push(['  select with the mouse + add', fmt(o.add.median), '', fmt(c.recogito.add?.median), '', ratio(o.add.median, c.recogito.add?.median)]);
    for (const k of ['retag', 'remove', 'undo']) rows.push([`  ${k} (key)`, mw(o[k]), '', '', '', '']);
    const edits = ['add', 'retag', 'remove', 'undo'];
    const t = (x) => (x == null ? '—' : x.toFixed(1));
    rows.push(['  add/retag/remove/undo, Chromium task time', edits.map((k) => t(o[k].tasks.median)).join(' / ') + ' ms', '', fmt(c.recogito.add?.tasks.median), '', ratio(o.add.tasks.median, c.recogito.add?.tasks.median)]);
    rows.push(['  first add/retag/remove/undo after load', edits.map((k) => o.first[k].event.median.toFixed(0)).join(' / ') + ' ms', '', '', '', '']);
    rows.push(['    the same, Chromium task time', edits.map((k) => o.first[k].tasks.median.toFixed(0)).join(' / ') + ' ms', '', '', '', '']);
    const links = ['linkOpen', 'link', 'unlink'];
    rows.push([`  relation (${c.relations} loaded): open the choice / link / undo, key → frame`, links.map((k) => t(o[k].event.median)).join(' / ') + ' ms', '', '', '', '']);
    rows.push(['    the same, Chromium task time', links.map((k) => t(o[k].tasks.median)).join(' / ') + ' ms', '', '', '', '']);
    for (const k of ['import', 'export']) rows.push([`  ${k}`, mw(o[k]), '', '', '', '']);
    const ag = o.agreement;
    rows.push([`  agreement, 3 annotators (${ag.annotations} annotations), in the engine: click → figures shown (target ≤ 500 ms)`, `${fmt(ag.warm.median)} (first, engine start included: ${fmt(ag.cold.median)})`, '', '', '', '']);
    rows.push(['    its longest main-thread task (warm; first)', `${fmt(ag.warmLongest.median)}; ${fmt(ag.coldLongest.median)}`, '', '', '', '']);
    rows.push([`  compare the 3 layers (${ag.disagreements} disagreements): click → list shown / Accept all agreements → gold shown`, `${fmt(ag.compare.median)} / ${fmt(ag.acceptAll.median)}`, '', '', '', '']);
    const pad = (row) => [...row, '', '', '', ''];
    rows.push(...firstSyncRows(o.sync, fmt).map(pad));
    if (QUICK) continue;
    rows.push(['  re-anchor all on an edited copy (W3C import → summary)', mw(o.reanchor), '', '', '', '']);
    rows.push(['    its longest main-thread task (median; max)', `${fmt(o.reanchor.longest.median)} (${fmt(o.reanchor.longest.max)})`, '', '', '', '']);
    const r = o.reanchorSummary ?? {};
    rows.push(['    exact / moved / fuzzy / ambiguous / orphaned', ['exact', 'moved', 'fuzzy', 'ambiguous', 'orphaned'].map((k) => r[k] ?? '?').join(' / '), '', '', '', '']);
    rows.push(['  longest task while editing (incl. autosave)', o.longestTaskAfterChanges ? fmt(o.longestTaskAfterChanges) : 'none ≥ 50 ms', '', '', '', '']);
    const m = o.memory;
    rows.push(['  JS heap / wasm memory', `${fmt(m.jsHeapMB, 'MB')} / ${fmt(m.wasmMB, 'MB')}`, fmt(c.floor.memory.jsHeapMB, 'MB'), fmt(c.recogito.memory.jsHeapMB, 'MB'), '', '']);
    rows.push(['  DOM nodes', String(m.domNodes), String(c.floor.memory.domNodes), String(c.recogito.memory.domNodes), '', '']);
  }
  if (r.page) {
    const p = r.page;
    rows.push([`saved news page (NYT, ${Math.round(p.bytes / 1000)} KB): file → article shown, first (engine start) / again`, `${fmt(p.cold.median)} / ${fmt(p.warm.median)}`, '', '', '', '']);
    rows.push(['  the same article as .txt (no engine): file → shown; page again / .txt', fmt(p.text.median), '', '', ratio(p.warm.median, p.text.median), '']);
    rows.push(['  its longest main-thread task', fmt(p.longest.median), '', '', '', '']);
  }
  rows.push(...latencyRows(r.syncLatency, fmt).map((row) => [...row, '', '', '', '']));
  rows.push(['first load (wasm + js, gzip; target 200 KB)', fmt(r.bundle.gzipKB, 'KB'), '', '', '', '']);
  rows.push(['format engine worker, on first use (wasm + js, gzip)', fmt(r.bundle.worker.gzipKB, 'KB'), '', '', '', '']);
  const head = ['measure (median; main thread (wall))', 'Marginalia', 'floor', 'Recogito', 'ours/floor', 'ours/Recogito'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\nMarginalia benchmark, ${r.runs} run(s) per measure, ${r.machine.cpus} CPUs, ${r.date}`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log(`\nwritten to ${OUT}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
