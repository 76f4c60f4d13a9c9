// Starts Marginalia's format engine (crates/worker) in this Web Worker.
// If its module cannot be fetched or compiled, the page is told, so it can
// say so and start a fresh worker next time.
importScripts('./marginalia-worker.js');
wasm_bindgen('./marginalia-worker_bg.wasm').catch((e) => {
  self.postMessage({ failed: String(e && e.message ? e.message : e) });
});
