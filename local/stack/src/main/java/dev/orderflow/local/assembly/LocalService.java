package dev.orderflow.local.assembly;

import java.util.List;
import java.util.Set;

/**
 * One service of the local system: it reads its own resource types from the template and runs
 * them. The local system provisions every service in turn, then starts them all; it closes them
 * in the reverse order.
 *
 * <p>Adding a resource type to the local system is one class: the service that runs it.
 */
public interface LocalService extends AutoCloseable {

  /** The template's resource types this service runs, e.g. {@code AWS::SQS::Queue}. */
  Set<String> resourceTypes();

  /**
   * Creates the stack's resources of this service's types and registers what each gives to
   * {@code Ref} and {@code Fn::GetAtt}. Services provisioned earlier are registered already.
   *
   * @param stack the stack, read and resolved
   * @throws AssemblyException naming the logical id and property of a resource that cannot run locally
   */
  void provision(Provisioning stack);

  /** Starts work once every service is provisioned: a pipe starts polling, a rule listens. */
  default void start() {
  }

  /**
   * What this service is busy with now, for a wait until the system is quiet.
   *
   * @return one phrase per busy thing, e.g. "2 running execution(s)"; empty when idle
   */
  default List<String> busy() {
    return List.of();
  }

  /** Stops the service and frees its ports, threads and processes. */
  @Override
  void close();
}
