package io.taskflow4j.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskflow4j.remote.RequestHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a worker reads of a request's headers: string values within the limits, nothing else. */
class ExtraHeadersTest {

  @Test
  void onlyStringHeadersWithinTheLimitsAreRead() {
    Map<String, Object> received = new LinkedHashMap<>();
    received.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    received.put("attempt", 3);
    received.put("nested", Map.of("a", "b"));
    received.put("list", List.of("x"));
    received.put("with space", "x");
    received.put("tab\tname", "x");
    received.put("ü", "x");
    received.put("n".repeat(RequestHeaders.MAX_NAME_LENGTH + 1), "x");
    received.put("n".repeat(RequestHeaders.MAX_NAME_LENGTH), "longest name");
    received.put("too-long", "v".repeat(RequestHeaders.MAX_VALUE_LENGTH + 1));
    received.put("empty", "");

    assertThat(ExtraHeaders.readable(received)).containsOnlyKeys(
        "traceparent", "n".repeat(RequestHeaders.MAX_NAME_LENGTH), "empty");
  }

  @Test
  void atMostTheLimitAreReadAndNoneFromNone() {
    Map<String, Object> many = new LinkedHashMap<>();
    for (int i = 0; i < RequestHeaders.MAX_HEADERS * 2; i++) {
      many.put("h" + i, "v");
    }
    assertThat(ExtraHeaders.readable(many)).hasSize(RequestHeaders.MAX_HEADERS).containsKey("h0");
    assertThat(ExtraHeaders.readable(Map.of())).isEmpty();
    assertThat(ExtraHeaders.readable(Map.of("attempt", 1))).isEmpty();
  }
}
