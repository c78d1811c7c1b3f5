package io.taskflow4j.cli.flowfile;

import io.taskflow4j.internal.Durations;
import io.taskflow4j.cli.flowfile.Node.Field;
import io.taskflow4j.cli.flowfile.Node.ListNode;
import io.taskflow4j.cli.flowfile.Node.MapNode;
import io.taskflow4j.cli.flowfile.Node.Position;
import io.taskflow4j.cli.flowfile.Node.ScalarNode;
import io.taskflow4j.flow.DeciderDepth;
import io.taskflow4j.flow.FanOut;
import io.taskflow4j.retry.Backoff;
import io.taskflow4j.retry.Retry;
import io.taskflow4j.retry.RetryDecision;
import io.taskflow4j.task.TaskSpec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a {@link Node} tree into declarations, checking the flow-file schema: allowed fields,
 * required fields, types and values. Every error names the position and field path. Not
 * thread-safe; one reader reads one file.
 */
final class SchemaReader {

  static final List<String> TOP_FIELDS = List.of("inputs", "flow");
  static final List<String> FLOW_FIELDS = List.of("name", "pattern", "retry", "elements", "links");
  static final List<String> TASK_FIELDS =
      List.of(
          "task", "name", "version", "requires", "provides", "rebind", "inject", "priority", "optional",
          "revert_requires", "revert_rebind");
  static final List<String> FAN_OUT_FIELDS =
      List.of("name", "over", "task", "argument", "provides", "version", "requires", "rebind", "inject");
  static final List<String> LINK_FIELDS = List.of("from", "to", "when", "decider", "depth");
  static final List<String> WHEN_TESTS =
      Arrays.stream(ResultCondition.Comparison.values()).map(ResultCondition.Comparison::field).toList();
  static final List<String> WHEN_FIELDS = whenFields();
  static final List<String> BACKOFF_FIELDS = List.of("initial", "multiplier", "max");
  static final List<String> RETRY_COMMON_FIELDS = List.of("kind", "name", "backoff");
  static final Map<String, List<String>> RETRY_KIND_FIELDS = retryKinds();

  private final String file;

  SchemaReader(String file) {
    this.file = file;
  }

  private static List<String> whenFields() {
    List<String> fields = new ArrayList<>(List.of("result", "field"));
    fields.addAll(WHEN_TESTS);
    return List.copyOf(fields);
  }

  private static Map<String, List<String>> retryKinds() {
    Map<String, List<String>> kinds = new LinkedHashMap<>();
    kinds.put("times", List.of("attempts", "on_exhausted"));
    kinds.put("for_each", List.of("values", "provides"));
    kinds.put("parameterized_for_each", List.of("values_from", "provides"));
    kinds.put("always_revert", List.of());
    kinds.put("always_revert_all", List.of());
    return java.util.Collections.unmodifiableMap(kinds);
  }

  FlowFile readDocument(Node root) {
    MapNode top = object(root, "", "the file");
    allowOnly(top, "", TOP_FIELDS, "the top level of a flow file");
    Map<String, Object> inputs =
        optionalValues(top, "", "inputs");
    FlowDeclaration flow = readFlow(required(top, "", "flow", "a flow file").value(), "flow");
    return new FlowFile(file, inputs, flow);
  }

  // ---- flows and elements

