// Baseline pages for the benchmark, on the same text as the app:
// (a) the layout floor: the paragraphs as plain <p>s, no highlights;
// (b) Recogito's text-annotator 4.x loading the same spans.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const RECOGITO = join(here, '..', 'node_modules', '@recogito', 'text-annotator', 'dist');

const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// The same reading typography as the app's article (styles/article.css).
const STYLE = `body { margin: 0; background: #fffdf8; }
  #content { max-width: 42rem; margin: 2rem auto; font-family: Georgia, "Times New Roman", serif; font-size: 1.12rem; line-height: 1.9; }
  #content p { margin: 0 0 1.1em; }`;

function page(title, body, extraHead = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>${STYLE}</style>${extraHead}</head><body>${body}</body></html>`;
}

/** Writes floor-<case>.html and recogito-<case>.html into `dir`. */
export async function writePages(dir, w) {
  await mkdir(join(dir, 'recogito'), { recursive: true });
  await copyFile(join(RECOGITO, 'text-annotator.umd.js'), join(dir, 'recogito', 'text-annotator.umd.js'));
  await copyFile(join(RECOGITO, 'text-annotator.css'), join(dir, 'recogito', 'text-annotator.css'));
  const paragraphs = w.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n');
  await writeFile(join(dir, `floor-${w.name}.html`), page('floor', `<div id="content">${paragraphs}</div>`));
  // Recogito counts UTF-16 offsets in the container's text (paragraphs joined without separators).
  const spans = w.annotations.map((a) => ({
    id: a.id,
    bodies: [],
    target: { annotation: a.id, selector: [{ quote: a.quote.replace('\n', ''), start: a.u16Start, end: a.u16End }] },
  }));
  const body = `<div id="content">${paragraphs}</div>
<script>window.process = { env: { NODE_ENV: 'production' } };</script>
<script src="/bench/recogito/text-annotator.umd.js"></script>
<script id="spans" type="application/json">${JSON.stringify(spans).replace(/</g, '\\u003c')}</script>
<script>
  const anno = RecogitoJS.createTextAnnotator(document.getElementById('content'));
  anno.setAnnotations(JSON.parse(document.getElementById('spans').textContent));
  window.__anno = anno;
  window.__ready = true;
</script>`;
  await writeFile(join(dir, `recogito-${w.name}.html`), page('recogito', body, '<link rel="stylesheet" href="/bench/recogito/text-annotator.css">'));
}
