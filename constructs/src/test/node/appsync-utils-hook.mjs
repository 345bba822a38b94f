// Resolves '@aws-appsync/utils' to the APPSYNC_JS runtime that the local endpoint runs, so the
// resolver tests and orderflow-local share one implementation of util, runtime and extensions.
const RUNTIME = new URL('../../../../local/stack/src/main/js/appsync/util.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@aws-appsync/utils') {
    return { url: RUNTIME, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
