// The set-up every end-to-end file shares: the release build served on
// 127.0.0.1 and one Chromium, started before the file's tests and stopped
// after them.
import { after, before } from 'node:test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './app.mjs';

const here = dirname(fileURLToPath(import.meta.url));
/** The build the tests run against. */
export const DIST = process.env.MARGINALIA_DIST ?? join(here, '..', '..', 'target', 'dist-release');
/** The team's shared material (validators, corpora). */
export const SHARED = process.env.MARGINALIA_SHARED ?? join(here, '..', '..', '..', 'shared');

/** Registers the server and browser for this file's tests: { server, browser }, set once they run. */
export function suite() {
  const s = { server: null, browser: null };
  before(async () => {
    s.server = await serve(DIST);
    s.browser = await launch();
  });
  after(async () => {
    await s.browser?.close();
    await s.server?.close();
  });
  return s;
}
