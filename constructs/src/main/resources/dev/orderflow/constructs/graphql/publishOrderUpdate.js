// publishOrderUpdate, on a NONE data source: answers the order from the OrderStatusChanged event,
// which fires onOrderUpdated. The event renders absent values as empty strings; they become null.
export function request(ctx) {
  const input = ctx.args.input;
  const quantity = parseInt(input.quantity, 10);
  const order = {
    id: input.id,
    customerId: input.customerId,
    name: input.name,
    quantity,
    restaurantId: input.restaurantId,
    orderStatus: input.orderStatus,
    failureReason: present(input.failureReason),
    paymentId: present(input.paymentId),
    // The workflow always pays for the order's quantity, so a paid order's paidQuantity is it.
    paidQuantity: input.orderStatus === 'SUCCESS' ? quantity : null,
    createdAt: input.createdAt,
    updatedAt: present(input.updatedAt),
  };
  return { payload: order };
}

export function response(ctx) {
  return ctx.result;
}

function present(value) {
  return value === undefined || value === null || value === '' ? null : value;
}
