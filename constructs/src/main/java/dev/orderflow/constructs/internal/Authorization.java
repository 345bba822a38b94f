package dev.orderflow.constructs.internal;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.appsync.AuthorizationConfig;
import software.amazon.awscdk.services.appsync.AuthorizationMode;
import software.amazon.awscdk.services.appsync.AuthorizationType;

/** How the constructs read an API's authorization modes, and which of them the resolvers can serve. */
public final class Authorization {

  private Authorization() {}

  /** The modes of {@code authorization}, the default first; API key alone when it is null. */
  public static List<AuthorizationMode> modes(AuthorizationConfig authorization) {
    List<AuthorizationMode> modes = new ArrayList<>();
    modes.add(authorization == null || authorization.getDefaultAuthorization() == null
        ? AuthorizationMode.builder().authorizationType(AuthorizationType.API_KEY).build()
        : authorization.getDefaultAuthorization());
    if (authorization != null && authorization.getAdditionalAuthorizationModes() != null) {
      modes.addAll(authorization.getAdditionalAuthorizationModes());
    }
    return modes;
  }

  /** Whether IAM is one of the modes of {@code authorization}. */
  public static boolean hasIam(AuthorizationConfig authorization) {
    return modes(authorization).stream().anyMatch(mode -> mode.getAuthorizationType() == AuthorizationType.IAM);
  }

  /** The names of the modes of {@code authorization}, for messages. */
  public static String modeNames(AuthorizationConfig authorization) {
    return modes(authorization).stream().map(mode -> mode.getAuthorizationType().name()).toList().toString();
  }

  /**
   * Refuses an authorization mode whose callers the resolvers cannot tell apart: a Lambda
   * authorizer's identity carries only its {@code resolverContext}, with none of the ids that
   * {@code caller.js} reads, so every call would be refused as unauthorized.
   */
  public static void refuseModesTheResolversCannotServe(AuthorizationConfig authorization) {
    if (modes(authorization).stream().anyMatch(mode -> mode.getAuthorizationType() == AuthorizationType.LAMBDA)) {
      throw new IllegalArgumentException("authorization must not use AuthorizationType.LAMBDA, but "
          + modeNames(authorization) + " were provided: the resolvers take the customer from the caller's"
          + " Cognito sub, Cognito identity or IAM ARN, and a Lambda authorizer's identity carries none of them."
          + " Use API_KEY, IAM, USER_POOL or OIDC");
    }
  }

  /**
   * {@code authorization} (API key alone when null) with IAM added as an additional mode when it
   * lacks it.
   */
  public static AuthorizationConfig withIam(AuthorizationConfig authorization) {
    if (hasIam(authorization)) {
      return authorization;
    }
    List<AuthorizationMode> modes = modes(authorization);
    List<AuthorizationMode> additional = new ArrayList<>(modes.subList(1, modes.size()));
    additional.add(AuthorizationMode.builder().authorizationType(AuthorizationType.IAM).build());
    return AuthorizationConfig.builder()
        .defaultAuthorization(modes.get(0))
        .additionalAuthorizationModes(additional)
        .build();
  }
}
