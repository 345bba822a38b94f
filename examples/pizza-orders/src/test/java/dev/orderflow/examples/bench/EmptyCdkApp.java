package dev.orderflow.examples.bench;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The synth baselines of scripts/bench-synth.sh: an app as {@code cdk init app --language java}
 * makes one, with one stack and no resources; with the argument {@code queue}, the same app with
 * the sample queue that the template leaves commented out.
 */
public final class EmptyCdkApp {

  private EmptyCdkApp() {}

  /** The stack the template creates. */
  static final class InitStack extends Stack {
    InitStack(Construct scope, String id, StackProps props, boolean withSampleQueue) {
      super(scope, id, props);
      if (withSampleQueue) {
        Queue.Builder.create(this, "InitQueue").visibilityTimeout(Duration.seconds(300)).build();
      }
    }
  }

  public static void main(String[] args) {
    App app = new App();
    new InitStack(app, "InitStack", StackProps.builder().build(), args.length > 0 && args[0].equals("queue"));
    app.synth();
  }
}
