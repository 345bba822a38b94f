package dev.orderflow.local.bill;

import java.util.function.Supplier;

/** The bill as the local system's endpoints serve it: read it, or close its window and start a new one. */
public interface BillView {

  /** The bill of the window so far. */
  Bill get();

  /** Closes the window: answers its bill, then starts counting from zero. */
  Bill reset();

  /**
   * The bill of a meter at prices read when it is asked for.
   *
   * @param meter the meter
   * @param prices the prices
   * @return the view
   */
  static BillView of(Meter meter, Supplier<Prices> prices) {
    return new BillView() {
      @Override
      public Bill get() {
        return meter.bill(prices.get());
      }

      @Override
      public Bill reset() {
        synchronized (meter) {
          Bill closed = meter.bill(prices.get());
          meter.reset();
          return closed;
        }
      }
    };
  }
}
