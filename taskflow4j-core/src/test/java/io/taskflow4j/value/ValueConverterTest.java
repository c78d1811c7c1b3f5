package io.taskflow4j.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.taskflow4j.TaskflowException;
import io.taskflow4j.failure.Failure;
import io.taskflow4j.task.Arguments;
import io.taskflow4j.task.Outcome;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueConverterTest {

  record Vm(String name, int cpus) {}

  record Disk(String id, long sizeGb) {}

  record Server(Vm vm, List<Disk> disks, State state) {}

  record Tagged(String name, Optional<String> tag) {}

  enum State { BUILDING, ACTIVE }

  /** A POJO with getters and setters, as Jackson reads and writes them. */
  public static final class Flavor {
    private String name = "m1.small";
    private int ram = 2048;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public int getRam() {
      return ram;
    }

    public void setRam(int ram) {
      this.ram = ram;
    }
  }

  /** Points at itself. */
  public static final class Loop {
    public Loop next = this;
  }

  private final ValueConverter converter = ValueConverter.jackson();

  @Test
  void defaultIsShared() {
    assertThat(ValueConverter.jackson()).isSameAs(ValueConverter.jackson());
  }

  @Test
  void jsonScalarsPassAsTheyAre() {
    for (Object value : new Object[] {"text", true, 7, 7L, 2.5, new BigDecimal("1.10"),
        new BigInteger("123456789012345678901234567890")}) {
      assertThat(converter.toJson(value)).isSameAs(value);
    }
    assertThat(converter.toJson(null)).isNull();
  }

  @Test
  void jsonMapsAndListsPassWithoutCopying() {
    Map<String, Object> inner = new HashMap<>();
    inner.put("none", null);
    inner.put("list", new ArrayList<>(List.of(1, "two", 3.0)));
    Map<String, Object> map = new LinkedHashMap<>(Map.of("inner", inner, "n", 1));
    List<Object> list = List.of(map, List.of(), "x");

    assertThat(converter.toJson(map)).isSameAs(map);
    assertThat(converter.toJson(list)).isSameAs(list);
  }

  @Test
  void recordBecomesAMap() {
    assertThat(converter.toJson(new Vm("web-1", 4))).isEqualTo(Map.of("name", "web-1", "cpus", 4));
  }

  @Test
  void nestedRecordsListsOfRecordsAndEnumsConvertBothWays() {
    Server server = new Server(new Vm("db", 8),
        List.of(new Disk("a", 100), new Disk("b", 6_000_000_000L)), State.ACTIVE);

    Object json = converter.toJson(server);

    assertThat(json).isEqualTo(Map.of(
        "vm", Map.of("name", "db", "cpus", 8),
        "disks", List.of(Map.of("id", "a", "sizeGb", 100), Map.of("id", "b", "sizeGb", 6_000_000_000L)),
        "state", "ACTIVE"));
    assertThat(converter.fromJson(json, Server.class)).isEqualTo(server);
  }

  @Test
  void listsAndMapsHoldingRecordsConvert() {
    assertThat(converter.toJson(List.of(new Vm("a", 1), new Vm("b", 2))))
        .isEqualTo(List.of(Map.of("name", "a", "cpus", 1), Map.of("name", "b", "cpus", 2)));
    assertThat(converter.toJson(Map.of("vm", new Vm("a", 1))))
        .isEqualTo(Map.of("vm", Map.of("name", "a", "cpus", 1)));
    assertThat(converter.toJson(Set.of("only"))).isEqualTo(List.of("only"));
  }

  @Test
  void pojoConvertsThroughItsGettersAndSetters() {
    Object json = converter.toJson(new Flavor());

    assertThat(json).isEqualTo(Map.of("name", "m1.small", "ram", 2048));
    Flavor read = converter.fromJson(Map.of("name", "m1.large", "ram", 8192), Flavor.class);
    assertThat(read.getName()).isEqualTo("m1.large");
    assertThat(read.getRam()).isEqualTo(8192);
  }

  @Test
  void enumsConvertByName() {
    assertThat(converter.toJson(State.BUILDING)).isEqualTo("BUILDING");
    assertThat(converter.fromJson("ACTIVE", State.class)).isEqualTo(State.ACTIVE);
  }

  @Test
  void optionalsConvertToTheirContentOrNull() {
    assertThat(converter.toJson(Optional.of(new Vm("a", 1)))).isEqualTo(Map.of("name", "a", "cpus", 1));
    assertThat(converter.toJson(Optional.empty())).isNull();
    assertThat(converter.toJson(new Tagged("a", Optional.of("blue")))).isEqualTo(Map.of("name", "a", "tag", "blue"));
    Map<String, Object> untagged = new HashMap<>();
    untagged.put("name", "a");
    untagged.put("tag", null);
    assertThat(converter.toJson(new Tagged("a", Optional.empty()))).isEqualTo(untagged);

    assertThat(converter.fromJson(Map.of("name", "a", "tag", "blue"), Tagged.class))
        .isEqualTo(new Tagged("a", Optional.of("blue")));
    assertThat(converter.fromJson(untagged, Tagged.class)).isEqualTo(new Tagged("a", Optional.empty()));
    assertThat(converter.fromJson(Map.of("name", "a"), Tagged.class)).isEqualTo(new Tagged("a", Optional.empty()));
  }

  @Test
  void numbersConvertBetweenTypes() {
    assertThat(converter.fromJson(7, Long.class)).isEqualTo(7L);
    assertThat(converter.fromJson(7, Double.class)).isEqualTo(7.0);
    assertThat(converter.fromJson(7L, Integer.class)).isEqualTo(7);
    assertThat(converter.fromJson(7, long.class)).isEqualTo(7L);
    assertThat(converter.fromJson(7, BigDecimal.class)).isEqualTo(new BigDecimal("7"));
    assertThat(converter.fromJson(2.5, BigDecimal.class)).isEqualTo(new BigDecimal("2.5"));
    assertThat(converter.fromJson(7, BigInteger.class)).isEqualTo(BigInteger.valueOf(7));
    assertThat(converter.fromJson(7, Number.class)).isEqualTo(7);
    assertThat(converter.fromJson(Map.of("name", "a", "cpus", 2L), Vm.class)).isEqualTo(new Vm("a", 2));
  }

  @Test
  void unknownPropertiesAreIgnoredAndTextIsNotANumber() {
    assertThat(converter.fromJson(Map.of("name", "a", "cpus", 2, "zone", "eu"), Vm.class))
        .isEqualTo(new Vm("a", 2));
    assertThatThrownBy(() -> converter.fromJson("12", Long.class))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageContaining("JSON string")
        .hasMessageContaining("java.lang.Long");
  }

  @Test
  void nullReadsAsNullExceptForPrimitives() {
    assertThat(converter.fromJson(null, Vm.class)).isNull();
    assertThatThrownBy(() -> converter.fromJson(null, int.class))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageContaining("int");
  }

  @Test
  void anObjectWithoutPropertiesIsRefusedByType() {
    assertThatThrownBy(() -> converter.toJson(new Object()))
        .isInstanceOf(ValueConversionException.class)
        .isInstanceOf(TaskflowException.class)
        .hasMessageStartingWith("cannot convert a java.lang.Object to JSON: ");
  }

  @Test
  void aCycleIsRefusedByType() {
    assertThatThrownBy(() -> converter.toJson(new Loop()))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageContaining(Loop.class.getName())
        .hasMessageContaining("cycle");
  }

  @Test
  void aMapThatContainsItselfIsRefusedWithoutOverflowingTheStack() {
    Map<String, Object> map = new HashMap<>();
    map.put("self", map);

    assertThatThrownBy(() -> converter.toJson(map))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageContaining("java.util.HashMap")
        .hasMessageContaining("contains itself");
  }

  @Test
  void javaTimeIsRefusedSayingWhy() {
    assertThatThrownBy(() -> converter.toJson(Instant.EPOCH))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageContaining("java.time.Instant")
        .hasMessageContaining("not supported");
  }

  @Test
  void aJsonValueOfTheWrongShapeNamesBothTypes() {
    assertThatThrownBy(() -> converter.fromJson(List.of(1, 2), Vm.class))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageContaining("JSON array")
        .hasMessageContaining(Vm.class.getName());
  }

  @Test
  void aMapperOfTheCallersIsUsed() {
    ValueConverter lenient =
        ValueConverter.jackson(JsonMapper.builder().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build());

    assertThat(lenient.toJson(new Object())).isEqualTo(Map.of());
  }

  @Test
  void argumentsReadARecordFromAMap() {
    Arguments arguments = Arguments.of(Map.of("vm", Map.of("name", "web-1", "cpus", 4), "n", 3));

    assertThat(arguments.get("vm", Vm.class)).isEqualTo(new Vm("web-1", 4));
    assertThat(arguments.get("n", Long.class)).isEqualTo(3L);
    assertThat((Object) arguments.get("vm", Map.class)).isEqualTo(Map.of("name", "web-1", "cpus", 4));
    assertThatThrownBy(() -> arguments.get("n", Vm.class))
        .isInstanceOf(ValueConversionException.class)
        .hasMessageContaining("argument 'n'")
        .hasMessageContaining("JSON number")
        .hasMessageContaining(Vm.class.getName());
  }

  @Test
  void argumentsUseTheirConverter() {
    ValueConverter fixed = new ValueConverter() {
      @Override
      public Object toJson(Object value) {
        return value;
      }

      @Override
      public <T> T fromJson(Object json, Class<T> type) {
        return type.cast(new Vm("fixed", 0));
      }
    };

    assertThat(Arguments.of(Map.of("vm", Map.of()), fixed).get("vm", Vm.class)).isEqualTo(new Vm("fixed", 0));
  }

  @Test
  void outcomeReadsItsResultAsAType() {
    assertThat(Outcome.success(Map.of("name", "a", "cpus", 1)).result(Vm.class)).isEqualTo(new Vm("a", 1));
    assertThat(Outcome.success(new Vm("a", 1)).result(Vm.class)).isEqualTo(new Vm("a", 1));
    assertThat(Outcome.success(null).result(Vm.class)).isNull();
    assertThatThrownBy(() -> Outcome.failure(Failure.of(new IllegalStateException("boom"))).result(Vm.class))
        .isInstanceOf(TaskflowException.class)
        .hasMessageContaining("boom");
  }
}
