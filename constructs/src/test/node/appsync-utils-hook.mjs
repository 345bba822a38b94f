export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@aws-appsync/utils') {
    return { url: new URL('./appsync-utils.mjs', import.meta.url).href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
