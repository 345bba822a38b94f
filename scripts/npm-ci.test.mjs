import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { install } from './npm-ci.mjs';

/** A folder with a lock, and a stand-in for npm that counts its runs and makes node_modules. */
function project() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-ci-test-'));
  fs.writeFileSync(path.join(folder, 'package.json'), '{"name":"p","private":true}\n');
  fs.writeFileSync(path.join(folder, 'package-lock.json'), '{"lockfileVersion":3}\n');
  const npm = path.join(folder, 'fake-npm.sh');
  fs.writeFileSync(npm, '#!/bin/sh\nmkdir -p node_modules\necho "$@" >> runs.txt\n', { mode: 0o755 });
  const runs = () => (fs.existsSync(path.join(folder, 'runs.txt'))
    ? fs.readFileSync(path.join(folder, 'runs.txt'), 'utf8').trim().split('\n') : []);
  return { folder, npm, runs };
}

test('installs on the first run and not again while the lock is unchanged', () => {
  const { folder, npm, runs } = project();

  assert.equal(install(folder, ['--no-audit'], npm), 'installed');
  assert.equal(install(folder, ['--no-audit'], npm), 'current');

  assert.deepEqual(runs(), ['ci --no-audit']);
});

test('installs again when the lock or package.json changed or node_modules is gone', () => {
  const { folder, npm, runs } = project();
  install(folder, [], npm);

  fs.writeFileSync(path.join(folder, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}\n');
  assert.equal(install(folder, [], npm), 'installed');
  fs.writeFileSync(path.join(folder, 'package.json'), '{"name":"p","private":true,"version":"2.0.0"}\n');
  assert.equal(install(folder, [], npm), 'installed');
  fs.rmSync(path.join(folder, 'node_modules'), { recursive: true });
  assert.equal(install(folder, [], npm), 'installed');

  assert.equal(runs().length, 4);
});

test('a failed install leaves no stamp, so the next run installs again', () => {
  const { folder, runs } = project();
  const failing = path.join(folder, 'failing-npm.sh');
  fs.writeFileSync(failing, '#!/bin/sh\nmkdir -p node_modules\necho failed >> runs.txt\nexit 1\n', { mode: 0o755 });

  assert.throws(() => install(folder, [], failing), /npm ci failed/);
  assert.throws(() => install(folder, [], failing), /npm ci failed/);

  assert.equal(runs().length, 2);
});
