package dev.orderflow.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one path between emulated resources. A call names its caller, the service, the operation
 * and the request; the gateway asks the stack's policies whether AWS would allow every resource
 * it acts on, then hands it to the service, and tells its listeners.
 *
 * <p>A denied call fails with {@code AccessDeniedException} and AWS's message; the first denial of
 * each caller, action and resource is printed as one line. With {@link IamMode#WARN} the line is
 * printed and the call goes on; with {@link IamMode#OFF} nothing is judged.
 */
public final class CallGateway {

  private final Map<String, AwsService> services = new ConcurrentHashMap<>();
  private final List<CallListener> listeners = new CopyOnWriteArrayList<>();
  private final Set<String> printedDenials = ConcurrentHashMap.newKeySet();
  private final List<String> denials = new CopyOnWriteArrayList<>();
  private final IamMode mode;
  private final Consumer<String> out;
  private volatile AccessPolicy policy = AccessPolicy.ALLOW_ALL;

  /**
   * A gateway.
   *
   * @param mode what to do with a call that AWS would deny
   * @param out where the line for each distinct denial goes (the local system's output)
   */
  public CallGateway(IamMode mode, Consumer<String> out) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.out = Objects.requireNonNull(out, "out");
  }

  /** A gateway that judges nothing and prints nothing: for tests of one service. */
  public static CallGateway open() {
    return new CallGateway(IamMode.OFF, line -> { });
  }

  /** What the gateway does with calls that AWS would deny. */
  public IamMode mode() {
    return mode;
  }

  /**
   * Sets the policies that judge calls: the stack's, once every resource is provisioned.
   *
   * @param policy the judge
   */
  public void policy(AccessPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * Makes a service callable through the gateway.
   *
   * @param service the service
   * @throws IllegalStateException when another service has the same prefix
   */
  public void serve(AwsService service) {
    if (services.putIfAbsent(service.prefix(), service) != null) {
      throw new IllegalStateException("two services answer for " + service.prefix());
    }
  }

  /** Whether a service with this prefix runs locally. */
  public boolean serves(String prefix) {
    return services.containsKey(prefix);
  }

  /**
   * Observes every call from now on.
   *
   * @param listener told of each call once it is answered
   */
  public void addListener(CallListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** The denials so far, one line each, in order (each distinct denial once). */
  public List<String> denials() {
    return List.copyOf(denials);
  }

  /**
   * Calls a service.
   *
   * @param caller who calls
   * @param service the service's prefix, e.g. {@code dynamodb}
   * @param operation the operation, e.g. {@code UpdateItem}
   * @param request the request in the API's JSON shape
   * @return the answer in the API's JSON shape
   * @throws ServiceException when IAM denies the call ({@code AccessDeniedException}) or the
   *     service fails it
   */
  public JsonNode call(Caller caller, String service, String operation, JsonNode request) {
    AwsService target = services.get(service);
    if (target == null) {
      throw new ServiceException(service, "UnrecognizedClientException", 400,
          "no " + service + " service runs locally for " + operation);
    }
    CallListener.Call call = new CallListener.Call(caller, service, operation, request);
    long start = System.nanoTime();
    try {
      authorize(caller, target, operation, request);
      JsonNode answer = target.call(caller, operation, request);
      tell(call, answer, null, System.nanoTime() - start);
      return answer;
    } catch (ServiceException e) {
      tell(call, null, e, System.nanoTime() - start);
      throw e;
    }
  }

  /**
   * Judges a call without making it: for a resource that reads another in its own way (a pipe's
   * stream source), checked when it starts.
   *
   * @param caller who calls
   * @param action the IAM action, e.g. {@code dynamodb:GetRecords}
   * @param resource the resource's ARN
   * @throws ServiceException {@code AccessDeniedException} when IAM denies it and the mode enforces
   */
  public void authorize(Caller caller, String action, String resource) {
    if (mode == IamMode.OFF || !caller.judged()) {
      return;
    }
    AccessPolicy.Verdict verdict = policy.decide(caller, action, resource);
    if (!verdict.allowed()) {
      deny(action.substring(0, action.indexOf(':')), caller, action, resource, verdict.message());
    }
  }

  private void authorize(Caller caller, AwsService target, String operation, JsonNode request) {
    if (mode == IamMode.OFF || !caller.judged()) {
      return;
    }
    for (AwsService.Permission permission : target.permissions(operation, request)) {
      AccessPolicy.Verdict verdict = policy.decide(caller, permission.action(), permission.resource());
      if (!verdict.allowed()) {
        deny(target.prefix(), caller, permission.action(), permission.resource(), verdict.message());
      }
    }
  }

  private void deny(String service, Caller caller, String action, String resource, String message) {
    String line = "iam: denied " + action + " on " + resource + " to " + caller.principal()
        + (caller.sourceArn() == null ? "" : " (for " + caller.sourceArn() + ")");
    if (printedDenials.add(caller.principal() + " " + action + " " + resource)) {
      denials.add(line);
      out.accept(mode == IamMode.WARN ? line + "; allowed because --iam warn" : line);
    }
    if (mode == IamMode.ENFORCE) {
      throw new ServiceException(service, "AccessDeniedException", 400, message);
    }
  }

  private void tell(CallListener.Call call, JsonNode answer, ServiceException failure, long nanos) {
    for (CallListener listener : listeners) {
      listener.called(call, answer, failure, nanos);
    }
  }
}
