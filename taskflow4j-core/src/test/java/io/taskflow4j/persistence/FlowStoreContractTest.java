package io.taskflow4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskflow4j.failure.Failure;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The behaviour every {@link FlowStore} backend must show. A backend's test extends this class and
 * says how to make a fresh, empty store; every test here then runs against it.
 */
public abstract class FlowStoreContractTest {

  private static final Logger LOG = LoggerFactory.getLogger(FlowStoreContractTest.class);

  /** A time with microseconds, as the reference writes them. */
  protected static final Instant T0 = Instant.parse("2026-12-01T21:08:42.128893Z");

  /** The store under test, fresh and empty for each test. */
  protected FlowStore store;

  /**
   * A new store holding nothing.
   *
   * @return the store
   */
  protected abstract FlowStore createStore();

  /** Releases what {@link #createStore()} made, after the store is closed; nothing by default. */
  protected void cleanup() {}

  @BeforeEach
  void openStore() {
    store = createStore();
  }

  @AfterEach
  void closeStore() {
    try {
      store.close();
    } finally {
      cleanup();
    }
  }

  // ---------------------------------------------------------------- helpers

  /** A new random id. */
  protected static String id() {
    return UUID.randomUUID().toString();
  }

  /** The instant {@code seconds} after {@link #T0}. */
  protected static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  /** A logbook created and updated at {@code time}. */
  protected static LogBook book(String uuid, String name, Instant time) {
    return new LogBook(uuid, name, Map.of(), time, time);
  }

  /** A flow detail created and updated at {@code time}. */
  protected static FlowDetail flow(String uuid, String bookUuid, String name, FlowState state, Instant time) {
    return new FlowDetail(uuid, bookUuid, name, state, Map.of(), time, time);
  }

  /** A task detail with a result, created and updated at {@code time}. */
  protected static AtomDetail task(String uuid, String flowUuid, String name, AtomState state, Optional<Object> results, Instant time) {
    return new AtomDetail(uuid, flowUuid, name, AtomType.TASK_DETAIL, Optional.of("1.0"), state, Intention.EXECUTE,
        results, Optional.empty(), Optional.empty(), Optional.empty(), Map.of("progress", 1.0), time, time);
  }

  /** The reference's {@code ValueError('card declined', 100)} raised from a {@code KeyError}. */
  protected static Failure cardDeclined() {
    Failure cause = Failure.of(List.of("KeyError", "LookupError", "Exception"), "'card'",
        "Traceback (most recent call last):\nKeyError: 'card'\n", List.of("card"), List.of());
    return Failure.of(List.of("ValueError", "Exception"), "('card declined', 100)",
        "Traceback (most recent call last):\n  File \"charge.py\", line 3\nValueError: ('card declined', 100)\n",
        List.of("card declined", 100), List.of(cause));
  }

  private static List<Object> listOf(Object... values) {
    return Arrays.asList(values);
  }

  private static Map<String, Object> mapOf(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** Saves a logbook with one flow detail and returns the flow detail's uuid. */
  private String saveBookAndFlow(String bookName, String flowName, FlowState state, Instant time) {
    String bookUuid = id();
    String flowUuid = id();
    store.save(new Changes(List.of(book(bookUuid, bookName, time)),
        List.of(flow(flowUuid, bookUuid, flowName, state, time)), List.of()));
    return flowUuid;
  }

  // ---------------------------------------------------------------- round trips

  @Test
  void logBookRoundTripsEveryField() {
    LogBook book = new LogBook(id(), "book-ok", mapOf("owner", "conductor-1", "n", 3, "none", null),
        at(0), at(1));
    store.save(new Changes(List.of(book), List.of(), List.of()));

    assertThat(store.logBook(book.uuid())).contains(book);
    assertThat(store.logBooks()).containsExactly(book);
  }

  @Test
  void flowDetailRoundTripsEveryField() {
    String bookUuid = id();
    Map<String, Object> meta = mapOf(
        "factory", mapOf("name", "shop.flows.checkout", "args", listOf(1, "two"), "kwargs", mapOf("x", true)),
        "taskflow4j", "flows/checkout.yaml");
    FlowDetail flow = new FlowDetail(id(), bookUuid, "checkout-ok", FlowState.SUSPENDED, meta, at(0), at(2));
    store.save(new Changes(List.of(book(bookUuid, "book", at(0))), List.of(flow), List.of()));

    assertThat(store.flow(flow.uuid())).contains(flow);
    assertThat(store.flowsOf(bookUuid)).containsExactly(flow);
  }

  @Test
  void atomResultsOfEveryJsonTypeRoundTrip() {
    String flowUuid = saveBookAndFlow("book", "flow", FlowState.SUCCESS, at(0));
    List<Object> results = List.of(
        mapOf("reservation", "R-42", "items", listOf(1, 2.5, "x", null, true), "nested", mapOf("deep", listOf())),
        listOf(null, 1, null),
        2.5,
        0.1,
        true,
        false,
        "receipt-42-100",
        "",
        42,
        -7,
        9_007_199_254_740_993L,
        mapOf());
    List<AtomDetail> atoms = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      atoms.add(task(id(), flowUuid, "task-" + i, AtomState.SUCCESS, Optional.of(results.get(i)), at(i)));
    }
    atoms.add(task(id(), flowUuid, "nothing", AtomState.SUCCESS, Optional.empty(), at(100)));
    store.save(new Changes(List.of(), List.of(), atoms));

    assertThat(store.atoms(flowUuid)).containsExactlyElementsOf(atoms);
  }

