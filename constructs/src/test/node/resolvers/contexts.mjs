// Realistic AppSync contexts for the resolver tests: one per authorization mode.
export const ENV = {
  MAX_QUANTITY: '100',
  ORDERS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders',
  BY_CUSTOMER_INDEX: 'byCustomer',
  ORDERS_TABLE: 'orders-table',
};

export const IDENTITIES = {
  apiKey: null,
  cognito: {
    sub: '5f0c2a9e-41d7-4b3c-8a6e-1f0245d7c9aa',
    username: 'pat',
    issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example',
    claims: { sub: '5f0c2a9e-41d7-4b3c-8a6e-1f0245d7c9aa', 'cognito:username': 'pat' },
    sourceIp: ['203.0.113.7'],
    defaultAuthStrategy: 'ALLOW',
    groups: null,
  },
  iam: {
    accountId: '123456789012',
    cognitoIdentityPoolId: null,
    cognitoIdentityId: null,
    sourceIp: ['203.0.113.8'],
    username: 'AROAEXAMPLE:kitchen-display',
    userArn: 'arn:aws:sts::123456789012:assumed-role/KitchenDisplay/kitchen-display',
  },
};

/** A context as AppSync passes it to a function of a pipeline resolver. */
export function context({ args = {}, identity = null, stash = {}, result, error, prevResult } = {}) {
  return {
    arguments: args,
    args,
    identity,
    source: null,
    env: ENV,
    stash: { ...stash },
    result,
    error,
    prev: { result: prevResult },
    request: { headers: { 'content-type': 'application/json' } },
    info: { fieldName: 'test', parentTypeName: 'Query', variables: {} },
  };
}
