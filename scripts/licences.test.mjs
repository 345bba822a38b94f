import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  LicenceError, check, combine, findLockFiles, format, isAllowed, judge, normalise, parseAllowed, parseMerges,
  readMavenList, readNpmLock, readRules, refusalMessage, renderDoc, staleness,
} from './licences.mjs';

const MERGES = parseMerges([
  'Apache-2.0|The Apache Software License, Version 2.0|Apache License, Version 2.0',
  'MIT|MIT License|Bouncy Castle Licence',
  'EPL-2.0|EPL 2.0',
  'GPL-2.0-only WITH Classpath-exception-2.0|GPL2 w/ CPE',
  'CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0|CDDL + GPLv2 with classpath exception',
  'LGPL-2.1-or-later|GNU Lesser General Public License',
].join('\n'));
const ALLOWED = parseAllowed([
  'Apache-2.0 | all | permissive',
  'MIT | all | permissive',
  'CC0-1.0 | all | public domain',
  'EPL-2.0 | all | weak copyleft',
  'GPL-2.0-only WITH Classpath-exception-2.0 | all | linking exception',
  'CDDL-1.1 | all | weak copyleft',
  'LGPL-2.1-or-later | test | tests only',
].join('\n'));

function rules({ missing = [], overrides = [] } = {}) {
  return { ...MERGES, allowed: ALLOWED, missing: new Map(missing), overrides: new Map(overrides) };
}

function maven(id, version, scope, ...names) {
  return { kind: 'maven', id, version, scope, key: `${id.replace(':', '--')}--${version}`, names };
}

function npm(id, version, scope, ...names) {
  return { kind: 'npm', id, version, scope, key: `npm--${id}--${version}`, names };
}

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'licences-test-'));
}

function write(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
}

test('a spelling of a licence becomes its canonical name, whatever its case', () => {
  assert.equal(format(normalise('The Apache Software License, Version 2.0', MERGES.merges)), 'Apache-2.0');
  assert.equal(format(normalise('mit license', MERGES.merges)), 'MIT');
  assert.equal(format(normalise('Bouncy Castle Licence', MERGES.merges)), 'MIT');
});

test('an npm licence expression is mapped term by term', () => {
  const licence = normalise('(MIT License OR Apache License, Version 2.0)', MERGES.merges);
  assert.equal(format(licence), 'MIT OR Apache-2.0');
  assert.ok(isAllowed(licence, 'npm dev', ALLOWED));
});

test('a licence name with words like AND in it is one name, not an expression', () => {
  const name = 'COMMON DEVELOPMENT AND DISTRIBUTION LICENSE (CDDL) Version 1.0';
  assert.equal(format(normalise(name, MERGES.merges)), name);
});

test('several licences in a pom are a choice: one allowed licence lets the artifact in', () => {
  const licence = combine(['GPL2 w/ CPE', 'EPL 2.0'], MERGES.merges);
  assert.equal(format(licence), 'EPL-2.0 OR GPL-2.0-only WITH Classpath-exception-2.0');
  assert.ok(isAllowed(combine(['Proprietary', 'MIT License'], MERGES.merges), 'compile', ALLOWED));
});

test('a licence joined with AND needs every part allowed', () => {
  assert.equal(isAllowed(normalise('MIT AND GPL-3.0-only', MERGES.merges), 'npm', ALLOWED), false);
  assert.equal(isAllowed(normalise('(MIT AND CC0-1.0)', MERGES.merges), 'npm', ALLOWED), true);
});

test('a licence mapped to an expression keeps its parts', () => {
  const licence = normalise('CDDL + GPLv2 with classpath exception', MERGES.merges);
  assert.equal(format(licence), 'CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0');
  assert.ok(isAllowed(licence, 'compile', ALLOWED));
});

test('a licence allowed only in tests is refused in the other scopes', () => {
  const [inTests, shipped, inNpm] = judge([
    maven('org.example:in-tests', '1.0', 'test', 'GNU Lesser General Public License'),
    maven('org.example:shipped', '1.0', 'compile', 'GNU Lesser General Public License'),
    npm('bundled', '1.0.0', 'npm dev', 'LGPL-2.1-or-later'),
  ], rules());
  assert.deepEqual([inTests.allowed, shipped.allowed, inNpm.allowed], [true, false, false]);
  assert.equal(shipped.licence, 'LGPL-2.1-or-later');
});