  private FlowDeclaration readFlow(Node node, String path) {
    MapNode flow = object(node, path, "a flow");
    allowOnly(flow, path, FLOW_FIELDS, "a flow");
    String name = name(required(flow, path, "name", "a flow"), child(path, "name"));
    FlowPattern pattern = pattern(required(flow, path, "pattern", "a flow"), child(path, "pattern"));
    Optional<RetryDeclaration> retry =
        field(flow, "retry").map(f -> readRetry(f.value(), child(path, "retry")));

    Field elementsField = required(flow, path, "elements", "a flow");
    String elementsPath = child(path, "elements");
    ListNode elementList = list(elementsField.value(), elementsPath);
    if (elementList.items().isEmpty()) {
      throw error(elementList.position(), elementsPath, "a flow needs at least one element");
    }
    List<ElementDeclaration> elements = new ArrayList<>();
    for (int i = 0; i < elementList.items().size(); i++) {
      elements.add(readElement(elementList.items().get(i), index(elementsPath, i)));
    }

    List<LinkDeclaration> links = new ArrayList<>();
    Optional<Field> linksField = field(flow, "links");
    if (linksField.isPresent()) {
      String linksPath = child(path, "links");
      if (pattern != FlowPattern.GRAPH) {
        throw error(
            linksField.get().keyPosition(),
            linksPath,
            "links are only allowed in graph flows; flow '"
                + name
                + "' is "
                + pattern.fileName()
                + " (its elements already run "
                + (pattern == FlowPattern.LINEAR ? "in the order written)" : "in any order)"));
      }
      ListNode linkList = list(linksField.get().value(), linksPath);
      for (int i = 0; i < linkList.items().size(); i++) {
        links.add(readLink(linkList.items().get(i), index(linksPath, i)));
      }
    }
    return new FlowDeclaration(name, pattern, retry, elements, links, location(flow, path));
  }

  private ElementDeclaration readElement(Node node, String path) {
    MapNode element = object(node, path, "an element (a task, a nested flow or a fan-out)");
    boolean isTask = element.fields().containsKey("task");
    boolean isFlow = element.fields().containsKey("flow");
    if (element.fields().containsKey("fan_out")) {
      return readFanOut(element, path);
    }
    if (isTask && isFlow) {
      throw error(
          element.fields().get("flow").keyPosition(),
          child(path, "flow"),
          "an element is either a task (with 'task') or a nested flow (with 'flow'), not both");
    }
    if (isFlow) {
      onlyField(element, path, "flow", "a nested flow", "the flow's name and pattern");
      String flowPath = child(path, "flow");
      return readFlow(element.fields().get("flow").value(), flowPath);
    }
    if (isTask) {
      return readTask(element, path);
    }
    throw error(
        element.position(),
        path,
        "an element needs 'task' (a task class), 'flow' (a nested flow) or 'fan_out' (a task per"
            + " item of an input list)"
            + hintForMisspeltKind(element));
  }

  private static String hintForMisspeltKind(MapNode element) {
    for (String key : element.fields().keySet()) {
      Optional<String> meant = Suggestions.closest(key, List.of("task", "flow", "fan_out"));
      if (meant.isPresent()) {
        return "; found '" + key + "' (did you mean '" + meant.get() + "'?)";
      }
    }
    return "";
  }

  private TaskDeclaration readTask(MapNode task, String path) {
    allowOnly(task, path, TASK_FIELDS, "a task");
    Field taskField = task.fields().get("task");
    String taskPath = child(path, "task");
    String taskClass = name(taskField, taskPath);
    String name =
        field(task, "name").map(f -> name(f, child(path, "name"))).orElse(taskClass);
    Optional<String> version = field(task, "version").map(f -> version(f, child(path, "version")));
    Optional<List<String>> requires =
        field(task, "requires").map(f -> nameList(f.value(), child(path, "requires")));
    Optional<List<String>> provides =
        field(task, "provides").map(f -> nameList(f.value(), child(path, "provides")));
    Map<String, String> rebind =
        optionalNameMap(task, path, "rebind");
    Map<String, Object> inject =
        optionalValues(task, path, "inject");
    Optional<Integer> priority = field(task, "priority").map(f -> priority(f.value(), child(path, "priority")));
    List<String> optional = List.of();
    Optional<Field> optionalField = field(task, "optional");
    if (optionalField.isPresent()) {
      String optionalPath = child(path, "optional");
      Node value = optionalField.get().value();
      optional = nameList(value, optionalPath);
      for (int i = 0; i < optional.size(); i++) {
        if (requires.orElse(List.of()).contains(optional.get(i))) {
          boolean listed = value instanceof ListNode;
          throw error(
              listed ? ((ListNode) value).items().get(i).position() : value.position(),
              listed ? index(optionalPath, i) : optionalPath,
              "'" + optional.get(i) + "' is listed under requires too; an argument is either required or"
                  + " optional");
        }
      }
    }
    List<String> revertRequires =
        optionalNames(task, path, "revert_requires");
    Map<String, String> revertRebind =
        optionalNameMap(task, path, "revert_rebind");
    return new TaskDeclaration(
        taskClass,
        name,
        version,
        requires,
        provides,
        rebind,
        inject,
        priority,
        optional,
        revertRequires,
        revertRebind,
        location(task, path),
        location(taskField.value(), taskPath));
  }

