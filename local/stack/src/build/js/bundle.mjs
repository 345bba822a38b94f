// Bundles the Node.js side of orderflow-local into one self-contained file that ships inside the jar,
// so that a user needs only Node.js on the PATH, no npm install.
//
//   node src/build/js/bundle.mjs <work directory> <output file> [<GraphQL endpoint directory>]
//
// With a third argument it also writes the GraphQL endpoint's APPSYNC_JS runner (appsync-runner.cjs)
// and its GraphiQL page's script and styles (graphiql.js, graphiql.css) into that directory, and the
// local console's (console.js, console.css) into the console directory beside it.
//
// The work directory (in the build directory) gets a copy of package.json and package-lock.json and
// their node_modules from `npm ci`. `npm ci` runs again only when the lock file changed, which keeps
// repeated builds fast; a clean clone always installs. Beside the output file it writes the licence
// notices of every package that the bundle contains. The bundles themselves are made again only when
// an input changed (this script, the lock, a file under src/main/js, the arguments) or an output is
// gone: the work directory keeps the SHA-256 of the inputs of the last bundling in bundle.stamp.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [workArgument, outputArgument, appsyncArgument] = process.argv.slice(2);
if (!workArgument || !outputArgument) {
  console.error('usage: node bundle.mjs <work directory> <output file>');
  process.exit(2);
}
const moduleDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const work = resolve(workArgument);
const output = resolve(outputArgument);

function installIfStale() {
  const lock = readFileSync(join(moduleDirectory, 'package-lock.json'), 'utf8');
  const copiedLock = join(work, 'package-lock.json');
  const installed = join(work, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && existsSync(copiedLock) && readFileSync(copiedLock, 'utf8') === lock) return;
  mkdirSync(work, { recursive: true });
  copyFileSync(join(moduleDirectory, 'package.json'), join(work, 'package.json'));
  writeFileSync(copiedLock, lock);
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: work,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (npm.status !== 0) {
    console.error(`npm ci failed in ${work} (exit ${npm.status ?? npm.error?.message})`);
    process.exit(1);
  }
}

/** The package that a bundled input file belongs to: its folder under node_modules. */
function packageFolder(input) {
  const parts = input.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return null;
  const length = parts[at + 1].startsWith('@') ? 2 : 1;
  return join(work, 'node_modules', ...parts.slice(at + 1, at + 1 + length));
}

function licenceNotices(metafile, bundleName = basename(output)) {
  const folders = new Set(Object.keys(metafile.inputs).map(packageFolder).filter((folder) => folder));
  const notices = [...folders].sort().map((folder) => {
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    const licenceFile = readdirSync(folder).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
    const text = licenceFile ? readFileSync(join(folder, licenceFile), 'utf8').trim() : `Licence: ${manifest.license}`;
    return `${manifest.name} ${manifest.version} (${manifest.license})\n\n${text}\n`;
  });
  return `The file ${bundleName} bundles these packages from the npm registry.\n\n`
    + notices.join(`\n${'-'.repeat(72)}\n\n`);
}

/**
 * Fixes to the bundled libraries, applied to their code as it is bundled. Each names the file, the
 * text it changes and how often that text occurs; the build fails when the count differs, so that a
 * new version of a library is looked at rather than patched blindly.
 */
