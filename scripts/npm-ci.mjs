// Installs a folder's npm packages from its committed package-lock.json, as `npm ci` does, but only
// when they are not already installed from that very lock: a build runs it on every `verify`, and
// a fresh `npm ci` (which deletes node_modules first) costs seconds each time.
//
//   node scripts/npm-ci.mjs <folder> [npm ci options]
//
// After a successful install it writes node_modules/.orderflow-lock, the SHA-256 of package.json
// and package-lock.json; a later run with the same two files and that stamp in place does nothing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The stamp of a folder's package.json and package-lock.json. */
export function lockStamp(folder) {
  const hash = createHash('sha256');
  for (const name of ['package.json', 'package-lock.json']) {
    hash.update(`${name}\0`).update(readFileSync(join(folder, name))).update('\0');
  }
  return hash.digest('hex');
}

/** True when node_modules holds what the current lock installs. */
export function installed(folder) {
  const stamp = join(folder, 'node_modules', '.orderflow-lock');
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === lockStamp(folder);
}

/** Runs `npm ci` in the folder unless its packages are current; returns what it did. */
export function install(folder, options = [], npm = process.env.ORDERFLOW_NPM || 'npm') {
  if (installed(folder)) return 'current';
  const run = spawnSync(npm, ['ci', ...options], { cwd: folder, stdio: 'inherit', shell: process.platform === 'win32' });
  if (run.status !== 0) {
    throw new Error(`npm ci failed in ${folder} (exit ${run.status ?? run.error?.message})`);
  }
  writeFileSync(join(folder, 'node_modules', '.orderflow-lock'), `${lockStamp(folder)}\n`);
  return 'installed';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [folder, ...options] = process.argv.slice(2);
  if (!folder) {
    console.error('usage: node scripts/npm-ci.mjs <folder> [npm ci options]');
    process.exit(2);
  }
  try {
    install(resolve(folder), options);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
