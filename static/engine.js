// Starts Marginalia's format engine (crates/worker) in this Web Worker.
// If its module cannot be fetched or compiled, the page is told, so it can
// say so and start a fresh worker next time. The page starts it as
// engine.js?build=…, the engine's build: passed on to its files so that no
// cache serves them from another build.
const build = self.location.search;
importScripts(`./marginalia-worker.js${build}`);
wasm_bindgen(`./marginalia-worker_bg.wasm${build}`).catch((e) => {
  self.postMessage({ failed: String(e && e.message ? e.message : e) });
});
