#!/usr/bin/env node
// The licence gate of the build; docs/licences.md says what it checks and why.
//
//   node scripts/licences.mjs check --module=<artifactId> --maven=<list> --dir=<module folder>
//        --build-dir=<build folder> --out=<result.json> [--doc=<docs/licences.md>] [--update=true]
//     One module: its Maven dependencies (the list the license-maven-plugin wrote with
//     build/licences/list.ftl) and the npm packages of every package-lock.json in its folder,
//     against build/licences/allowed.txt; then, unless --update=true, against docs/licences.md.
//     Writes the module's result for `render` either way.
//   node scripts/licences.mjs render --out=<docs/licences.md> <result.json>...
//     The page, from the results of every module (scripts/licences.sh runs both).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RULES_DIR = path.join(ROOT, 'build', 'licences');
const REGENERATE = 'scripts/licences.sh';
const DEPENDENCIES_HEADING = '## Dependencies, by licence';
const SCOPES = ['compile', 'provided', 'runtime', 'test', 'system', 'npm'];
// What the license-maven-plugin writes for a pom with no <licenses>.
const UNKNOWN = 'Unknown license';

export class LicenceError extends Error {}

// ---------------------------------------------------------------------------------------------
// The rules: build/licences/*.

export function readRules(dir = RULES_DIR) {
  const text = (name) => fs.readFileSync(path.join(dir, name), 'utf8');
  const { merges, spellings } = parseMerges(text('merges.txt'));
  return {
    merges,
    spellings,
    allowed: parseAllowed(text('allowed.txt')),
    missing: parseProperties(text('missing.properties'), 'missing.properties'),
    overrides: parseProperties(text('overrides.properties'), 'overrides.properties'),
  };
}

/**
 * merges.txt: "Canonical|spelling|spelling" a line. Returns the canonical name of each spelling
 * (lower-cased, to match regardless of case) and the spellings of each canonical name.
 */
export function parseMerges(text) {
  const merges = new Map();
  const spellings = new Map();
  const names = new Set();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const where = `build/licences/merges.txt line ${index + 1}`;
    if (line.startsWith('#')) {
      // The plugin reads comment lines as merges too: a bar would make one.
      if (line.includes('|')) throw new LicenceError(`${where}: a comment must not contain a bar: ${line}`);
      return;
    }
    if (line === '') return;
    const [canonical, ...spelled] = line.split(/\s*\|\s*/);
    for (const name of [canonical, ...spelled]) {
      const known = merges.get(name.toLowerCase());
      // The plugin refuses a spelling given twice; two canonical names for one spelling would be a contradiction.
      if ((name !== canonical && names.has(name)) || (known !== undefined && known !== canonical)) {
        throw new LicenceError(`${where}: "${name}" is already mapped${known !== undefined ? ` to "${known}"` : ''}; `
          + 'each spelling may appear once');
      }
      if (name !== canonical) names.add(name);
      merges.set(name.toLowerCase(), canonical);
    }
    spellings.set(canonical, [...(spellings.get(canonical) ?? []), ...spelled]);
  });
  return { merges, spellings };
}

/** allowed.txt: "licence | all or scopes | why" a line. */
export function parseAllowed(text) {
  const allowed = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `build/licences/allowed.txt line ${index + 1}`;
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length !== 3 || cells.some((cell) => cell === '')) {
      throw new LicenceError(`${where}: expected "licence | where | why", got: ${line}`);
    }
    const [licence, whereCell, why] = cells;
    const scopes = whereCell === 'all' ? null : whereCell.split(/[\s,]+/);
    for (const scope of scopes ?? []) {
      if (!SCOPES.includes(scope)) {
        throw new LicenceError(`${where}: unknown scope "${scope}"; allowed are "all" or ${SCOPES.join(', ')}`);
      }
    }
    allowed.push({ licence, scopes, why });
  });
  return allowed;
}

/** A properties file with plain "key=value" lines (no escapes: none of our keys need them). */
export function parseProperties(text, name) {
  const entries = new Map();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) return;
    const equals = line.indexOf('=');
    if (equals <= 0) throw new LicenceError(`build/licences/${name} line ${index + 1}: expected key=licence, got: ${line}`);
    entries.set(line.slice(0, equals).trim(), line.slice(equals + 1).trim());
  });
  return entries;
}

