// A real CouchDB-protocol server for tests: npm pouchdb-server (pinned in
// package.json), in memory, on 127.0.0.1 and a free port, in a temporary
// working directory (it writes config.json and log.txt there). Started and
// stopped by the tests themselves; `restart` kills it and starts it again on
// the same port with nothing in it, as a crashed in-memory server comes back.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve('node_modules/.bin/pouchdb-server');
export const ADMIN = { name: 'admin', password: 'admin-secret' };

async function freePort() {
  const s = createServer();
  await new Promise((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address();
  await new Promise((ok) => s.close(ok));
  return port;
}

/** Basic authorisation header for `{ name, password }`. */
export function basic({ name, password }) {
  return `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;
}

/** One request to the server; resolves to { status, json }. */
export async function call(url, { method = 'GET', body, auth } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (auth) headers.authorization = basic(auth);
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json };
}

async function ready(url, child) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pouchdb-server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

class Couch {
  constructor(dir, port) {
    this.dir = dir;
    this.port = port;
    this.url = `http://127.0.0.1:${port}/`;
    this.child = null;
  }

  async start() {
    this.child = spawn(BIN, ['--in-memory', '--host', '127.0.0.1', '--port', String(this.port)], {
      cwd: this.dir, stdio: 'ignore',
    });
    await ready(this.url, this.child);
    // The admin outlives a restart (config.json); then it is there already.
    const made = await call(`${this.url}_config/admins/${ADMIN.name}`, { method: 'PUT', body: ADMIN.password });
    const there = made.status === 401 && (await call(`${this.url}_session`, { auth: ADMIN })).json?.userCtx?.name === ADMIN.name;
    if (made.status !== 200 && !there) throw new Error(`admin not made: ${made.status}`);
  }

  /** A user of the server's `_users` database (one already there stays). */
  async user(name, password, roles = []) {
    const r = await call(`${this.url}_users/org.couchdb.user:${encodeURIComponent(name)}`, {
      method: 'PUT', auth: ADMIN, body: { name, password, roles, type: 'user' },
    });
    if (r.status >= 300 && r.status !== 409) throw new Error(`user ${name} not made: ${r.status} ${JSON.stringify(r.json)}`);
  }

  /** An empty database. */
  async database(name) {
    const r = await call(`${this.url}${name}`, { method: 'PUT', auth: ADMIN });
    if (r.status >= 300) throw new Error(`database ${name} not made: ${r.status}`);
    return `${this.url}${name}`;
  }

  async kill() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((ok) => child.once('exit', ok));
    child.kill('SIGKILL');
    await gone;
  }

  async restart() {
    await this.kill();
    await this.start();
  }

  async stop() {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Starts pouchdb-server with an admin; resolves to the running server. */
export async function startCouch() {
  const couch = new Couch(await mkdtemp(join(tmpdir(), 'marginalia-couch-')), await freePort());
  await couch.start();
  return couch;
}
