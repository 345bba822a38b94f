package dev.orderflow.local;

import dev.orderflow.local.assembly.LocalService;
import dev.orderflow.local.assembly.Provisioning;
import dev.orderflow.local.gateway.AwsService;
import dev.orderflow.local.gateway.CallGateway;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The services of a run in their order: provisioned and started in it (each may name what the
 * ones before it registered), closed in the reverse.
 */
final class Services implements AutoCloseable {

  private final List<LocalService> services = new ArrayList<>();

  /** Adds a service after the others; answers it. */
  <T extends LocalService> T add(T service) {
    services.add(service);
    return service;
  }

  /** Every resource type that some service runs. */
  Set<String> resourceTypes() {
    Set<String> types = new HashSet<>();
    services.forEach(service -> types.addAll(service.resourceTypes()));
    return types;
  }

  /** Provisions each service in turn, making those that answer calls callable through the gateway. */
  void provision(Provisioning stack, CallGateway gateway) {
    for (LocalService service : services) {
      service.provision(stack);
      if (service instanceof AwsService aws) {
        gateway.serve(aws);
      }
    }
  }

  void start() {
    services.forEach(LocalService::start);
  }

  /** What every service is busy with. */
  List<String> busy() {
    return services.stream().flatMap(service -> service.busy().stream()).toList();
  }

  /** Closes every service, the last first; the first failure is thrown once all are closed. */
  @Override
  public void close() {
    List<LocalService> reversed = new ArrayList<>(services);
    Collections.reverse(reversed);
    services.clear();
    RuntimeException failure = null;
    for (LocalService service : reversed) {
      try {
        service.close();
      } catch (RuntimeException e) {
        failure = failure == null ? new IllegalStateException("the local system did not stop cleanly", e) : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
