// A minimal static file server for the release build, bound to 127.0.0.1 on
// a free port. Serves .wasm as application/wasm so streaming compilation works.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/**
 * Starts serving `dir` (and each `mounts[prefix]` directory under its URL
 * prefix, e.g. { '/bench/': 'target/bench/site' }); resolves to { url, close }.
 */
export async function serve(dir, mounts = {}) {
  const root = resolve(dir);
  await stat(join(root, 'index.html')); // fail early when the build is missing
  const server = createServer(async (req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    let base = root;
    for (const [prefix, mounted] of Object.entries(mounts)) {
      if (path.startsWith(prefix)) {
        base = resolve(mounted);
        path = `/${path.slice(prefix.length)}`;
      }
    }
    const file = join(base, path === '/' ? 'index.html' : path);
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}
