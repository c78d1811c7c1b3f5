package io.taskflow4j.spring.boot;

import io.taskflow4j.protocol.ProtocolDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code taskflow4j.*} properties. Every group is optional: the auto-configuration creates
 * only what its properties ask for (a transport for {@code broker.url}, a remote executor for
 * {@code topics}, a worker for {@code worker.topic}, a store for {@code store}, a board for {@code
 * board}).
 *
 * <p>Thread-safety: not thread-safe; Spring binds it once at startup.
 */
@ConfigurationProperties("taskflow4j")
public class TaskflowProperties {

  private final Broker broker = new Broker();
  private final Worker worker = new Worker();
  private String exchange = ProtocolDefaults.EXCHANGE;
  private List<String> topics = new ArrayList<>();
  private Duration requestTimeout = Duration.ofSeconds(60);
  private String store;
  private String board;

  /** Creates the properties with their defaults; Spring does. */
  public TaskflowProperties() {}

  /**
   * The broker connection.
   *
   * @return the broker group
   */
  public Broker getBroker() {
    return broker;
  }

  /**
   * The worker that serves the application's task beans.
   *
   * @return the worker group
   */
  public Worker getWorker() {
    return worker;
  }

  /**
   * The exchange engines and workers meet on (default {@value ProtocolDefaults#EXCHANGE}, as the
   * reference's).
   *
   * @return the exchange
   */
  public String getExchange() {
    return exchange;
  }

  /**
   * Sets the exchange.
   *
   * @param exchange the exchange
   */
  public void setExchange(String exchange) {
    this.exchange = exchange;
  }

  /**
   * The worker topics the remote executor sends tasks to; none, the default, creates no executor.
   *
   * @return the topics
   */
  public List<String> getTopics() {
    return topics;
  }

  /**
   * Sets the worker topics.
   *
   * @param topics the topics
   */
  public void setTopics(List<String> topics) {
    this.topics = topics == null ? new ArrayList<>() : new ArrayList<>(topics);
  }

  /**
   * How long a task waits for a worker to start it (default 60 s).
   *
   * @return the timeout
   */
  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  /**
   * Sets the request timeout.
   *
   * @param requestTimeout the timeout
   */
  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  /**
   * The flow store's URL, as {@code FlowStores.open} takes it ({@code sqlite:flows.db}, {@code
   * postgresql://...}, {@code memory}).
   *
   * @return the URL, if set
   */
  public Optional<String> store() {
    return Optional.ofNullable(store).filter(url -> !url.isBlank());
  }

  /**
   * The flow store's URL, for Spring's binding.
   *
   * @return the URL as set, possibly null
   */
  public String getStore() {
    return store;
  }

  /**
   * Sets the flow store's URL.
   *
   * @param store the URL
   */
  public void setStore(String store) {
    this.store = store;
  }

  /**
   * The job board's URL, as {@code JobBoards.open} takes it.
   *
   * @return the URL, if set
   */
  public Optional<String> board() {
    return Optional.ofNullable(board).filter(url -> !url.isBlank());
  }

  /**
   * The job board's URL, for Spring's binding.
   *
   * @return the URL as set, possibly null
   */
  public String getBoard() {
    return board;
  }

  /**
   * Sets the job board's URL.
   *
   * @param board the URL
   */
  public void setBoard(String board) {
    this.board = board;
  }

  /**
   * Checks the values, naming each wrong property.
   *
   * @return the problems, empty when none
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (exchange == null || exchange.isBlank()) {
      problems.add("taskflow4j.exchange must not be blank");
    }
    if (topics.stream().anyMatch(topic -> topic == null || topic.isBlank())) {
      problems.add("taskflow4j.topics must not hold a blank topic");
    }
    if (requestTimeout == null || requestTimeout.isZero() || requestTimeout.isNegative()) {
      problems.add("taskflow4j.request-timeout must be positive, got " + requestTimeout);
    }
    if (!topics.isEmpty() && broker.url().isEmpty()) {
      problems.add("taskflow4j.topics needs taskflow4j.broker.url: tasks go to workers through a broker");
    }
    if (worker.topic().isPresent() && broker.url().isEmpty()) {
      problems.add("taskflow4j.worker.topic needs taskflow4j.broker.url");
    }
    if (worker.getThreads() < 1) {
      problems.add("taskflow4j.worker.threads must be at least 1, got " + worker.getThreads());
    }
    if (worker.getShutdownGrace() == null || worker.getShutdownGrace().isNegative()) {
      problems.add("taskflow4j.worker.shutdown-grace must not be negative, got " + worker.getShutdownGrace());
    }
    return problems;
  }

  /** The {@code taskflow4j.broker.*} properties. Not thread-safe. */
  public static class Broker {
    private String url;
    private String username;
    private String password;

    /** Creates the group; Spring does. */
    public Broker() {}

    /**
     * The AMQP URL, such as {@code amqp://rabbit.internal:5672/}; credentials may be in it or in
     * {@code username} and {@code password}.
     *
     * @return the URL, if set
     */
    public Optional<String> url() {
      return Optional.ofNullable(url).filter(value -> !value.isBlank());
    }

    /**
     * The AMQP URL, for Spring's binding.
     *
     * @return the URL as set, possibly null
     */
    public String getUrl() {
      return url;
    }

    /**
     * Sets the AMQP URL.
     *
     * @param url the URL
     */
    public void setUrl(String url) {
      this.url = url;
    }

    /**
     * The user name, when not in the URL.
     *
     * @return the user name as set, possibly null
     */
    public String getUsername() {
      return username;
    }

    /**
     * Sets the user name.
     *
     * @param username the user name
     */
    public void setUsername(String username) {
      this.username = username;
    }

    /**
     * The password, when not in the URL (from an environment variable or a secret store, so it is
     * never on a command line).
     *
     * @return the password as set, possibly null
     */
    public String getPassword() {
      return password;
    }

    /**
     * Sets the password.
     *
     * @param password the password
     */
    public void setPassword(String password) {
      this.password = password;
    }
  }

  /** The {@code taskflow4j.worker.*} properties. Not thread-safe. */
  public static class Worker {
    private String topic;
    private int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private Duration shutdownGrace = Duration.ofSeconds(30);

    /** Creates the group; Spring does. */
    public Worker() {}

    /**
     * The topic the worker serves the task beans on; unset, the default, starts no worker.
     *
     * @return the topic, if set
     */
    public Optional<String> topic() {
      return Optional.ofNullable(topic).filter(value -> !value.isBlank());
    }

    /**
     * The topic, for Spring's binding.
     *
     * @return the topic as set, possibly null
     */
    public String getTopic() {
      return topic;
    }

    /**
     * Sets the topic.
     *
     * @param topic the topic
     */
    public void setTopic(String topic) {
      this.topic = topic;
    }

    /**
     * How many tasks run at once (default: the number of processors, at least 2).
     *
     * @return the number of threads
     */
    public int getThreads() {
      return threads;
    }

    /**
     * Sets how many tasks run at once.
     *
     * @param threads at least 1
     */
    public void setThreads(int threads) {
      this.threads = threads;
    }

    /**
     * How long shutdown lets running tasks finish (default 30 s).
     *
     * @return the grace period
     */
    public Duration getShutdownGrace() {
      return shutdownGrace;
    }

    /**
     * Sets the shutdown grace period.
     *
     * @param shutdownGrace the grace period
     */
    public void setShutdownGrace(Duration shutdownGrace) {
      this.shutdownGrace = shutdownGrace;
    }
  }
}
