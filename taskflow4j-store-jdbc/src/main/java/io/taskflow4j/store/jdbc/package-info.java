/**
 * Flow stores in SQL databases (SQLite, PostgreSQL, MySQL/MariaDB) in the reference's tables:
 * {@link io.taskflow4j.store.jdbc.FlowStores#open(String)} is the way in.
 */
package io.taskflow4j.store.jdbc;
