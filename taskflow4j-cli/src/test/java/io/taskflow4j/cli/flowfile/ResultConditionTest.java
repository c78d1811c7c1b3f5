package io.taskflow4j.cli.flowfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.cli.flowfile.ResultCondition.Comparison;
import io.taskflow4j.flow.DeciderHistory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResultConditionTest {

  private static final SourceLocation AT = new SourceLocation("c.yaml", 9, 11, "flow.links[0].when");

  private static ResultCondition on(Comparison test, Object operand) {
    return new ResultCondition("score", Optional.empty(), test, operand, AT);
  }

  private static ResultCondition onKey(String key, Comparison test, Object operand) {
    return new ResultCondition("check", Optional.of(key), test, operand, AT);
  }

  private static DeciderHistory score(Object result) {
    return DeciderHistory.of("score", result);
  }

  @Test
  void numbersCompareByValueWhateverTheirJavaType() {
    assertThat(on(Comparison.LESS_THAN, 50).shouldRun(score(49L))).isTrue();
    assertThat(on(Comparison.LESS_THAN, 50).shouldRun(score(new BigDecimal("50.000")))).isFalse();
    assertThat(on(Comparison.LESS_THAN, 50).shouldRun(score(49.5f))).isTrue();
    assertThat(on(Comparison.AT_MOST, 0.1).shouldRun(score(0.1f))).as("0.1f is 0.1, not its binary expansion").isTrue();
    assertThat(on(Comparison.GREATER_THAN, new BigInteger("9223372036854775808")).shouldRun(score(Long.MAX_VALUE))).isFalse();
    assertThat(on(Comparison.AT_LEAST, 2).shouldRun(score(2.0))).isTrue();
    assertThat(on(Comparison.GREATER_THAN, 2).shouldRun(score(Double.POSITIVE_INFINITY))).isTrue();
    assertThat(on(Comparison.AT_LEAST, 2).shouldRun(score(Double.NaN))).as("NaN orders with nothing").isFalse();
  }

  @Test
  void equalsComparesJsonValuesNumbersByValue() {
    assertThat(on(Comparison.EQUALS, 1).shouldRun(score(1.0))).isTrue();
    assertThat(on(Comparison.EQUALS, List.of(1, "a")).shouldRun(score(List.of(1L, "a")))).isTrue();
    assertThat(on(Comparison.EQUALS, List.of(1, "a")).shouldRun(score(List.of("a", 1)))).isFalse();
    assertThat(on(Comparison.EQUALS, Map.of("n", 2)).shouldRun(score(Map.of("n", 2.0)))).isTrue();
    assertThat(on(Comparison.EQUALS, Map.of("n", 2)).shouldRun(score(Map.of("m", 2)))).isFalse();
    assertThat(on(Comparison.EQUALS, "1").shouldRun(score(1))).as("a string is not a number").isFalse();
    assertThat(on(Comparison.EQUALS, null).shouldRun(score(null))).as("a task that returned nothing").isTrue();
    assertThat(on(Comparison.NOT_EQUALS, "ok").shouldRun(score("ok"))).isFalse();
    assertThat(on(Comparison.NOT_EQUALS, "ok").shouldRun(score(null))).isTrue();
  }

  @Test
  void inAndNotInLookForAnEqualValueInTheList() {
    assertThat(on(Comparison.IN, List.of("a", 2)).shouldRun(score(2L))).isTrue();
    assertThat(on(Comparison.IN, List.of("a", 2)).shouldRun(score("b"))).isFalse();
    assertThat(on(Comparison.NOT_IN, Arrays.asList("a", null)).shouldRun(score(null))).isFalse();
    assertThat(on(Comparison.NOT_IN, List.of("a")).shouldRun(score("b"))).isTrue();
  }

  @Test
  void isTrueAndIsFalseTestABooleanResult() {
    assertThat(on(Comparison.IS_TRUE, null).shouldRun(score(true))).isTrue();
    assertThat(on(Comparison.IS_TRUE, null).shouldRun(score(false))).isFalse();
    assertThat(on(Comparison.IS_FALSE, null).shouldRun(score(false))).isTrue();
  }

  @Test
  void fieldTestsOneKeyOfAMapResult() {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("status", "ok");
    result.put("count", 3);

    assertThat(onKey("status", Comparison.EQUALS, "ok").shouldRun(DeciderHistory.of("check", result))).isTrue();
    assertThat(onKey("count", Comparison.GREATER_THAN, 3).shouldRun(DeciderHistory.of("check", result))).isFalse();
    assertThatThrownBy(() -> onKey("state", Comparison.EQUALS, "ok").shouldRun(DeciderHistory.of("check", result)))
        .hasMessage("the condition check.state == \"ok\" (c.yaml:9:11: flow.links[0].when) tests the key 'state'"
            + " of the result of 'check', which has no such key; its keys are [status, count]");
    assertThatThrownBy(() -> onKey("status", Comparison.EQUALS, "ok").shouldRun(DeciderHistory.of("check", "ok")))
        .hasMessage("the condition check.status == \"ok\" (c.yaml:9:11: flow.links[0].when) needs an object with"
            + " the key 'status', but the result of 'check' is a JSON string (\"ok\")");
  }

  @Test
  void aResultOfTheWrongKindFailsNamingTheConditionAndWhereItIsWritten() {
    assertThatThrownBy(() -> on(Comparison.LESS_THAN, 50).shouldRun(score("abc")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the condition score < 50 (c.yaml:9:11: flow.links[0].when) needs a number, but the result"
            + " of 'score' is a JSON string (\"abc\")");
    assertThatThrownBy(() -> on(Comparison.IS_TRUE, null).shouldRun(score(null)))
        .hasMessage("the condition score is true (c.yaml:9:11: flow.links[0].when) needs a boolean, but the"
            + " result of 'score' is null (nothing)");
  }

  @Test
  void aSkippedAtomsResultSatisfiesNoCondition() {
    DeciderHistory withoutScore = DeciderHistory.of("other", 1);

    assertThat(on(Comparison.NOT_EQUALS, 1).shouldRun(withoutScore)).isFalse();
    assertThat(on(Comparison.NOT_IN, List.of(1)).shouldRun(withoutScore)).isFalse();
  }

  @Test
  void describeWritesTheConditionShortly() {
    assertThat(on(Comparison.AT_LEAST, 50).describe()).isEqualTo("score >= 50");
    assertThat(onKey("tags", Comparison.NOT_IN, List.of("x", 1)).describe()).isEqualTo("check.tags not in [\"x\", 1]");
    assertThat(on(Comparison.IS_FALSE, null).describe()).isEqualTo("score is false");
  }
}
