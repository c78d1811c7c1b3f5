/**
 * Spring Boot auto-configuration for taskflow4j: {@link io.taskflow4j.spring.boot.TaskflowProperties}
 * ({@code taskflow4j.*}), {@link io.taskflow4j.spring.boot.TaskflowAutoConfiguration} and {@link
 * io.taskflow4j.spring.boot.TaskflowEngines}.
 */
package io.taskflow4j.spring.boot;