// ---------------------------------------------------------------------------------------------
// Licence expressions. A licence name is either a name to map (merges.txt) or an SPDX-style
// expression: terms joined by OR and AND, with parentheses; "X WITH exception" is one term.

/** Returns {term} or {op: 'OR'|'AND', args}, or null when the text is no expression. */
export function parseExpression(text) {
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  let position = 0;
  const peek = () => tokens[position];
  const primary = () => {
    if (peek() === '(') {
      position++;
      const inner = or();
      if (inner === null || peek() !== ')') return null;
      position++;
      return inner;
    }
    const words = [];
    while (position < tokens.length && !['(', ')', 'OR', 'AND'].includes(peek())) words.push(tokens[position++]);
    return words.length === 0 ? null : { term: words.join(' ') };
  };
  const chain = (op, next) => () => {
    const args = [next()];
    while (args[args.length - 1] !== null && peek() === op) {
      position++;
      args.push(next());
    }
    if (args.includes(null)) return null;
    return args.length === 1 ? args[0] : { op, args };
  };
  const and = chain('AND', primary);
  const or = chain('OR', and);
  const result = or();
  return result !== null && position === tokens.length ? result : null;
}

/** One licence name, as the canonical expression of merges.txt. */
export function normalise(name, merges) {
  const trimmed = name.trim();
  const canonical = (term) => {
    const mapped = merges.get(term.toLowerCase());
    if (mapped === undefined) return { term };
    return parseExpression(mapped) ?? { term: mapped };
  };
  // A whole name first: some names hold words like AND or parentheses without being expressions.
  if (merges.has(trimmed.toLowerCase())) return canonical(trimmed);
  const parsed = parseExpression(trimmed);
  if (parsed === null || parsed.term !== undefined) return { term: trimmed };
  const map = (node) => (node.term !== undefined ? canonical(node.term) : { op: node.op, args: node.args.map(map) });
  return map(parsed);
}

/** The licences a package names, as one expression: several licences are a choice (the POM reference says so). */
export function combine(names, merges) {
  return simplify({ op: 'OR', args: names.map((name) => normalise(name, merges)) });
}

function simplify(node) {
  if (node.term !== undefined) return node;
  const args = [];
  for (const arg of node.args.map(simplify)) {
    for (const flat of arg.op === node.op ? arg.args : [arg]) {
      if (!args.some((known) => format(known) === format(flat))) args.push(flat);
    }
  }
  args.sort((a, b) => compareText(format(a), format(b)));
  return args.length === 1 ? args[0] : { op: node.op, args };
}

export function format(node, parentOp = null) {
  if (node.term !== undefined) return node.term;
  const text = node.args.map((arg) => format(arg, node.op)).join(` ${node.op} `);
  return parentOp !== null && parentOp !== node.op ? `(${text})` : text;
}

/** Whether a package under this expression may be used in this scope. */
export function isAllowed(node, scope, allowed) {
  if (node.op === 'OR') return node.args.some((arg) => isAllowed(arg, scope, allowed));
  if (node.op === 'AND') return node.args.every((arg) => isAllowed(arg, scope, allowed));
  return allowed.some((entry) => entry.licence === node.term && (entry.scopes === null || entry.scopes.some(
    (allowedScope) => allowedScope === scope || (allowedScope === 'npm' && scope.startsWith('npm')))));
}

function compareText(a, b) {
  const folded = a.toLowerCase().localeCompare(b.toLowerCase(), 'en');
  return folded !== 0 ? folded : a.localeCompare(b, 'en');
}

// ---------------------------------------------------------------------------------------------
// What a module uses.

/** The Maven dependencies of a module: the JSON lines of build/licences/list.ftl. */
export function readMavenList(file) {
  if (!fs.existsSync(file)) {
    throw new LicenceError(`the module's dependency list ${file} was not written: the license-maven-plugin's `
      + `list-licences execution writes it, in the same phase and before this check`);
  }
  return fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((line) => line.trim() !== '').map((line) => {
    const dependency = JSON.parse(line);
    return {
      kind: 'maven',
      id: `${dependency.groupId}:${dependency.artifactId}`,
      version: dependency.version,
      scope: dependency.scope,
      key: `${dependency.groupId}--${dependency.artifactId}--${dependency.version}`,
      names: dependency.licences.filter((name) => name !== UNKNOWN),
    };
  });
}