  /** Refuses an element with a field beside the one that says what it is, naming where it goes. */
  private void onlyField(MapNode element, String path, String key, String what, String inside) {
    for (Field field : element.fields().values()) {
      if (!field.key().equals(key)) {
        throw error(
            field.keyPosition(),
            child(path, field.key()),
            what + " element has only the field '" + key + "'; put '" + field.key()
                + "' inside it, next to " + inside);
      }
    }
  }

  private FanOutDeclaration readFanOut(MapNode element, String path) {
    onlyField(element, path, "fan_out", "a fan-out", "its over, task and provides");
    String fanPath = child(path, "fan_out");
    MapNode fan = object(element.fields().get("fan_out").value(), fanPath, "a fan-out");
    allowOnly(fan, fanPath, FAN_OUT_FIELDS, "a fan-out");
    Field overField = required(fan, fanPath, "over", "a fan-out");
    String over = name(overField, child(fanPath, "over"));
    Field taskField = required(fan, fanPath, "task", "a fan-out");
    String taskClass = name(taskField, child(fanPath, "task"));
    String provides = name(required(fan, fanPath, "provides", "a fan-out"), child(fanPath, "provides"));
    String name = field(fan, "name").map(f -> name(f, child(fanPath, "name"))).orElse(taskClass);
    String argument =
        field(fan, "argument").map(f -> name(f, child(fanPath, "argument"))).orElse(FanOut.DEFAULT_ARGUMENT);
    Optional<String> version = field(fan, "version").map(f -> version(f, child(fanPath, "version")));
    List<String> requires =
        optionalNames(fan, fanPath, "requires");
    Map<String, String> rebind =
        optionalNameMap(fan, fanPath, "rebind");
    Map<String, Object> inject =
        optionalValues(fan, fanPath, "inject");
    return new FanOutDeclaration(
        name,
        over,
        taskClass,
        argument,
        provides,
        version,
        requires,
        rebind,
        inject,
        location(fan, fanPath),
        location(overField.value(), child(fanPath, "over")),
        location(taskField.value(), child(fanPath, "task")));
  }

  private LinkDeclaration readLink(Node node, String path) {
    MapNode link = object(node, path, "a link");
    allowOnly(link, path, LINK_FIELDS, "a link");
    Field from = required(link, path, "from", "a link");
    Field to = required(link, path, "to", "a link");
    String fromName = name(from, child(path, "from"));
    String toName = name(to, child(path, "to"));
    if (fromName.equals(toName)) {
      throw error(
          to.value().position(), child(path, "to"), "a link cannot go from '" + fromName + "' to itself");
    }
    SourceLocation fromLocation = location(from.value(), child(path, "from"));
    Optional<Field> when = field(link, "when");
    Optional<Field> decider = field(link, "decider");
    if (when.isPresent() && decider.isPresent()) {
      // The error points at whichever of the two is written second.
      Field second = List.copyOf(link.fields().keySet()).indexOf("when")
          > List.copyOf(link.fields().keySet()).indexOf("decider") ? when.get() : decider.get();
      throw error(
          second.keyPosition(),
          child(path, second.key()),
          "a link has either 'when' (a condition on a result) or 'decider' (a Java class), not both");
    }
    Optional<LinkDecider> linkDecider;
    if (when.isPresent()) {
      linkDecider = Optional.of(readWhen(when.get().value(), child(path, "when"), fromName, fromLocation));
    } else if (decider.isPresent()) {
      String deciderPath = child(path, "decider");
      linkDecider = Optional.of(
          new LinkDecider.JavaClass(name(decider.get(), deciderPath), location(decider.get().value(), deciderPath)));
    } else {
      linkDecider = Optional.empty();
    }
    DeciderDepth depth = DeciderDepth.ALL;
    Optional<Field> depthField = field(link, "depth");
    if (depthField.isPresent()) {
      String depthPath = child(path, "depth");
      if (linkDecider.isEmpty()) {
        throw error(
            depthField.get().keyPosition(),
            depthPath,
            "'depth' says what a link's condition skips when it does not hold; this link has no 'when' or"
                + " 'decider'");
      }
      Node value = depthField.get().value();
      try {
        depth = DeciderDepth.parse(string(value, depthPath));
      } catch (IllegalArgumentException e) {
        throw error(value.position(), depthPath, e.getMessage());
      }
    }
    return new LinkDeclaration(
        fromName, toName, fromLocation, location(to.value(), child(path, "to")), linkDecider, depth);
  }