test('a proprietary licence is refused, and the message names the artifact, its scope and its licence', () => {
  const judged = judge([
    maven('software.amazon.dynamodb:DynamoDBLocal', '3.1.0', 'test', 'DynamoDB Local License Agreement'),
    maven('org.assertj:assertj-core', '3.27.7', 'test', 'Apache License, Version 2.0'),
  ], rules());
  const refused = judged.filter((entry) => !entry.allowed);
  assert.deepEqual(refused.map((entry) => entry.id), ['software.amazon.dynamodb:DynamoDBLocal']);
  const message = refusalMessage('orderflow-constructs', refused, rules());
  assert.match(message, /1 dependency of orderflow-constructs is not under a licence/);
  assert.match(message, /software\.amazon\.dynamodb:DynamoDBLocal:3\.1\.0 \(test scope\): licence "DynamoDB Local License Agreement"/);
  assert.match(message, /Allowed: Apache-2\.0, MIT, .*LGPL-2\.1-or-later \(test only\)\./);
});

test('a dependency that names no licence is refused until missing.properties gives one', () => {
  const unnamed = maven('org.example:unnamed', '2.0', 'compile');
  const [refused] = judge([unnamed], rules());
  assert.equal(refused.allowed, false);
  assert.match(refusalMessage('m', [refused], rules()), /org\.example:unnamed:2\.0 \(compile scope\): names no licence/);

  const [filled] = judge([unnamed], rules({ missing: [['org.example--unnamed--2.0', 'MIT']] }));
  assert.deepEqual([filled.licence, filled.allowed, filled.source], ['MIT', true, 'missing.properties']);
});

test('overrides.properties replaces a licence name that does not say which licence it is', () => {
  const vague = npm('vague', '1.2.3', 'npm', 'BSD style');
  assert.equal(judge([vague], rules())[0].allowed, false);
  const [checked] = judge([vague], rules({ overrides: [['npm--vague--1.2.3', 'Apache-2.0|MIT']] }));
  assert.deepEqual([checked.licence, checked.allowed], ['Apache-2.0 OR MIT', true]);
});

test('merges.txt may not map one spelling twice, nor hold a bar in a comment', () => {
  assert.throws(() => parseMerges('MIT|The MIT License\nApache-2.0|The MIT License'), /"The MIT License" is already mapped to "MIT"/);
  assert.throws(() => parseMerges('# MIT|Expat'), /a comment must not contain a bar/);
});

test('allowed.txt names its scopes from a known list', () => {
  assert.throws(() => parseAllowed('MIT | tests | typo'), /unknown scope "tests"/);
});

test('the Maven list of a module is read from the JSON lines of list.ftl', () => {
  const dir = tempDir();
  const file = path.join(dir, 'maven.jsonl');
  write(file, `${JSON.stringify({ groupId: 'org.example', artifactId: 'a', version: '1', scope: 'test',
    licences: ['Unknown license'] })}\n`);
  assert.deepEqual(readMavenList(file), [{ kind: 'maven', id: 'org.example:a', version: '1', scope: 'test',
    key: 'org.example--a--1', names: [] }]);
  assert.throws(() => readMavenList(path.join(dir, 'absent.jsonl')), /list-licences execution writes it/);
});

test('every package of a lock file is read, with its scope and licence', () => {
  const dir = tempDir();
  write(path.join(dir, 'package-lock.json'), {
    lockfileVersion: 3,
    packages: {
      '': { name: 'ours', license: 'Apache-2.0' },
      'node_modules/tool': { version: '1.0.0', dev: true, license: 'MIT' },
      'node_modules/tool/node_modules/@scope/old': { version: '0.1.0', dev: true },
      'node_modules/runtime': { version: '2.0.0', license: '(MIT OR CC0-1.0)' },
    },
  });
  // npm leaves the licence out of the lock when package.json uses the old "licenses" list.
  write(path.join(dir, 'node_modules/tool/node_modules/@scope/old/package.json'), { licenses: [{ type: 'MIT' }] });
  assert.deepEqual(readNpmLock(path.join(dir, 'package-lock.json')).map((p) => [p.id, p.version, p.scope, p.names]), [
    ['tool', '1.0.0', 'npm dev', ['MIT']],
    ['@scope/old', '0.1.0', 'npm dev', ['MIT']],
    ['runtime', '2.0.0', 'npm', ['(MIT OR CC0-1.0)']],
  ]);
});

test('the lock files of a module are found in its folders, but not in build folders or other modules', () => {
  const dir = tempDir();
  const lock = { lockfileVersion: 3, packages: {} };
  write(path.join(dir, 'package-lock.json'), lock);
  write(path.join(dir, 'src/main/js/package-lock.json'), lock);
  write(path.join(dir, 'node_modules/x/package-lock.json'), lock);
  write(path.join(dir, 'target-other/npm/package-lock.json'), lock);
  write(path.join(dir, 'build-out/package-lock.json'), lock);
  write(path.join(dir, 'submodule/pom.xml'), '<project/>');
  write(path.join(dir, 'submodule/package-lock.json'), lock);
  assert.deepEqual(findLockFiles(dir, path.join(dir, 'build-out')).map((file) => path.relative(dir, file)),
    ['package-lock.json', path.join('src', 'main', 'js', 'package-lock.json')]);
});

