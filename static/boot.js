// Loads the app's wasm. Kept out of index.html so the Content-Security-Policy
// can forbid inline scripts. Trunk fills data-js / data-wasm with the hashed
// file names of the build.
const tag = document.querySelector('script[data-js][data-wasm]');
const { default: init } = await import(tag.dataset.js);
const wasm = await init({ module_or_path: tag.dataset.wasm });
// The wasm memory, so that benchmarks can report how much the app uses.
Object.defineProperty(window, 'marginaliaMemory', { value: wasm.memory });
