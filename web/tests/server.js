// Starts a private taskchat server for tests that need it configured differently from the shared one
// (the official-UI modes, the LLM assistant against a scripted model). TASKCHAT_BIN is the binary
// scripts/test built; each server gets its own port and its own SQLite file, and is killed by `stop()`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `TASKCHAT_BIN` with `env` added to the environment and waits until /healthz answers.
 * @param {Record<string, string>} env e.g. { TASKCHAT_CHATKIT_UI: 'official' }
 * @returns {Promise<{ url: string, log: () => string, stop: () => Promise<void> }>}
 */
export async function startServer(env = {}) {
  const binary = process.env.TASKCHAT_BIN;
  if (!binary) throw new Error('TASKCHAT_BIN is not set: run the web tests through scripts/test');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'taskchat-web-'));
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(binary, [], {
    env: {
      ...process.env,
      TASKCHAT_ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: `sqlite://${join(dir, 'app.db')}`,
      TASKCHAT_REQUESTS_PER_MINUTE: '100000',
      TASKCHAT_UNAUTHENTICATED_REQUESTS_PER_MINUTE: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`taskchat exited early (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`taskchat did not answer /healthz within 15 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url,
    log: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
