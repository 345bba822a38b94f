package dev.orderflow.constructs;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.immutables.value.Value;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.pipes.CfnPipe;

/**
 * Settings of a pipe's {@code AWS::Pipes::Pipe} resource that a pipe of OrderFlow passes through
 * as they are ({@link PipeOptions#pipeSettings()}): the properties of {@code CfnPipeProps} that the
 * construct does not own. The role, source, target, enrichment, log configuration and key are the
 * construct's (its role is granted exactly what they need; the log settings and key are its own
 * props).
 *
 * <p>Source and target parameters are merged into the construct's: what it leaves unset (such as
 * a stream pipe's {@code parallelizationFactor}, or {@code resources} of an event bus target) is
 * taken from here; what it sets itself (the batch size, the dead-letter queue, the filters, the
 * input template) must be left unset here or given the same value, else the construct refuses it
 * when it is created, naming it.
 */
@Value.Immutable
public interface PipeSettings {

  /** What a pipe name may hold, as CloudFormation says. */
  Pattern NAME = Pattern.compile("^[.\\-_A-Za-z0-9]{1,64}$");

  /**
   * The pipe's name, up to 64 letters, digits, dots, hyphens and underscores.
   *
   * @default - a name CloudFormation makes up
   */
  Optional<String> name();

  /**
   * The pipe's description, up to 512 characters.
   *
   * @default - the construct's own description
   */
  Optional<String> description();

  /**
   * {@code RUNNING} or {@code STOPPED}: a stopped pipe reads nothing until it is started.
   *
   * @default "RUNNING"
   */
  Optional<String> desiredState();

  /**
   * Tags of the pipe.
   *
   * @default - none beyond those the stack's tags add
   */
  Map<String, String> tags();

  /**
   * Source parameters merged into the construct's.
   *
   * @default - the construct's alone
   */
  Optional<CfnPipe.PipeSourceParametersProperty> sourceParameters();

  /**
   * Target parameters merged into the construct's.
   *
   * @default - the construct's alone
   */
  Optional<CfnPipe.PipeTargetParametersProperty> targetParameters();

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void check() {
    name().filter(name -> !Token.isUnresolved(name) && !NAME.matcher(name).matches()).ifPresent(name -> {
      throw new IllegalArgumentException("name must be 1 to 64 letters, digits, dots, hyphens or underscores, but \""
          + name + "\" was provided");
    });
    description().filter(text -> !Token.isUnresolved(text) && text.length() > 512).ifPresent(text -> {
      throw new IllegalArgumentException(
          "description must be at most 512 characters, but " + text.length() + " were provided");
    });
    desiredState().filter(state -> !Token.isUnresolved(state) && !List.of("RUNNING", "STOPPED").contains(state))
        .ifPresent(state -> {
          throw new IllegalArgumentException(
              "desiredState must be RUNNING or STOPPED, but \"" + state + "\" was provided");
        });
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutablePipeSettings.Builder builder() {
    return ImmutablePipeSettings.builder();
  }
}