test('a package.json with dependencies and no lock file fails the check', () => {
  const dir = tempDir();
  write(path.join(dir, 'package.json'), { devDependencies: { tool: '1.0.0' } });
  assert.throws(() => findLockFiles(dir), (error) => error instanceof LicenceError && /no package-lock\.json/.test(error.message));
});

test('the page is up to date for every module it was rendered from, and goes out of date with a dependency', () => {
  const constructs = { module: 'orderflow-constructs', dependencies: judge([
    maven('org.assertj:assertj-core', '3.27.7', 'test', 'Apache-2.0'),
    npm('tslib', '2.9.1', 'npm dev', 'MIT'),
  ], rules()) };
  const local = { module: 'orderflow-local', dependencies: judge([
    maven('org.assertj:assertj-core', '3.27.7', 'test', 'Apache-2.0'),
    maven('org.eclipse.jetty:jetty-server', '12.1.14', 'compile', 'Apache-2.0', 'EPL-2.0'),
  ], rules()) };
  const doc = renderDoc(rules(), [constructs, local]);
  assert.match(doc, /\| `org\.assertj:assertj-core` \| 3\.27\.7 \| orderflow-constructs \(test\), orderflow-local \(test\) \|/);
  assert.match(doc, /### Apache-2\.0 OR EPL-2\.0\n/);
  assert.equal(staleness(doc, rules(), 'orderflow-constructs', constructs.dependencies), null);
  assert.equal(staleness(doc, rules(), 'orderflow-local', local.dependencies), null);

  const grown = judge([...local.dependencies.map((entry) => maven(entry.id, entry.version, entry.scope, entry.licence)),
    maven('org.ow2.asm:asm', '9.10.1', 'compile', 'Apache-2.0')], rules());
  const stale = staleness(doc, rules(), 'orderflow-local', grown);
  assert.match(stale, /docs\/licences\.md is out of date for orderflow-local:/);
  assert.match(stale, /does not list 1 of the module's dependencies:\n {4}Apache-2\.0: `org\.ow2\.asm:asm` 9\.10\.1 \(compile\)/);
  assert.match(stale, /Regenerate it with scripts\/licences\.sh/);

  const shrunk = staleness(doc, rules(), 'orderflow-constructs', constructs.dependencies.slice(0, 1));
  assert.match(shrunk, /lists 1 that the module no longer uses so:\n {4}MIT: `tslib` \(npm\) 2\.9\.1 \(npm dev\)/);
});

test('the page goes out of date when a rule changes', () => {
  const result = { module: 'm', dependencies: judge([maven('org.example:a', '1', 'compile', 'MIT')], rules()) };
  const doc = renderDoc(rules(), [result]);
  const changed = { ...rules(), allowed: ALLOWED.filter((entry) => entry.licence !== 'CC0-1.0') };
  assert.match(staleness(doc, changed, 'm', result.dependencies), /its rules part differs from build\/licences\//);
});

test('the check records the module, and fails on a refused licence only when not recording', () => {
  const dir = tempDir();
  const list = path.join(dir, 'target', 'licences', 'maven.jsonl');
  write(list, `${JSON.stringify({ groupId: 'com.example', artifactId: 'closed', version: '1', scope: 'test',
    licences: ['Proprietary'] })}\n`);
  const out = path.join(dir, 'target', 'licences', 'licences.json');
  const options = { module: 'm', maven: list, dir, 'build-dir': path.join(dir, 'target'), out };
  assert.equal(check({ ...options, update: 'true' }), 0);
  assert.equal(JSON.parse(fs.readFileSync(out, 'utf8')).dependencies[0].allowed, false);
  const errors = [];
  const original = console.error;
  console.error = (text) => errors.push(text);
  try {
    assert.equal(check({ ...options, update: 'false' }), 1);
  } finally {
    console.error = original;
  }
  assert.match(errors.join('\n'), /com\.example:closed:1 \(test scope\): licence "Proprietary"/);
});

test('the rules of this repository parse, and every canonical name they map to is allowed somewhere', () => {
  const repository = readRules();
  for (const canonical of new Set(repository.merges.values())) {
    const licence = normalise(canonical, repository.merges);
    assert.ok(isAllowed(licence, 'test', repository.allowed), `${canonical} is mapped to but not on allowed.txt`);
  }
});