  @Test
  void failuresWithCausesAndRevertOutcomesRoundTrip() {
    String flowUuid = saveBookAndFlow("book", "checkout-fail", FlowState.REVERTED, at(0));
    Failure failure = cardDeclined();
    Failure revertFailure = Failure.of(List.of("RuntimeError", "Exception"), "cannot undo", "", List.of(), List.of());
    AtomDetail charge = new AtomDetail(id(), flowUuid, "charge", AtomType.TASK_DETAIL, Optional.of("1.0"),
        AtomState.REVERT_FAILURE, Intention.REVERT, Optional.empty(), Optional.of(failure), Optional.empty(),
        Optional.of(revertFailure), Map.of("progress", 0.5, "progress_details", mapOf("at", 0.5, "details", null)),
        at(1), at(2));
    AtomDetail reserve = new AtomDetail(id(), flowUuid, "reserve", AtomType.TASK_DETAIL, Optional.of("2.1"),
        AtomState.REVERTED, Intention.REVERT, Optional.of(mapOf("reservation", "R-42")), Optional.empty(),
        Optional.of("released"), Optional.empty(), Map.of("progress", 1.0), at(3), at(4));
    store.save(new Changes(List.of(), List.of(), List.of(charge, reserve)));

    List<AtomDetail> read = store.atoms(flowUuid);
    assertThat(read).containsExactly(charge, reserve);
    AtomDetail readCharge = read.get(0);
    assertThat(readCharge.failure()).contains(failure);
    assertThat(readCharge.failure().orElseThrow().causes()).containsExactly(failure.causes().get(0));
    assertThat(readCharge.failure().orElseThrow().arguments()).containsExactly("card declined", 100);
    assertThat(readCharge.revertFailure()).contains(revertFailure);
    assertThat(readCharge.progress()).isEqualTo(0.5);
    assertThat(read.get(1).revertResults()).contains("released");
  }

  @Test
  void retryHistoryAndInjectorRoundTrip() {
    String flowUuid = saveBookAndFlow("book", "flow", FlowState.RUNNING, at(0));
    AtomDetail injector = new AtomDetail(id(), flowUuid, AtomDetail.INJECTOR_NAME, AtomType.TASK_DETAIL,
        Optional.empty(), AtomState.SUCCESS, Intention.EXECUTE, Optional.of(mapOf("order", "42", "amount", 100)),
        Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), at(1), at(1));
    List<Object> history = listOf(listOf(null, mapOf("charge", cardDeclined().toDict())), listOf(2, mapOf()));
    AtomDetail retry = new AtomDetail(id(), flowUuid, "checkout-retry", AtomType.RETRY_DETAIL, Optional.of("1.0"),
        AtomState.RETRYING, Intention.RETRY, Optional.of(history), Optional.empty(), Optional.empty(),
        Optional.empty(), Map.of(), at(2), at(3));
    AtomDetail ignored = new AtomDetail(id(), flowUuid, "notify", AtomType.TASK_DETAIL, Optional.of("1.0"),
        AtomState.IGNORE, Intention.IGNORE, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Map.of("progress", 0.0), at(4), at(4));
    store.save(new Changes(List.of(), List.of(), List.of(injector, retry, ignored)));

