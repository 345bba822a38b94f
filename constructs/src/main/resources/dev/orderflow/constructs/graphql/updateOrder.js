// Changes the given fields of a PENDING order of the caller: a conditional UpdateItem. The input
// was checked by validateOrderInput. A refusal is left in the stash for explainRefusal, which
// reads the order to say why.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const input = ctx.args.input;
  const assignments = ['updatedAt = :updatedAt'];
  const names = {};
  const values = { ':updatedAt': util.time.nowISO8601() };
  if (input.name !== undefined && input.name !== null) {
    assignments.push('#name = :name');
    names['#name'] = 'name';
    values[':name'] = input.name;
  }
  if (input.quantity !== undefined && input.quantity !== null) {
    assignments.push('quantity = :quantity');
    values[':quantity'] = input.quantity;
  }
  if (input.restaurantId !== undefined && input.restaurantId !== null) {
    assignments.push('restaurantId = :restaurantId');
    values[':restaurantId'] = input.restaurantId;
  }
  if (assignments.length === 1) {
    util.error('updateOrder needs at least one of name, quantity or restaurantId', 'ValidationError');
  }
  const update = {
    expression: `SET ${assignments.join(', ')}`,
    expressionValues: util.dynamodb.toMapValues(values),
  };
  if (assignments.length > 1 && names['#name']) {
    update.expressionNames = names;
  }
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues({ id: input.id }),
    update,
    condition: {
      expression: 'customerId = :customerId AND orderStatus = :pending',
      expressionValues: util.dynamodb.toMapValues({ ':customerId': ctx.stash.customerId, ':pending': 'PENDING' }),
    },
  };
}

export function response(ctx) {
  if (ctx.error) {
    if (ctx.error.type === 'DynamoDB:ConditionalCheckFailedException') {
      ctx.stash.updateRefused = true;
      return null;
    }
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}