const STEPFUNCTIONS = /aws-local-stepfunctions[\\/]build[\\/]main\.node\.esm\.js$/;
const JSONPATH = /jsonpath-plus[\\/]dist[\\/]index-node-esm\.js$/;
const libraryFixes = [
  {
    // The type tests of a Choice rule (IsPresent, IsNull, IsNumeric, IsString, IsBoolean,
    // IsTimestamp) are evaluated as `flag && test`, so a rule with `false` never matches; the States
    // Language says that `"IsPresent": false` matches an absent value. Compare the flag instead.
    why: 'Choice type tests with false',
    file: STEPFUNCTIONS,
    find: /return (\w+True) && (.+);/g,
    replace: (_, flag, test) => `return ${flag} === (${test});`,
    count: 6,
  },
  {
    // The context object has no State: definitions that read $$.State.EnteredTime or
    // $$.State.Name (the order workflow stamps updatedAt with it) fail. Each run of a state machine,
    // and of each Map iteration and Parallel branch, has its own context object, so setting it as
    // each state is entered is safe with executions side by side.
    why: 'the State of the context object',
    file: STEPFUNCTIONS,
    find: 'options.eventLogger.dispatchStateEnteredEvent(currStateName, currState.Type, currInput);',
    replace: (entered) => `${entered}
        context.State = { Name: currStateName, EnteredTime: (/* @__PURE__ */ new Date()).toISOString(), RetryCount: 0 };`,
    count: 1,
  },
  {
    // ... and $$.State.RetryCount counts the retries of the state being run.
    why: 'the RetryCount of the context object',
    file: STEPFUNCTIONS,
    find: 'return this.execute(input, context, options);',
    replace: (retry) => `if (context.State) context.State.RetryCount += 1;
        ${retry}`,
    count: 1,
  },
  {
    // JSONPath(...) called as a function, as aws-local-stepfunctions does for every path, returns a
    // scalar by throwing an error that carries it. Capturing that error's stack trace took a fifth
    // of the runner's CPU time; nobody reads it.
    why: 'the stack trace of the error that returns a JSONPath scalar',
    file: JSONPATH,
    find: /super\('JSONPath should not be called with "new".*\);/g,
    replace: (superCall) => `const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    ${superCall}
    Error.stackTraceLimit = stackTraceLimit;`,
    count: 1,
  },
];

const appliedFixes = new Set();
const fixLibrary = {
  name: 'fix-bundled-libraries',
  setup(build) {
    build.onLoad({ filter: new RegExp(`${STEPFUNCTIONS.source}|${JSONPATH.source}`) }, (args) => {
      let contents = readFileSync(args.path, 'utf8');
      const errors = [];
      for (const fix of libraryFixes.filter((candidate) => candidate.file.test(args.path))) {
        let found = 0;
        const pattern = typeof fix.find === 'string'
          ? new RegExp(fix.find.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g')
          : fix.find;
        contents = contents.replace(pattern, (...match) => {
          found += 1;
          return fix.replace(...match);
        });
        if (found !== fix.count) {
          errors.push({ text: `fix for ${fix.why}: expected ${fix.count} places in ${args.path}, found ${found}` });
        }
        appliedFixes.add(fix);
      }
      return errors.length > 0 ? { errors } : { contents, loader: 'js' };
    });
  },
};

/** The SHA-256 of everything the bundles are made from. */
function inputsHash() {
  const hash = createHash('sha256');
  const add = (file) => hash.update(`${file}\0`).update(readFileSync(file)).update('\0');
  add(fileURLToPath(import.meta.url));
  add(join(moduleDirectory, 'package-lock.json'));
  const walk = (folder) => readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .forEach((entry) => (entry.isDirectory() ? walk(join(folder, entry.name)) : add(join(folder, entry.name))));
  walk(join(moduleDirectory, 'src/main/js'));
  hash.update(JSON.stringify([output, appsyncArgument ? resolve(appsyncArgument) : null]));
  return hash.digest('hex');
}

const outputs = [output, output.replace(/\.c?js$/, '') + '.licenses.txt'];
if (appsyncArgument) {
  outputs.push(...['appsync-runner.cjs', 'graphiql.js', 'graphiql.css', 'graphiql.licenses.txt'].map((name) => join(resolve(appsyncArgument), name)));
  outputs.push(...['console.js', 'console.licenses.txt'].map((name) => join(resolve(appsyncArgument), '..', 'console', name)));
}
const stampFile = join(work, 'bundle.stamp');
const inputs = inputsHash();
if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === inputs && outputs.every((file) => existsSync(file))) {
  process.exit(0);
}

installIfStale();
const esbuild = createRequire(join(work, 'package.json'))('esbuild');
const stub = join(moduleDirectory, 'src/main/js/stepfunctions/no-aws-sdk.js');
const result = await esbuild.build({
  entryPoints: [join(moduleDirectory, 'src/main/js/stepfunctions/runner.js')],
  outfile: output,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  nodePaths: [join(work, 'node_modules')],
  alias: { '@aws-sdk/client-lambda': stub, '@aws-sdk/credential-providers': stub },
  legalComments: 'none',
  plugins: [fixLibrary],
  metafile: true,
  logLevel: 'warning',
});
const unapplied = libraryFixes.filter((fix) => !appliedFixes.has(fix));
if (unapplied.length > 0) {
  unapplied.forEach((fix) => console.error(`fix for ${fix.why}: no bundled file matches ${fix.file}`));
  process.exit(1);
}
writeFileSync(output.replace(/\.c?js$/, '') + '.licenses.txt', licenceNotices(result.metafile));

if (appsyncArgument) {
  const appsync = resolve(appsyncArgument);
  await esbuild.build({
    entryPoints: [join(moduleDirectory, 'src/main/js/appsync/runner.mjs')],
    outfile: join(appsync, 'appsync-runner.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
  });
  await bundlePage('src/main/js/appsync/graphiql.jsx', join(appsync, 'graphiql.js'), {
    loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl' },
  });
  // The local console's page, beside the GraphQL endpoint's: dev/orderflow/local/console.
  await bundlePage('src/main/js/console/console.jsx', join(appsync, '..', 'console', 'console.js'));
}

/**
 * Bundles one page's script (and the styles it imports) for the browser, minified, with the
 * licence notices of what it contains beside it as NAME.licenses.txt.
 */
async function bundlePage(entry, outfile, extra = {}) {
  const page = await esbuild.build({
    entryPoints: [join(moduleDirectory, entry)],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    minify: true,
    nodePaths: [join(work, 'node_modules')],
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    ...extra,
  });
  writeFileSync(outfile.replace(/\.js$/, '.licenses.txt'), licenceNotices(page.metafile, basename(outfile)));
}
writeFileSync(stampFile, `${inputs}\n`);