  /** A {@code when} condition; the atom it tests is {@code from} unless it names another. */
  private LinkDecider.When readWhen(Node node, String path, String from, SourceLocation fromLocation) {
    MapNode when = object(node, path, "a condition on a result");
    allowOnly(when, path, WHEN_FIELDS, "a condition");
    String atom = from;
    SourceLocation resultLocation = fromLocation;
    Optional<Field> result = field(when, "result");
    if (result.isPresent()) {
      atom = name(result.get(), child(path, "result"));
      resultLocation = location(result.get().value(), child(path, "result"));
    }
    Optional<String> key = field(when, "field").map(f -> name(f, child(path, "field")));
    ResultCondition.Comparison test = null;
    Field testField = null;
    for (Field each : when.fields().values()) {
      for (ResultCondition.Comparison candidate : ResultCondition.Comparison.values()) {
        if (candidate.field().equals(each.key())) {
          if (test != null) {
            throw error(
                each.keyPosition(),
                child(path, each.key()),
                "a condition makes one test; this one has both '" + test.field() + "' and '" + each.key() + "'");
          }
          test = candidate;
          testField = each;
        }
      }
    }
    if (test == null) {
      throw error(
          when.position(),
          path,
          "a condition needs one test: " + String.join(", ", WHEN_TESTS));
    }
    Object operand = operand(test, testField.value(), child(path, test.field()));
    SourceLocation location = location(when, path);
    return new LinkDecider.When(new ResultCondition(atom, key, test, operand, location), location, resultLocation);
  }

  /** The value a condition's test compares with, checked for the test. */
  private Object operand(ResultCondition.Comparison test, Node node, String path) {
    if (test.comparesNumbers()) {
      if (node instanceof ScalarNode scalar
          && scalar.value() instanceof Number number
          && !(number instanceof Double d && !Double.isFinite(d))) {
        return number;
      }
      throw error(
          node.position(), path, test.field() + " compares numbers; expected a number, got " + describe(node));
    }
    if (test.takesList()) {
      ListNode values = list(node, path);
      if (values.items().isEmpty()) {
        throw error(
            node.position(), path, test.field() + " needs at least one value to compare with");
      }
      return plainValue(values);
    }
    if (test.takesNoValue()) {
      // YAML reads a field left without a value as null or, in {...}, as an empty string.
      if (node instanceof ScalarNode scalar
          && (scalar.value() == null || "".equals(scalar.value()) || Boolean.TRUE.equals(scalar.value()))) {
        return null;
      }
      throw error(
          node.position(),
          path,
          test.field() + " takes no value (or true), got " + describe(node)
              + (test == ResultCondition.Comparison.IS_TRUE ? "; write is_false for the opposite" : "; write is_true for the opposite"));
    }
    return plainValue(node);
  }

  // ---- retries