/** Every package-lock.json of a module's folder, without those of its build folders and sub-modules. */
export function findLockFiles(dir, buildDir) {
  const found = [];
  const skipBuild = buildDir ? path.resolve(buildDir) : null;
  const walk = (folder, top) => {
    const entries = fs.readdirSync(folder, { withFileTypes: true });
    const names = new Set(entries.map((entry) => entry.name));
    // Another module's folder: that module checks its own packages.
    if (!top && names.has('pom.xml')) return;
    if (names.has('package-lock.json')) found.push(path.join(folder, 'package-lock.json'));
    else if (names.has('package.json')) {
      const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
      const declared = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']
        .some((field) => Object.keys(manifest[field] ?? {}).length > 0);
      if (declared) {
        throw new LicenceError(`${path.join(folder, 'package.json')} has dependencies but no package-lock.json beside it: `
          + 'commit the lock file, so that the build installs, and checks, exactly what it lists');
      }
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const child = path.join(folder, entry.name);
      // Build folders (target, target-<name>) hold copies; dot folders and node_modules are not ours.
      if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name.startsWith('target')
        || entry.name === 'cdk.out' || path.resolve(child) === skipBuild) continue;
      walk(child, false);
    }
  };
  walk(dir, true);
  return found.sort();
}

/** The packages a package-lock.json installs, with the licence each declares. */
export function readNpmLock(lockFile) {
  const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
  if (lock.packages === undefined) {
    throw new LicenceError(`${lockFile} is a lockfileVersion ${lock.lockfileVersion} file without "packages": `
      + 'regenerate it with npm 7 or later');
  }
  const packages = [];
  for (const [location, entry] of Object.entries(lock.packages)) {
    // The project itself, and links to folders that are listed on their own.
    if (location === '' || entry.link) continue;
    const name = entry.name ?? location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
    let declared = entry.license;
    if (declared === undefined) {
      // npm leaves the field out of the lock when package.json has none, or the old "licenses" list.
      const manifestFile = path.join(path.dirname(lockFile), location, 'package.json');
      if (fs.existsSync(manifestFile)) {
        const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
        declared = manifest.license ?? manifest.licenses;
      }
    }
    const names = (Array.isArray(declared) ? declared : declared === undefined ? [] : [declared])
      .map((licence) => (typeof licence === 'string' ? licence : licence?.type))
      .filter((licence) => typeof licence === 'string' && licence.trim() !== '');
    let scope = 'npm';
    if (entry.dev || entry.devOptional) scope = 'npm dev';
    else if (entry.optional) scope = 'npm optional';
    else if (entry.peer) scope = 'npm peer';
    packages.push({ kind: 'npm', id: name, version: entry.version, scope, key: `npm--${name}--${entry.version}`, names });
  }
  return packages;
}

/** Each dependency with its licence expression, and whether the allow-list lets it in. */
export function judge(dependencies, rules) {
  const seen = new Map();
  for (const dependency of dependencies) {
    const override = rules.overrides.get(dependency.key);
    let names = dependency.names;
    let source = 'declared';
    if (override !== undefined) {
      names = override.split('|');
      source = 'overrides.properties';
    } else if (names.length === 0 && rules.missing.has(dependency.key)) {
      names = rules.missing.get(dependency.key).split('|');
      source = 'missing.properties';
    }
    const licence = names.length === 0 ? null : format(combine(names, rules.merges));
    const allowed = licence !== null && isAllowed(combine(names, rules.merges), dependency.scope, rules.allowed);
    const judged = { kind: dependency.kind, id: dependency.id, version: dependency.version, scope: dependency.scope,
      declared: dependency.names, source, licence, allowed };
    seen.set(`${judged.kind} ${judged.id} ${judged.version} ${judged.scope}`, judged);
  }
  return [...seen.values()].sort((a, b) => compareText(rowKey(a), rowKey(b)));
}

function rowKey(entry) {
  return `${entry.kind} ${entry.id} ${entry.version} ${entry.scope}`;
}

