/** The command line's access to flow stores: the {@code --store} option and how runs are shown. */
package io.taskflow4j.cli.store;