  private RetryDeclaration readRetry(Node node, String path) {
    MapNode retry = object(node, path, "a retry");
    Field kindField = required(retry, path, "kind", "a retry");
    String kindPath = child(path, "kind");
    String kind = string(kindField.value(), kindPath);
    List<String> kindFields = RETRY_KIND_FIELDS.get(kind);
    if (kindFields == null) {
      throw error(
          kindField.value().position(),
          kindPath,
          "unknown retry kind '"
              + kind
              + "'"
              + Suggestions.didYouMean(kind, RETRY_KIND_FIELDS.keySet())
              + "; use one of "
              + String.join(", ", RETRY_KIND_FIELDS.keySet()));
    }
    List<String> allowed = new ArrayList<>(RETRY_COMMON_FIELDS);
    allowed.addAll(kindFields);
    allowOnly(retry, path, allowed, "a " + kind + " retry");

    Retry controller;
    switch (kind) {
      case "times":
        Field attemptsField = required(retry, path, "attempts", "a times retry");
        int attempts = positiveInt(attemptsField.value(), child(path, "attempts"));
        RetryDecision exhausted =
            field(retry, "on_exhausted")
                .map(f -> exhaustedDecision(f.value(), child(path, "on_exhausted")))
                .orElse(RetryDecision.REVERT);
        controller = Retry.times(attempts, exhausted);
        break;
      case "for_each":
        Field valuesField = required(retry, path, "values", "a for_each retry");
        ListNode values = list(valuesField.value(), child(path, "values"));
        if (values.items().isEmpty()) {
          throw error(
              values.position(), child(path, "values"), "a for_each retry needs at least one value");
        }
        List<Object> plain = new ArrayList<>();
        values.items().forEach(item -> plain.add(plainValue(item)));
        controller =
            Retry.forEach(
                plain, name(required(retry, path, "provides", "a for_each retry"), child(path, "provides")));
        break;
      case "parameterized_for_each":
        String valuesFrom =
            name(
                required(retry, path, "values_from", "a parameterized_for_each retry"),
                child(path, "values_from"));
        String provides =
            name(
                required(retry, path, "provides", "a parameterized_for_each retry"),
                child(path, "provides"));
        controller = Retry.parameterizedForEach(valuesFrom, provides);
        break;
      case "always_revert":
        controller = Retry.alwaysRevert();
        break;
      default:
        controller = Retry.alwaysRevertAll();
        break;
    }
    Optional<Field> name = field(retry, "name");
    if (name.isPresent()) {
      controller = controller.named(name(name.get(), child(path, "name")));
    }
    Optional<Field> backoff = field(retry, "backoff");
    if (backoff.isPresent()) {
      controller = controller.withBackoff(readBackoff(backoff.get().value(), child(path, "backoff")));
    }
    return new RetryDeclaration(kind, controller, location(retry, path));
  }

  private RetryDecision exhaustedDecision(Node node, String path) {
    String value = string(node, path);
    switch (value) {
      case "revert":
        return RetryDecision.REVERT;
      case "revert_all":
        return RetryDecision.REVERT_ALL;
      default:
        throw error(
            node.position(),
            path,
            "unknown value '" + value + "'; use revert (the default) or revert_all");
    }
  }

