"""Runs two small flows with the reference's engine (Python TaskFlow), recording them
through its SQL persistence backend, and prints the ids it used as JSON on stdout.

usage: python3 write_logbooks.py SQLALCHEMY_URL

Flow 'ref-ok' succeeds; flow 'ref-fail' raises ValueError in one task, is retried once by
a Times(2) retry controller and then reverted. Written for taskflow4j's interop tests.
"""
import contextlib
import json
import sys

import taskflow.engines
from taskflow import retry, task
from taskflow.patterns import linear_flow
from taskflow.persistence import backends, models


class Pick(task.Task):
    default_provides = 'picked'

    def execute(self, order):
        return {'order': order, 'lines': [3, 1.5, 'box', None, False]}


class Weigh(task.Task):
    default_provides = 'weight'

    def execute(self, picked):
        self.update_progress(0.5)
        return 12.25


class Label(task.Task):
    def execute(self, weight):
        return None


class Hold(task.Task):
    default_provides = 'hold'

    def execute(self, order):
        return 'H-' + order

    def revert(self, order, result, flow_failures):
        return 'unheld'


class Charge(task.Task):
    def execute(self, hold, amount):
        raise ValueError('card declined', amount)


def ensure_tables(backend):
    with contextlib.closing(backend.get_connection()) as connection:
        try:
            connection.upgrade()
        except Exception:
            # Debian's python3-taskflow has no alembic.ini, so migrations cannot run on a
            # server database: create the backend's tables from its own table definitions.
            import sqlalchemy
            from taskflow.persistence.backends.sqlalchemy import tables
            metadata = sqlalchemy.MetaData()
            tables.fetch(metadata)
            metadata.create_all(backend._engine)


def run(backend, book_name, flow, inputs, expect_failure):
    book = models.LogBook(book_name)
    detail = models.FlowDetail(flow.name, uuid=book_name + '-flow')
    book.add(detail)
    with contextlib.closing(backend.get_connection()) as connection:
        connection.save_logbook(book)
    engine = taskflow.engines.load(flow, flow_detail=detail, book=book, backend=backend,
                                   store=inputs, engine='serial')
    raised = None
    try:
        engine.run()
    except Exception as e:
        raised = '%s: %s' % (type(e).__name__, e)
    if expect_failure != (raised is not None):
        raise SystemExit('flow %s: unexpected outcome %r' % (flow.name, raised))
    return {'book': book.uuid, 'flow': detail.uuid, 'state': engine.storage.get_flow_state(),
            'raised': raised}


def main(url):
    backend = backends.fetch({'connection': url})
    ensure_tables(backend)
    ok = linear_flow.Flow('ref-ok').add(Pick('pick'), Weigh('weigh'), Label('label'))
    fail = linear_flow.Flow('ref-fail', retry=retry.Times(2, name='ref-fail-retry')).add(
        Hold('hold'), Charge('charge'))
    report = {
        'ok': run(backend, 'ref-book-ok', ok, {'order': '7'}, False),
        'fail': run(backend, 'ref-book-fail', fail, {'order': '8', 'amount': 250}, True),
    }
    json.dump(report, sys.stdout, sort_keys=True)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main(sys.argv[1])
