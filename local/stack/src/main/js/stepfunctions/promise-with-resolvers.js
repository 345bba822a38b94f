// aws-local-stepfunctions 3 calls Promise.withResolvers, which Node.js has only from version 22.
// Imported first by the runner, so that Node.js 20 runs it as well.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