  private Backoff readBackoff(Node node, String path) {
    MapNode backoff = object(node, path, "a backoff");
    allowOnly(backoff, path, BACKOFF_FIELDS, "a backoff");
    Field initialField = required(backoff, path, "initial", "a backoff");
    Duration initial = duration(initialField.value(), child(path, "initial"));
    double multiplier = 1.0;
    Optional<Field> multiplierField = field(backoff, "multiplier");
    if (multiplierField.isPresent()) {
      String multiplierPath = child(path, "multiplier");
      multiplier = number(multiplierField.get().value(), multiplierPath);
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw error(
            multiplierField.get().value().position(),
            multiplierPath,
            "the multiplier must be a number of at least 1, got " + multiplier);
      }
    }
    Optional<Field> maxField = field(backoff, "max");
    Duration max;
    if (maxField.isPresent()) {
      max = duration(maxField.get().value(), child(path, "max"));
      if (max.compareTo(initial) < 0) {
        throw error(
            maxField.get().value().position(),
            child(path, "max"),
            "max (" + max + ") is shorter than initial (" + initial + ")");
      }
    } else if (multiplier > 1.0) {
      throw error(
          backoff.position(),
          path,
          "a backoff with a multiplier above 1 needs 'max', the longest delay");
    } else {
      max = initial;
    }
    return new Backoff(initial, multiplier, max);
  }

  private Duration duration(Node node, String path) {
    try {
      if (node instanceof ScalarNode scalar && scalar.value() instanceof Number number) {
        if (number instanceof Double d && !Double.isFinite(d)) {
          throw new IllegalArgumentException("a duration must be finite; " + Durations.HINT);
        }
        return Durations.ofSeconds(new BigDecimal(number.toString()));
      }
      return Durations.parse(string(node, path));
    } catch (IllegalArgumentException e) {
      throw error(node.position(), path, e.getMessage());
    }
  }

  // ---- typed values

  private MapNode object(Node node, String path, String what) {
    if (node instanceof MapNode map) {
      return map;
    }
    throw error(node.position(), path, "expected an object (" + what + "), got " + describe(node));
  }

  private ListNode list(Node node, String path) {
    if (node instanceof ListNode list) {
      return list;
    }
    throw error(node.position(), path, "expected a list, got " + describe(node));
  }

  private String string(Node node, String path) {
    if (node instanceof ScalarNode scalar && scalar.value() instanceof String text) {
      return text;
    }
    throw error(node.position(), path, "expected a string, got " + describe(node));
  }

  private String name(Field field, String path) {
    return name(field.value(), path);
  }

  private String name(Node node, String path) {
    String text = string(node, path);
    if (text.isBlank()) {
      throw error(node.position(), path, "must not be empty");
    }
    return text;
  }

  private String version(Field field, String path) {
    Node node = field.value();
    // YAML reads an unquoted 1.0 as a number; its spelling is the version that was meant.
    if (node instanceof ScalarNode scalar && scalar.value() instanceof Number) {
      return scalar.text();
    }
    return name(node, path);
  }

  private FlowPattern pattern(Field field, String path) {
    String text = string(field.value(), path);
    for (FlowPattern pattern : FlowPattern.values()) {
      if (pattern.fileName().equals(text)) {
        return pattern;
      }
    }
    List<String> names = Arrays.stream(FlowPattern.values()).map(FlowPattern::fileName).toList();
    throw error(
        field.value().position(),
        path,
        "unknown pattern '"
            + text
            + "'"
            + Suggestions.didYouMean(text, names)
            + "; use linear, unordered or graph");
  }

  private int positiveInt(Node node, String path) {
    if (node instanceof ScalarNode scalar
        && (scalar.value() instanceof Integer
            || scalar.value() instanceof Long
            || scalar.value() instanceof BigInteger)) {
      BigInteger value =
          scalar.value() instanceof BigInteger big
              ? big
              : BigInteger.valueOf(((Number) scalar.value()).longValue());
      if (value.signum() <= 0 || value.bitLength() > 31) {
        throw error(node.position(), path, "expected a whole number from 1, got " + scalar.text());
      }
      return value.intValue();
    }
    throw error(node.position(), path, "expected a whole number from 1, got " + describe(node));
  }

  private int priority(Node node, String path) {
    String expected = "expected a whole number from " + TaskSpec.MIN_PRIORITY + " to " + TaskSpec.MAX_PRIORITY;
    if (node instanceof ScalarNode scalar
        && (scalar.value() instanceof Integer
            || scalar.value() instanceof Long
            || scalar.value() instanceof BigInteger)) {
      BigInteger value =
          scalar.value() instanceof BigInteger big
              ? big
              : BigInteger.valueOf(((Number) scalar.value()).longValue());
      if (value.compareTo(BigInteger.valueOf(TaskSpec.MIN_PRIORITY)) < 0
          || value.compareTo(BigInteger.valueOf(TaskSpec.MAX_PRIORITY)) > 0) {
        throw error(node.position(), path, expected + ", got " + scalar.text());
      }
      return value.intValue();
    }
    throw error(node.position(), path, expected + ", got " + describe(node));
  }

  private double number(Node node, String path) {
    if (node instanceof ScalarNode scalar && scalar.value() instanceof Number number) {
      return number.doubleValue();
    }
    throw error(node.position(), path, "expected a number, got " + describe(node));
  }

  /** A single name or a list of names, each non-blank and unique. */
  private List<String> nameList(Node node, String path) {
    if (node instanceof ScalarNode scalar && scalar.value() instanceof String) {
      return List.of(name(node, path));
    }
    if (!(node instanceof ListNode list)) {
      throw error(node.position(), path, "expected a name or a list of names, got " + describe(node));
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < list.items().size(); i++) {
      Node item = list.items().get(i);
      String name = name(item, index(path, i));
      if (!names.add(name)) {
        throw error(item.position(), index(path, i), "'" + name + "' is listed twice");
      }
    }
    return List.copyOf(names);
  }

  private Map<String, String> nameMap(Node node, String path) {
    MapNode map = object(node, path, "a map of names");
    Map<String, String> names = new LinkedHashMap<>();
    for (Field field : map.fields().values()) {
      String key = checkedKey(field, path);
      names.put(key, name(field.value(), child(path, key)));
    }
    return names;
  }

  private Map<String, Object> valueMap(Node node, String path) {
    MapNode map = object(node, path, "a map of values");
    Map<String, Object> values = new LinkedHashMap<>();
    for (Field field : map.fields().values()) {
      values.put(checkedKey(field, path), plainValue(field.value()));
    }
    return values;
  }

  private String checkedKey(Field field, String path) {
    if (field.key().isBlank()) {
      throw error(field.keyPosition(), path, "a name must not be empty");
    }
    return field.key();
  }

  /** The value as plain Java: maps, lists, strings, numbers, booleans and null. */
  static Object plainValue(Node node) {
    if (node instanceof ScalarNode scalar) {
      return scalar.value();
    } else if (node instanceof ListNode list) {
      List<Object> items = new ArrayList<>();
      list.items().forEach(item -> items.add(plainValue(item)));
      return items;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    ((MapNode) node).fields().forEach((key, field) -> map.put(key, plainValue(field.value())));
    return map;
  }

  // ---- fields

  /** The names listed under an optional field of a map; empty when it is absent. */
  private List<String> optionalNames(MapNode map, String path, String key) {
    return field(map, key).map(f -> nameList(f.value(), child(path, key))).orElse(List.of());
  }

  /** The name-to-name map under an optional field of a map; empty when it is absent. */
  private Map<String, String> optionalNameMap(MapNode map, String path, String key) {
    return field(map, key).map(f -> nameMap(f.value(), child(path, key))).orElse(Map.of());
  }

  /** The name-to-value map under an optional field of a map; empty when it is absent. */
  private Map<String, Object> optionalValues(MapNode map, String path, String key) {
    return field(map, key).map(f -> valueMap(f.value(), child(path, key))).orElse(Map.of());
  }

  private static Optional<Field> field(MapNode map, String key) {
    return Optional.ofNullable(map.fields().get(key));
  }

  private Field required(MapNode map, String path, String key, String what) {
    Field field = map.fields().get(key);
    if (field == null) {
      throw error(map.position(), path, what + " needs the field '" + key + "'");
    }
    return field;
  }

  private void allowOnly(MapNode map, String path, List<String> allowed, String what) {
    for (Field field : map.fields().values()) {
      if (!allowed.contains(field.key())) {
        throw error(
            field.keyPosition(),
            child(path, field.key()),
            "unknown field '"
                + field.key()
                + "' in "
                + what
                + Suggestions.didYouMean(field.key(), allowed)
                + "; the fields are: "
                + String.join(", ", allowed));
      }
    }
  }

  private static String describe(Node node) {
    if (node instanceof ScalarNode scalar && scalar.value() != null) {
      String text = scalar.text();
      return node.kind() + " (" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + ")";
    }
    return node.kind();
  }

  private SourceLocation location(Node node, String path) {
    return new SourceLocation(file, node.position().line(), node.position().column(), path);
  }

  private static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  private FlowFileException error(Position at, String path, String reason) {
    return new FlowFileException(new SourceLocation(file, at.line(), at.column(), path), reason);
  }
}
