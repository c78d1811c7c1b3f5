package com.example.guide;

import io.taskflow4j.task.AbstractTask;
import io.taskflow4j.task.TaskContext;
import io.taskflow4j.task.TaskSpec;

/** A task served under a name of one's choice, built with a dependency. */
public final class Refund extends AbstractTask {
  private final PaymentGateway gateway;

  /**
   * Creates the task.
   *
   * @param name the task's name in its flow
   * @param gateway where refunds go
   */
  public Refund(String name, PaymentGateway gateway) {
    super(TaskSpec.builder(name).requires("payment").provides("refund").build());
    this.gateway = gateway;
  }

  @Override
  public Object execute(TaskContext ctx) {
    return gateway.refund(ctx.argument("payment", String.class));
  }

  /** Where refunds go. */
  @FunctionalInterface
  public interface PaymentGateway {
    /**
     * Refunds a payment.
     *
     * @param payment the payment
     * @return the refund's reference
     */
    String refund(String payment);
  }
}
