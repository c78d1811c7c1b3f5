"""Tasks used by taskflow4j's interop tests with the reference (Python TaskFlow).

The same names are served by the Java worker in the other direction, so a Python engine
can drive either side. Reverts are appended as JSON lines to $INTEROP_REVERT_LOG, so the Java
test can check which reverts ran here and what they received.
"""
import json
import os
import time

from taskflow import task


def _record(entry):
    path = os.environ.get("INTEROP_REVERT_LOG")
    if path:
        with open(path, "a") as out:
            out.write(json.dumps(entry, sort_keys=True, default=str) + "\n")


def _describe(result):
    # A revert gets either the execute's result or a Failure object.
    if hasattr(result, "exception_str"):
        return {"failure": list(result), "message": result.exception_str}
    return {"result": result}


class Add(task.Task):
    default_provides = "sum"

    def execute(self, a, b):
        return a + b

    def revert(self, a, b, result, flow_failures, **kwargs):
        _record({"task": self.name, "action": "revert", "args": {"a": a, "b": b},
                 "outcome": _describe(result), "flow_failures": sorted(flow_failures)})


class Progress(task.Task):
    default_provides = "progressed"

    def execute(self, sum):
        for step in (0.25, 0.5, 1.0):
            self.update_progress(step)
        return {"total": sum, "steps": 3}

    def revert(self, sum, result, flow_failures, **kwargs):
        _record({"task": self.name, "action": "revert", "args": {"sum": sum},
                 "outcome": _describe(result), "flow_failures": sorted(flow_failures)})


class Boom(task.Task):

    def execute(self, progressed):
        raise ValueError("boom at %s" % progressed["total"], 7)

    def revert(self, progressed, result, flow_failures, **kwargs):
        _record({"task": self.name, "action": "revert", "args": {"progressed": progressed},
                 "outcome": _describe(result), "flow_failures": sorted(flow_failures)})


class Nap(task.Task):
    """Sleeps; records its start with the process id, so a test can kill the worker mid-task."""

    def execute(self, seconds):
        _record({"task": self.name, "action": "execute", "pid": os.getpid()})
        time.sleep(seconds)

    def revert(self, seconds, result, flow_failures, **kwargs):
        _record({"task": self.name, "action": "revert", "outcome": _describe(result)})
