// Stands in for the AWS SDK modules that aws-local-stepfunctions imports to call Lambda in an AWS
// account. The runner answers every Task state itself, so the SDK is never used, and leaving it out
// keeps the bundle small and quick to load.
function unavailable() {
  throw new Error('orderflow-local runs every Task state through its own task handler; the AWS SDK is not bundled');
}

export class LambdaClient {
  constructor() {
    unavailable();
  }
}

export class InvokeCommand {
  constructor() {
    unavailable();
  }
}

export function fromCognitoIdentityPool() {
  unavailable();
}
