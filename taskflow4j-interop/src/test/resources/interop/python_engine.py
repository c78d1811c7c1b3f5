"""Runs a flow on the reference's worker-based engine against workers on TOPIC and prints,
as one JSON line, what happened: the flow's outcome, failures field by field and the events
the engine's listeners saw.

usage: python3 python_engine.py URL EXCHANGE TOPIC
"""
import json
import sys

import taskflow.engines
from taskflow import exceptions
from taskflow.patterns import linear_flow

import interop_tasks


def main():
    url, exchange, topic = sys.argv[1:4]
    flow = linear_flow.Flow("interop").add(
        interop_tasks.Add("add", inject={"a": 2, "b": 3}),
        interop_tasks.Progress("progress"),
        interop_tasks.Boom("boom"),
    )
    engine = taskflow.engines.load(flow, engine="worker-based", url=url, exchange=exchange,
                                   topics=[topic], transition_timeout=30)
    progress = []
    states = []

    def progress_of(name):
        def on_progress(event_type, details):
            progress.append({"task": name, "progress": details.get("progress")})
        return on_progress

    def on_task(state, details):
        states.append([details.get("task_name"), state])

    engine.atom_notifier.register("*", on_task)
    engine.compile()
    engine.prepare()
    for atom in flow:
        atom.notifier.register(interop_tasks.task.EVENT_UPDATE_PROGRESS, progress_of(atom.name))
    report = {"states": states, "progress": progress}
    try:
        engine.run()
        report["outcome"] = "success"
    except exceptions.WrappedFailure as wrapped:
        report["outcome"] = "failure"
        report["failures"] = [_failure(f) for f in wrapped]
    except Exception as error:  # a single failure is re-raised as its own type
        report["outcome"] = "failure"
        report["failures"] = [{"types": [type(error).__name__], "message": str(error),
                               "args": [a if isinstance(a, (int, str)) else str(a) for a in error.args]}]
    report["results"] = {
        "sum": engine.storage.fetch("sum") if "sum" in engine.storage.fetch_all() else None,
    }
    report["flow_state"] = engine.storage.get_flow_state()
    print(json.dumps(report, default=str), flush=True)


def _failure(failure):
    return {"types": list(failure), "message": failure.exception_str,
            "args": list(failure.exception_args)}


if __name__ == "__main__":
    main()