export function refusalMessage(module, refused, rules) {
  const lines = [`Licence check: ${refused.length} ${refused.length === 1 ? 'dependency' : 'dependencies'} of ${module} `
    + `${refused.length === 1 ? 'is' : 'are'} not under a licence the allow-list accepts there:`];
  for (const entry of refused) {
    const what = entry.kind === 'maven' ? `${entry.id}:${entry.version}` : `npm package ${entry.id}@${entry.version}`;
    const licence = entry.licence === null
      ? 'names no licence'
      : `licence "${entry.licence}"${entry.declared.length > 0 && entry.declared.join(' | ') !== entry.licence
        ? ` (declared as "${entry.declared.join('" and "')}")` : ''}`;
    lines.push(`  - ${what} (${entry.scope} scope): ${licence}`);
  }
  const everywhere = rules.allowed.filter((entry) => entry.scopes === null).map((entry) => entry.licence);
  const limited = rules.allowed.filter((entry) => entry.scopes !== null)
    .map((entry) => `${entry.licence} (${entry.scopes.join(', ')} only)`);
  lines.push(`Allowed: ${[...everywhere, ...limited].join(', ')}.`);
  lines.push('If such a licence is spelled another way, add the spelling to build/licences/merges.txt; if the '
    + 'dependency names no licence, or one that does not say which, check its project and add the licence to '
    + 'build/licences/missing.properties or overrides.properties; otherwise drop the dependency. '
    + 'docs/licences.md says why each licence is or is not allowed.');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// docs/licences.md

function slug(heading) {
  return heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function dependencyCell(entry) {
  return entry.kind === 'maven' ? `\`${entry.id}\`` : `\`${entry.id}\` (npm)`;
}

/** The part of the page that depends on the rules only. */
export function renderPolicy(rules) {
  const out = [];
  out.push('# Third-party licences', '');
  out.push(`<!-- Generated by ${REGENERATE} from the build and build/licences/; do not edit by hand. -->`, '');
  out.push('Every third-party dependency of every module, in every scope (compile, provided, runtime, test),',
    'and every npm package that a module\'s `package-lock.json` installs, with the licence OrderFlow',
    'uses it under. Our own modules (`dev.orderflow`) are Apache-2.0 and not listed; nor are build',
    'plugins, nor tools run with `npx` outside the build (the CDK CLI), which are not dependencies.', '');
  out.push('## How the build checks it', '');
  out.push('`./mvnw verify` checks each module, the ones added later included, with no configuration in the',
    'module: the parent pom runs the license-maven-plugin\'s `add-third-party` goal, which resolves the',
    'module\'s dependencies and reads each one\'s licences from its pom (in the local repository), then',
    '`scripts/licences.mjs`, which adds the packages of every `package-lock.json` in the module\'s folder',
    '(the lock records each package\'s licence), maps every licence name to one canonical name, and fails',
    'the build:', '',
    '- on a dependency under no licence that the allow-list below accepts in its scope, naming the',
    '  artifact, its version and scope, and its licence;',
    '- when this page no longer lists exactly what the module uses, or the rules below changed.', '');
  out.push('Regenerate this page after changing a dependency or a rule, and commit it:', '',
    '```sh', REGENERATE, '```', '');
  out.push('The rules live in `build/licences/`: `allowed.txt` (the allow-list), `merges.txt` (the spellings',
    'of each licence), `missing.properties` (the licence of a dependency that names none, read by the',
    'plugin) and `overrides.properties` (the licence of one that names it too vaguely); each entry in the',
    'last two says where its licence was checked. A pom that lists several licences offers a choice (as',
    'the POM reference says), and so does an npm licence written `A OR B`: such a dependency passes when',
    'one of them is allowed.', '');
  out.push('## Allowed licences', '');
  out.push('| licence | where | why |', '| --- | --- | --- |');
  for (const entry of rules.allowed) {
    out.push(`| ${entry.licence} | ${entry.scopes === null ? 'everywhere' : `${entry.scopes.join(', ')} only`} | ${entry.why} |`);
  }
  out.push('');
  out.push('Any other licence fails the build: proprietary licences (such as the DynamoDB Local License',
    'Agreement), strong copyleft (GPL without the Classpath exception, AGPL), source-available licences',
    '(BUSL, SSPL, Commons Clause), and no licence at all.', '');
  out.push('## Spellings', '', '| licence | spelled in poms and packages as |', '| --- | --- |');
  for (const [canonical, spelled] of [...rules.spellings].sort(([x], [y]) => compareText(x, y))) {
    if (spelled.length > 0) out.push(`| ${canonical} | ${spelled.map((name) => `"${name}"`).join(', ')} |`);
  }
  out.push('');
  out.push('## Licences checked by hand', '');
  const byHand = [
    ...[...rules.missing].map(([key, licence]) => ({ key, licence, file: 'missing.properties' })),
    ...[...rules.overrides].map(([key, licence]) => ({ key, licence, file: 'overrides.properties' })),
  ];
  if (byHand.length === 0) {
    out.push('None: every dependency names its licence, in words that say which.', '');
  } else {
    out.push('| dependency | licence | file |', '| --- | --- | --- |');
    for (const entry of byHand) out.push(`| \`${entry.key}\` | ${entry.licence.split('|').join(' OR ')} | ${entry.file} |`);
    out.push('');
  }
  // Ends with a blank line: the dependencies' heading follows.
  return `${out.join('\n')}\n`;
}

/** The whole page, from every module's result. */
export function renderDoc(rules, results) {
  const rows = new Map();
  const refused = [];
  for (const result of results) {
    for (const entry of result.dependencies) {
      const licence = entry.licence ?? 'No licence named';
      const key = `${licence}\u0000${entry.kind}\u0000${entry.id}\u0000${entry.version}`;
      const row = rows.get(key) ?? { licence, entry, usedBy: new Set() };
      row.usedBy.add(`${result.module} (${entry.scope})`);
      rows.set(key, row);
      if (!entry.allowed) refused.push({ module: result.module, entry });
    }
  }
  const groups = new Map();
  for (const row of rows.values()) groups.set(row.licence, [...(groups.get(row.licence) ?? []), row]);
  const licences = [...groups.keys()].sort(compareText);
  const count = (list, kind) => list.filter((row) => row.entry.kind === kind).length;
  const all = [...rows.values()];

  const out = [`${renderPolicy(rules)}${DEPENDENCIES_HEADING}`, ''];
  const modules = results.map((result) => result.module).sort(compareText);
  out.push(`${count(all, 'maven')} Maven artifacts and ${count(all, 'npm')} npm packages, under ${licences.length} `
    + `licences, in the modules ${modules.map((module) => `\`${module}\``).join(', ')}.`, '');
  if (refused.length > 0) {
    out.push('**Not allowed: `./mvnw verify` fails until these are gone.**', '');
    for (const { module, entry } of refused) {
      out.push(`- ${dependencyCell(entry)} ${entry.version} in ${module} (${entry.scope}): ${entry.licence ?? 'no licence named'}`);
    }
    out.push('');
  }
  out.push('| licence | Maven artifacts | npm packages |', '| --- | ---: | ---: |');
  for (const licence of licences) {
    out.push(`| [${licence}](#${slug(licence)}) | ${count(groups.get(licence), 'maven')} | ${count(groups.get(licence), 'npm')} |`);
  }
  for (const licence of licences) {
    out.push('', `### ${licence}`, '', '| dependency | version | used by (scope) |', '| --- | --- | --- |');
    const sorted = groups.get(licence).sort((a, b) => compareText(
      `${a.entry.kind} ${a.entry.id} ${a.entry.version}`, `${b.entry.kind} ${b.entry.id} ${b.entry.version}`));
    for (const row of sorted) {
      out.push(`| ${dependencyCell(row.entry)} | ${row.entry.version} | ${[...row.usedBy].sort(compareText).join(', ')} |`);
    }
  }
  out.push('');
  return out.join('\n');
}

/** The rows of the page that name this module, as comparable lines. */
export function documentedRows(doc, module) {
  const start = doc.indexOf(`\n${DEPENDENCIES_HEADING}\n`);
  const rows = new Set();
  if (start < 0) return rows;
  let licence = null;
  for (const line of doc.slice(start).split('\n')) {
    if (line.startsWith('### ')) licence = line.slice(4).trim();
    const cells = line.match(/^\| (`[^`]+`(?: \(npm\))?) \| ([^|]+) \| ([^|]+) \|$/);
    if (licence === null || cells === null) continue;
    for (const usedBy of cells[3].split(', ')) {
      const item = usedBy.match(/^(\S+) \((.+)\)$/);
      if (item !== null && item[1] === module) rows.add(`${licence}: ${cells[1]} ${cells[2].trim()} (${item[2]})`);
    }
  }
  return rows;
}

export function expectedRows(dependencies) {
  return new Set(dependencies.map((entry) =>
    `${entry.licence ?? 'No licence named'}: ${dependencyCell(entry)} ${entry.version} (${entry.scope})`));
}

/** Why the page is out of date for this module, or null when it is not. */
export function staleness(doc, rules, module, dependencies) {
  const problems = [];
  if (doc === null) {
    problems.push('it does not exist');
  } else {
    if (!doc.startsWith(`${renderPolicy(rules)}${DEPENDENCIES_HEADING}\n`)) {
      problems.push('its rules part differs from build/licences/ (or the page was edited by hand)');
    }
    const documented = documentedRows(doc, module);
    const expected = expectedRows(dependencies);
    const missing = [...expected].filter((row) => !documented.has(row));
    const gone = [...documented].filter((row) => !expected.has(row));
    const show = (list) => list.slice(0, 10).map((row) => `    ${row}`).concat(list.length > 10 ? [`    ... and ${list.length - 10} more`] : []);
    if (missing.length > 0) problems.push(`it does not list ${missing.length} of the module's dependencies:`, ...show(missing));
    if (gone.length > 0) problems.push(`it lists ${gone.length} that the module no longer uses so:`, ...show(gone));
  }
  if (problems.length === 0) return null;
  return [`docs/licences.md is out of date for ${module}:`, ...problems.map((problem) => (problem.startsWith('    ') ? problem : `  - ${problem}`)),
    `Regenerate it with ${REGENERATE} and commit it.`].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Commands

function options(args) {
  const named = {};
  const positional = [];
  for (const arg of args) {
    const match = arg.match(/^--([a-z-]+)=(.*)$/s);
    if (match) named[match[1]] = match[2];
    else positional.push(arg);
  }
  return { named, positional };
}

function required(named, name) {
  if (named[name] === undefined || named[name] === '') throw new LicenceError(`missing option --${name}=...`);
  return named[name];
}

export function check(named) {
  const module = required(named, 'module');
  const dir = required(named, 'dir');
  const rules = readRules(named.rules ?? RULES_DIR);
  const dependencies = [...readMavenList(required(named, 'maven'))];
  for (const lockFile of findLockFiles(dir, named['build-dir'])) dependencies.push(...readNpmLock(lockFile));
  const judged = judge(dependencies, rules);
  const out = required(named, 'out');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ module, dependencies: judged }, null, 1)}\n`);
  if (named.update === 'true') return 0;
  const refused = judged.filter((entry) => !entry.allowed);
  if (refused.length > 0) {
    console.error(refusalMessage(module, refused, rules));
    return 1;
  }
  if (named.doc !== undefined && named.doc !== '') {
    const doc = fs.existsSync(named.doc) ? fs.readFileSync(named.doc, 'utf8') : null;
    const stale = staleness(doc, rules, module, judged);
    if (stale !== null) {
      console.error(stale);
      return 1;
    }
  }
  return 0;
}

export function render(named, files) {
  if (files.length === 0) throw new LicenceError('render: give the result files of the modules');
  const rules = readRules(named.rules ?? RULES_DIR);
  const results = files.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')));
  const doc = renderDoc(rules, results);
  fs.writeFileSync(required(named, 'out'), doc);
  const entries = results.flatMap((result) => result.dependencies);
  const refused = entries.filter((entry) => !entry.allowed);
  const all = new Set(entries.map((entry) => `${entry.kind} ${entry.id} ${entry.version}`));
  console.log(`${named.out}: ${[...all].filter((key) => key.startsWith('maven ')).length} Maven artifacts and `
    + `${[...all].filter((key) => key.startsWith('npm ')).length} npm packages in ${results.length} modules`);
  for (const result of results) {
    const notAllowed = result.dependencies.filter((entry) => !entry.allowed);
    if (notAllowed.length > 0) console.error(refusalMessage(result.module, notAllowed, rules));
  }
  return refused.length > 0 ? 1 : 0;
}

function main(argv) {
  const [command, ...rest] = argv;
  const { named, positional } = options(rest);
  try {
    if (command === 'check') return check(named);
    if (command === 'render') return render(named, positional);
    throw new LicenceError(`unknown command "${command ?? ''}": use check or render (see the top of scripts/licences.mjs)`);
  } catch (error) {
    if (!(error instanceof LicenceError)) throw error;
    console.error(`Licence check: ${error.message}`);
    return 2;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
