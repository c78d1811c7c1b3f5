"""Runs a reference (Python TaskFlow) worker serving interop_tasks until stdin closes.

usage: python3 python_worker.py URL EXCHANGE TOPIC
Prints READY once the worker consumes, so the Java test knows when to start.
"""
import sys
import threading

from taskflow.engines.worker_based import worker

import interop_tasks


def main():
    url, exchange, topic = sys.argv[1:4]
    w = worker.Worker(exchange=exchange, topic=topic, url=url, threads_count=4,
                      tasks=[interop_tasks.Add, interop_tasks.Progress, interop_tasks.Boom,
                             interop_tasks.Nap])
    runner = threading.Thread(target=w.run, kwargs={"display_banner": False}, daemon=True)
    runner.start()
    w.wait()
    print("READY", flush=True)
    sys.stdin.read()
    w.stop()


if __name__ == "__main__":
    main()
