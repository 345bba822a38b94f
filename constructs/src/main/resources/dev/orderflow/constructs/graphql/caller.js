// Before every operation: who is calling. A caller sees and changes only its own orders, so the
// customer id comes from the caller's identity, never from the input.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  ctx.stash.customerId = customerIdOf(ctx.identity);
  return {};
}

export function response(ctx) {
  return ctx.prev.result;
}

function customerIdOf(identity) {
  if (!identity) {
    // API key callers carry no identity: they share one customer.
    return 'anonymous';
  }
  if (identity.sub) {
    // Cognito user pool
    return identity.sub;
  }
  if (identity.cognitoIdentityId) {
    // IAM through a Cognito identity pool
    return identity.cognitoIdentityId;
  }
  if (identity.userArn) {
    // IAM
    return identity.userArn;
  }
  util.unauthorized();
  return null;
}
