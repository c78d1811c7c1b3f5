package io.taskflow4j.bench.dashboard;

import io.taskflow4j.bench.persistence.BenchStores;
import io.taskflow4j.dashboard.Dashboard;
import io.taskflow4j.persistence.AtomDetail;
import io.taskflow4j.persistence.AtomType;
import io.taskflow4j.persistence.Changes;
import io.taskflow4j.persistence.FlowDetail;
import io.taskflow4j.persistence.FlowStore;
import io.taskflow4j.persistence.Intention;
import io.taskflow4j.persistence.LogBook;
import io.taskflow4j.state.AtomState;
import io.taskflow4j.state.FlowState;
import io.taskflow4j.store.jdbc.FlowStores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * How fast the dashboard's flow list answers on a large store: fills a store with N flows of four
 * atoms each (states mixed as a busy system's: mostly SUCCESS), starts a dashboard on it and times
 * HTTP requests for the list's first page, a state filter, a name filter and a later page.
 *
 * <p>Arguments: {@code STORE_URL [FLOWS] [REQUESTS]}, such as {@code sqlite:/tmp/dash.db 100000
 * 50}. The store must be empty or hold what an earlier run of this bench put there with the same
 * count (then it is reused: filling takes minutes).
 */
public final class DashboardListBench {

  private static final FlowState[] MIX = {
    FlowState.SUCCESS, FlowState.SUCCESS, FlowState.SUCCESS, FlowState.SUCCESS, FlowState.SUCCESS,
    FlowState.SUCCESS, FlowState.SUCCESS, FlowState.REVERTED, FlowState.FAILURE, FlowState.SUSPENDED,
    FlowState.RUNNING, FlowState.SUCCESS, FlowState.SUCCESS, FlowState.SUCCESS, FlowState.REVERTED,
    FlowState.SUCCESS, FlowState.SUCCESS, FlowState.SUCCESS, FlowState.SUCCESS, FlowState.RUNNING
  };
  private static final String[] NAMES = {"provision-vm", "charge-card", "transcode-video", "nightly-report", "sync-crm"};

  private DashboardListBench() {}

  /**
   * Runs the bench.
   *
   * @param args store URL, flow count, requests per URL
   * @throws Exception when the store or the dashboard fails
   */
  public static void main(String[] args) throws Exception {
    BenchStores.quietLogs();
    String url = args.length > 0 ? args[0] : "sqlite:/tmp/taskflow4j-dashboard-bench.db";
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    try (FlowStore store = FlowStores.open(url)) {
      int present = store.flows(io.taskflow4j.persistence.FlowQuery.all().withLimit(1)).isEmpty() ? 0 : -1;
      if (present == 0) {
        long start = System.nanoTime();
        fill(store, count);
        System.out.printf(Locale.ROOT, "filled %,d flows in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
      } else {
        System.out.println("reusing the flows already in " + store.describe());
      }
      try (Dashboard dashboard = Dashboard.builder(store).port(0).start()) {
        HttpClient http = HttpClient.newHttpClient();
        String cursor = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(count / 2).toString();
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("first page", "/flows");
        pages.put("state=FAILURE", "/flows?state=FAILURE");
        pages.put("state=RUNNING&state=SUSPENDED", "/flows?state=RUNNING&state=SUSPENDED");
        pages.put("name=report", "/flows?name=report");
        pages.put("name matching none", "/flows?name=no-such-flow");
        pages.put("page in the middle", "/flows?before=" + cursor);
        System.out.printf(Locale.ROOT, "%-32s %10s %10s %10s%n", "request (" + count + " flows)", "median ms", "p95 ms", "max ms");
        for (Map.Entry<String, String> page : pages.entrySet()) {
          URI target = dashboard.uri().resolve(page.getValue());
          for (int i = 0; i < 5; i++) {
            get(http, target);
          }
          double[] millis = new double[requests];
          for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            get(http, target);
            millis[i] = (System.nanoTime() - start) / 1e6;
          }
          Arrays.sort(millis);
          System.out.printf(Locale.ROOT, "%-32s %10.1f %10.1f %10.1f%n", page.getKey(), millis[requests / 2],
              millis[(int) Math.ceil(requests * 0.95) - 1], millis[requests - 1]);
        }
      }
    }
  }

  private static void get(HttpClient http, URI target) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(target).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(target + " answered " + response.statusCode());
    }
  }

  private static void fill(FlowStore store, int count) {
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    int batch = 500;
    for (int first = 0; first < count; first += batch) {
      List<LogBook> books = new ArrayList<>();
      List<FlowDetail> flows = new ArrayList<>();
      List<AtomDetail> atoms = new ArrayList<>();
      for (int i = first; i < Math.min(count, first + batch); i++) {
        Instant at = base.plusSeconds(i);
        String name = NAMES[i % NAMES.length] + "-" + (i % 1000);
        LogBook book = LogBook.of(UUID.randomUUID().toString(), name, at);
        FlowState state = MIX[i % MIX.length];
        FlowDetail flow = new FlowDetail(UUID.randomUUID().toString(), book.uuid(), name, state, Map.of(), at, at);
        books.add(book);
        flows.add(flow);
        for (int a = 0; a < 4; a++) {
          AtomState atomState = state == FlowState.SUCCESS || a == 0 ? AtomState.SUCCESS : AtomState.PENDING;
          atoms.add(new AtomDetail(UUID.randomUUID().toString(), flow.uuid(), "step-" + a, AtomType.TASK_DETAIL,
              Optional.of("1.0"), atomState, Intention.EXECUTE, Optional.of(a), Optional.empty(), Optional.empty(),
              Optional.empty(), Map.of("progress", 1.0), at, at));
        }
      }
      store.save(new Changes(books, flows, atoms));
    }
  }
}
