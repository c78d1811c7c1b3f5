package io.taskflow4j.engine.internal;

/**
 * Where one argument's value comes from: a provider atom's result (by index into its provides),
 * an engine input, or an injected constant. Immutable.
 */
record Binding(int providerNode, int providesIndex, String inputName, Object constant, Kind kind) {

  enum Kind {
    PROVIDER,
    INPUT,
    CONSTANT
  }

  static Binding provider(int node, int index) {
    return new Binding(node, index, null, null, Kind.PROVIDER);
  }

  static Binding input(String name) {
    return new Binding(-1, -1, name, null, Kind.INPUT);
  }

  static Binding constant(Object value) {
    return new Binding(-1, -1, null, value, Kind.CONSTANT);
  }
}