    List<AtomDetail> read = store.atoms(flowUuid);
    assertThat(read).containsExactly(injector, retry, ignored);
    assertThat(read.get(0).isInjector()).isTrue();
    assertThat(read.get(0).version()).isEmpty();
    assertThat(read.get(1).type()).isEqualTo(AtomType.RETRY_DETAIL);
  }

  @Test
  void everyStateAndIntentionRoundTrips() {
    String flowUuid = saveBookAndFlow("book", "flow", FlowState.RUNNING, at(0));
    List<AtomDetail> atoms = new ArrayList<>();
    int i = 0;
    for (AtomState state : AtomState.values()) {
      for (Intention intention : Intention.values()) {
        atoms.add(new AtomDetail(id(), flowUuid, "a" + i, AtomType.TASK_DETAIL, Optional.of("1.0"), state,
            intention, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), at(i), at(i)));
        i++;
      }
    }
    store.save(new Changes(List.of(), List.of(), atoms));
    assertThat(store.atoms(flowUuid)).containsExactlyElementsOf(atoms);

    for (FlowState state : FlowState.values()) {
      String uuid = saveBookAndFlow("b-" + state, "f-" + state, state, at(1));
      assertThat(store.flow(uuid).orElseThrow().state()).isEqualTo(state);
    }
  }

  @Test
  void timestampsAreKeptToTheMicrosecondInUtc() {
    Instant created = Instant.parse("2026-12-01T21:08:42.128893Z");
    Instant updated = Instant.parse("2026-12-31T23:59:59.000001Z");
    String bookUuid = id();
    String flowUuid = id();
    AtomDetail atom = new AtomDetail(id(), flowUuid, "t", AtomType.TASK_DETAIL, Optional.of("1.0"),
        AtomState.PENDING, Intention.EXECUTE, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Map.of(), created, updated);
    store.save(new Changes(List.of(new LogBook(bookUuid, "b", Map.of(), created, updated)),
        List.of(new FlowDetail(flowUuid, bookUuid, "f", FlowState.PENDING, Map.of(), created, updated)),
        List.of(atom)));

    LogBook book = store.logBook(bookUuid).orElseThrow();
    assertThat(book.createdAt()).isEqualTo(created);
    assertThat(book.updatedAt()).isEqualTo(updated);
    FlowDetail flow = store.flow(flowUuid).orElseThrow();
    assertThat(flow.createdAt()).isEqualTo(created);
    assertThat(flow.updatedAt()).isEqualTo(updated);
    AtomDetail read = store.atoms(flowUuid).get(0);
    assertThat(read.createdAt()).isEqualTo(created);
    assertThat(read.updatedAt()).isEqualTo(updated);
  }

  // ---------------------------------------------------------------- upserts

  @Test
  void savingAgainKeepsCreatedAtAndReplacesEverythingElse() {
    String bookUuid = id();
    String flowUuid = id();
    String atomUuid = id();
    store.save(new Changes(
        List.of(new LogBook(bookUuid, "old-book", Map.of("v", 1), at(0), at(0))),
        List.of(new FlowDetail(flowUuid, bookUuid, "old-flow", FlowState.RUNNING, Map.of("v", 1), at(0), at(0))),
        List.of(new AtomDetail(atomUuid, flowUuid, "old-atom", AtomType.TASK_DETAIL, Optional.of("1.0"),
            AtomState.RUNNING, Intention.EXECUTE, Optional.of("first"), Optional.of(cardDeclined()),
            Optional.of(1), Optional.empty(), Map.of("progress", 0.5), at(0), at(0)))));

    LogBook newBook = new LogBook(bookUuid, "new-book", Map.of("v", 2), at(50), at(60));
    FlowDetail newFlow = new FlowDetail(flowUuid, bookUuid, "new-flow", FlowState.SUCCESS, Map.of(), at(50), at(60));
    AtomDetail newAtom = new AtomDetail(atomUuid, flowUuid, "new-atom", AtomType.RETRY_DETAIL, Optional.empty(),
        AtomState.SUCCESS, Intention.REVERT, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(cardDeclined()), Map.of("progress", 1.0), at(50), at(60));
    store.save(new Changes(List.of(newBook), List.of(newFlow), List.of(newAtom)));

    assertThat(store.logBook(bookUuid)).contains(new LogBook(bookUuid, "new-book", Map.of("v", 2), at(0), at(60)));
    assertThat(store.flow(flowUuid))
        .contains(new FlowDetail(flowUuid, bookUuid, "new-flow", FlowState.SUCCESS, Map.of(), at(0), at(60)));
    assertThat(store.atoms(flowUuid)).containsExactly(new AtomDetail(atomUuid, flowUuid, "new-atom",
        AtomType.RETRY_DETAIL, Optional.empty(), AtomState.SUCCESS, Intention.REVERT, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of(cardDeclined()), Map.of("progress", 1.0), at(0), at(60)));
    assertThat(store.logBooks()).hasSize(1);
  }

  @Test
  void savesTenThousandAtomsInOneChangesAndUpdatesThemAgain() {
    String flowUuid = saveBookAndFlow("book", "big", FlowState.RUNNING, at(0));
    int count = 10_000;
    List<AtomDetail> atoms = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      atoms.add(task(id(), flowUuid, "task-" + i, AtomState.RUNNING, Optional.of(mapOf("i", i, "s", "v" + i)),
          T0.plus(i, ChronoUnit.MICROS)));
    }
    long started = System.nanoTime();
    store.save(new Changes(List.of(), List.of(), atoms));
    Duration inserted = Duration.ofNanos(System.nanoTime() - started);

    List<AtomDetail> updates = atoms.stream()
        .map(a -> new AtomDetail(a.uuid(), a.flowUuid(), a.name(), a.type(), a.version(), AtomState.SUCCESS,
            a.intention(), a.results(), a.failure(), a.revertResults(), a.revertFailure(), a.meta(), at(99), at(100)))
        .toList();
    started = System.nanoTime();
    store.save(new Changes(List.of(), List.of(), updates));
    Duration updated = Duration.ofNanos(System.nanoTime() - started);
    LOG.info("{}: saved {} new atom details in one Changes in {} ms, updated them in {} ms",
        store.describe(), count, inserted.toMillis(), updated.toMillis());

    List<AtomDetail> read = store.atoms(flowUuid);
    assertThat(read).hasSize(count);
    assertThat(read.get(0)).isEqualTo(new AtomDetail(atoms.get(0).uuid(), flowUuid, "task-0", AtomType.TASK_DETAIL,
        Optional.of("1.0"), AtomState.SUCCESS, Intention.EXECUTE, Optional.of(mapOf("i", 0, "s", "v0")),
        Optional.empty(), Optional.empty(), Optional.empty(), Map.of("progress", 1.0), atoms.get(0).createdAt(), at(100)));
    assertThat(read).allMatch(a -> a.state() == AtomState.SUCCESS);
    assertThat(store.flows(FlowQuery.all()).get(0).succeeded()).isEqualTo(count);
    // A store writing row by row in separate transactions would take far longer than this.
    assertThat(inserted).isLessThan(Duration.ofSeconds(20));
    assertThat(updated).isLessThan(Duration.ofSeconds(20));
  }

  // ---------------------------------------------------------------- atomicity

  @Test
  void anAtomNamingAMissingFlowFailsTheWholeChanges() {
    String bookUuid = id();
    String flowUuid = id();
    store.save(new Changes(List.of(book(bookUuid, "kept", at(0))), List.of(), List.of()));

    String newBook = id();
    String newFlow = id();
    Changes broken = new Changes(
        List.of(book(bookUuid, "renamed", at(5)), book(newBook, "new", at(5))),
        List.of(flow(flowUuid, bookUuid, "f", FlowState.RUNNING, at(5)), flow(newFlow, newBook, "g", FlowState.RUNNING, at(5))),
        List.of(task(id(), flowUuid, "fine", AtomState.PENDING, Optional.empty(), at(5)),
            task(id(), "no-such-flow", "orphan", AtomState.PENDING, Optional.empty(), at(5))));

    assertThatThrownBy(() -> store.save(broken)).isInstanceOf(StoreException.class);

    assertThat(store.logBook(bookUuid).orElseThrow().name()).isEqualTo("kept");
    assertThat(store.logBook(newBook)).isEmpty();
    assertThat(store.flow(flowUuid)).isEmpty();
    assertThat(store.flow(newFlow)).isEmpty();
    assertThat(store.atoms(flowUuid)).isEmpty();
    assertThat(store.logBooks()).hasSize(1);
  }

  @Test
  void aFlowNamingAMissingLogBookFailsAndWritesNothing() {
    String bookUuid = id();
    Changes broken = new Changes(List.of(book(bookUuid, "b", at(0))),
        List.of(flow(id(), "no-such-book", "f", FlowState.RUNNING, at(0))), List.of());

    assertThatThrownBy(() -> store.save(broken)).isInstanceOf(StoreException.class);
    assertThat(store.logBook(bookUuid)).isEmpty();
    assertThat(store.flows(FlowQuery.all())).isEmpty();
  }

  @Test
  void anEmptyChangesWritesNothing() {
    store.save(new Changes(List.of(), List.of(), List.of()));
    assertThat(store.logBooks()).isEmpty();
  }

  // ---------------------------------------------------------------- listing

  @Test
  void flowsListsNewestUpdatedFirstWithAtomCounts() {
    String older = saveBookAndFlow("book-a", "checkout-a", FlowState.SUCCESS, at(10));
    String newer = saveBookAndFlow("book-b", "checkout-b", FlowState.RUNNING, at(20));
    store.save(new Changes(List.of(), List.of(), List.of(
        new AtomDetail(id(), newer, AtomDetail.INJECTOR_NAME, AtomType.TASK_DETAIL, Optional.empty(),
            AtomState.SUCCESS, Intention.EXECUTE, Optional.of(Map.of("order", "42")), Optional.empty(),
            Optional.empty(), Optional.empty(), Map.of(), at(20), at(20)),
        task(id(), newer, "reserve", AtomState.SUCCESS, Optional.empty(), at(21)),
        task(id(), newer, "charge", AtomState.RUNNING, Optional.empty(), at(22)),
        task(id(), newer, "notify", AtomState.FAILURE, Optional.empty(), at(23)))));

    List<FlowSummary> listed = store.flows(FlowQuery.all());

    assertThat(listed).extracting(s -> s.flow().uuid()).containsExactly(newer, older);
    FlowSummary first = listed.get(0);
    assertThat(first.logBookName()).isEqualTo("book-b");
    assertThat(first.flow()).isEqualTo(store.flow(newer).orElseThrow());
    assertThat(first.atoms()).isEqualTo(3);
    assertThat(first.succeeded()).isEqualTo(1);
    assertThat(listed.get(1).atoms()).isZero();
    assertThat(listed.get(1).succeeded()).isZero();
  }

  @Test
  void flowsFiltersByStateNameAndUpdateTimeAndLimits() {
    String a = saveBookAndFlow("b1", "checkout-ok", FlowState.SUCCESS, at(10));
    String b = saveBookAndFlow("b2", "checkout-fail", FlowState.REVERTED, at(20));
    String c = saveBookAndFlow("b3", "refund", FlowState.RUNNING, at(30));
    String d = saveBookAndFlow("b4", "checkout-crash", FlowState.RUNNING, at(40));

    assertThat(uuids(FlowQuery.all().withStates(Set.of(FlowState.RUNNING)))).containsExactly(d, c);
    assertThat(uuids(FlowQuery.all().withStates(Set.of(FlowState.SUCCESS, FlowState.REVERTED)))).containsExactly(b, a);
    assertThat(uuids(FlowQuery.all().withNameContaining("checkout"))).containsExactly(d, b, a);
    assertThat(uuids(FlowQuery.all().withNameContaining("nothing-like-this"))).isEmpty();
    assertThat(uuids(FlowQuery.all().withUpdatedBefore(at(30)))).containsExactly(b, a);
    assertThat(uuids(FlowQuery.all().withUpdatedAfter(at(20)))).containsExactly(d, c);
    assertThat(uuids(FlowQuery.all().withUpdatedAfter(at(10)).withUpdatedBefore(at(40)))).containsExactly(c, b);
    assertThat(uuids(FlowQuery.all().withLimit(2))).containsExactly(d, c);
    assertThat(uuids(FlowQuery.all().withStates(Set.of(FlowState.RUNNING)).withNameContaining("checkout")
        .withLimit(5))).containsExactly(d);
  }

  @Test
  void flowsOfALogBookAndLogBooksComeOldestFirst() {
    String bookUuid = id();
    String second = id();
    String first = id();
    String other = id();
    store.save(new Changes(List.of(book(other, "later", at(5)), book(bookUuid, "earlier", at(1))),
        List.of(flow(second, bookUuid, "second", FlowState.PENDING, at(20)),
            flow(first, bookUuid, "first", FlowState.PENDING, at(10))),
        List.of()));

    assertThat(store.flowsOf(bookUuid)).extracting(FlowDetail::uuid).containsExactly(first, second);
    assertThat(store.logBooks()).extracting(LogBook::uuid).containsExactly(bookUuid, other);
  }

  @Test
  void atomsComeOldestFirst() {
    String flowUuid = saveBookAndFlow("b", "f", FlowState.RUNNING, at(0));
    AtomDetail late = task(id(), flowUuid, "late", AtomState.PENDING, Optional.empty(), at(30));
    AtomDetail early = task(id(), flowUuid, "early", AtomState.PENDING, Optional.empty(), at(10));
    store.save(new Changes(List.of(), List.of(), List.of(late, early)));

    assertThat(store.atoms(flowUuid)).containsExactly(early, late);
  }

  private List<String> uuids(FlowQuery query) {
    return store.flows(query).stream().map(s -> s.flow().uuid()).toList();
  }

  // ---------------------------------------------------------------- deletes

  @Test
  void deleteFlowRemovesItsAtomsAndItsLogBookWhenLeftEmpty() {
    String bookUuid = id();
    String gone = id();
    String kept = id();
    store.save(new Changes(List.of(book(bookUuid, "b", at(0))),
        List.of(flow(gone, bookUuid, "gone", FlowState.SUCCESS, at(0)), flow(kept, bookUuid, "kept", FlowState.SUCCESS, at(1))),
        List.of(task(id(), gone, "t1", AtomState.SUCCESS, Optional.of(1), at(0)),
            task(id(), kept, "t2", AtomState.SUCCESS, Optional.of(2), at(1)))));

    assertThat(store.deleteFlow(gone)).isTrue();
    assertThat(store.flow(gone)).isEmpty();
    assertThat(store.atoms(gone)).isEmpty();
    assertThat(store.logBook(bookUuid)).isPresent();
    assertThat(store.atoms(kept)).hasSize(1);
    assertThat(store.deleteFlow(gone)).isFalse();

    assertThat(store.deleteFlow(kept)).isTrue();
    assertThat(store.logBook(bookUuid)).isEmpty();
    assertThat(store.logBooks()).isEmpty();
    assertThat(store.flows(FlowQuery.all())).isEmpty();
  }

  @Test
  void deleteLogBookRemovesItsFlowsAndAtoms() {
    String bookUuid = id();
    String flowUuid = id();
    String otherFlow = saveBookAndFlow("other", "other-flow", FlowState.RUNNING, at(0));
    store.save(new Changes(List.of(book(bookUuid, "b", at(0))),
        List.of(flow(flowUuid, bookUuid, "f", FlowState.RUNNING, at(0))),
        List.of(task(id(), flowUuid, "t", AtomState.RUNNING, Optional.empty(), at(0)),
            task(id(), otherFlow, "t", AtomState.RUNNING, Optional.empty(), at(0)))));

    assertThat(store.deleteLogBook(bookUuid)).isTrue();

    assertThat(store.logBook(bookUuid)).isEmpty();
    assertThat(store.flow(flowUuid)).isEmpty();
    assertThat(store.flowsOf(bookUuid)).isEmpty();
    assertThat(store.atoms(flowUuid)).isEmpty();
    assertThat(store.atoms(otherFlow)).hasSize(1);
    assertThat(store.deleteLogBook(bookUuid)).isFalse();
    // The same uuids can be used again afterwards.
    store.save(new Changes(List.of(book(bookUuid, "again", at(9))),
        List.of(flow(flowUuid, bookUuid, "f", FlowState.PENDING, at(9))), List.of()));
    assertThat(store.flow(flowUuid).orElseThrow().createdAt()).isEqualTo(at(9));
  }

  // ---------------------------------------------------------------- unknown ids and closing

  @Test
  void unknownIdsGiveEmptyResults() {
    saveBookAndFlow("b", "f", FlowState.RUNNING, at(0));
    assertThat(store.logBook("no-such-book")).isEmpty();
    assertThat(store.flow("no-such-flow")).isEmpty();
    assertThat(store.flowsOf("no-such-book")).isEmpty();
    assertThat(store.atoms("no-such-flow")).isEmpty();
    assertThat(store.deleteFlow("no-such-flow")).isFalse();
    assertThat(store.deleteLogBook("no-such-book")).isFalse();
  }

  @Test
  void aClosedStoreRefusesWork() {
    store.close();
    assertThatThrownBy(() -> store.logBooks()).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.save(new Changes(List.of(book(id(), "b", at(0))), List.of(), List.of())))
        .isInstanceOf(StoreException.class);
  }

  @Test
  void describeNamesTheStore() {
    assertThat(store.describe()).isNotBlank();
  }
}
