// Deletes a finished (SUCCESS or FAILED) order of the caller: a conditional DeleteItem.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  return {
    operation: 'DeleteItem',
    key: util.dynamodb.toMapValues({ id: ctx.args.id }),
    condition: {
      expression: 'customerId = :customerId AND (orderStatus = :success OR orderStatus = :failed)',
      expressionValues: util.dynamodb.toMapValues({
        ':customerId': ctx.stash.customerId,
        ':success': 'SUCCESS',
        ':failed': 'FAILED',
      }),
    },
  };
}

export function response(ctx) {
  if (ctx.error) {
    if (ctx.error.type === 'DynamoDB:ConditionalCheckFailedException') {
      util.error(
        `Order ${ctx.args.id} cannot be deleted: only your own orders can be, and only once SUCCESS or FAILED`,
        'OrderNotDeletable',
      );
    }
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.args.id;
}
