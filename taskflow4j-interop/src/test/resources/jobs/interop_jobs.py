"""The reference's (Python TaskFlow's) RedisJobBoard and conductor with SQL persistence,
driven for taskflow4j's ReferenceJobBoardInteropTest. Also the Python factory of the jobs:
make_flow, which the Java side serves under its Python name through an alias.

usage: interop_jobs.py SQLALCHEMY_URL REDIS_HOST REDIS_PORT NAMESPACE COMMAND [ARG]
  post SPEC   create the backend's tables if missing, save a logbook with one flow detail
              whose meta names make_flow, post a job for it; SPEC is JSON with job, book,
              flow, kwargs, meta_store and store (the job's details.store)
  list        print every job the board lists, with the flow detail a conductor would load
  run SECONDS run a reference conductor until the board is empty or the time is up
Output is one JSON document on stdout; errors go to stderr with a non-zero exit.
"""
import contextlib
import json
import sys
import threading
import time
import uuid

from taskflow import task
from taskflow.conductors import backends as conductors
from taskflow.jobs import backends as boards
from taskflow.patterns import linear_flow
from taskflow.persistence import backends as persistence
from taskflow.persistence import models


class Allocate(task.Task):
    default_provides = 'allocation'

    def __init__(self, size):
        super().__init__(name='allocate')
        self._size = size

    def execute(self, host, cpus):
        return {'host': host, 'cpus': cpus, 'size': self._size, 'by': 'python'}


class Configure(task.Task):
    default_provides = 'config'

    def __init__(self):
        super().__init__(name='configure')

    def execute(self, allocation):
        return '%s:%s:%d' % (allocation['host'], allocation['size'], allocation['cpus'] * 2)


def make_flow(size):
    """The factory a job's flow detail names as interop_jobs.make_flow; taskflow4j's
    'java-provision' builds the same flow."""
    return linear_flow.Flow('provision').add(Allocate(size), Configure())


def open_board(url, host, port, namespace):
    backend = persistence.fetch({'connection': url})
    conf = {'board': 'redis', 'host': host, 'port': int(port), 'namespace': namespace.encode()}
    board = boards.fetch('interop-' + namespace, conf, persistence=backend)
    board.connect()
    return board, backend


def post(board, backend, spec):
    # The Java side may have created the tables already; the reference's own creation
    # (shared with the persistence interop scripts) is used when it has not.
    from write_logbooks import ensure_tables
    ensure_tables(backend)
    book = models.LogBook(spec['book'])
    detail = models.FlowDetail(spec['flow'], uuid=str(uuid.uuid4()))
    detail.meta['factory'] = {'name': 'interop_jobs.make_flow', 'args': [], 'kwargs': spec['kwargs']}
    detail.meta['store'] = spec['meta_store']
    book.add(detail)
    with contextlib.closing(backend.get_connection()) as connection:
        connection.save_logbook(book)
    # No flow_uuid in the details: a conductor takes the book's only flow detail, as the
    # reference's own examples post jobs.
    job = board.post(spec['job'], book=book, details={'store': spec['store']})
    return {'job': job.uuid, 'book': book.uuid, 'flow': detail.uuid, 'sequence': job.sequence}


def describe(job):
    view = {
        'uuid': job.uuid,
        'name': job.name,
        'details': job.details,
        'priority': job.priority.value,
        'state': job.state,
        'book_uuid': job.book_uuid,
        'book_name': job.book_name,
        'flow': None,
    }
    book = job.book  # loaded from the persistence backend, as a conductor loads it
    if book is not None:
        flow_uuid = (job.details or {}).get('flow_uuid')
        details = [book.find(flow_uuid)] if flow_uuid else list(book)
        view['flow'] = [{'uuid': d.uuid, 'name': d.name, 'state': d.state, 'meta': d.meta}
                        for d in details if d is not None]
    return view


def run(board, backend, seconds):
    conductor = conductors.fetch('blocking', 'python-conductor', board, persistence=backend,
                                 engine='serial', wait_timeout=0.05)
    consumed = []
    conductor.notifier.register('job_consumed', lambda _, details: consumed.append(details['job'].uuid))
    runner = threading.Thread(target=conductor.run, daemon=True)
    runner.start()
    deadline = time.time() + seconds
    while board.job_count > 0 and time.time() < deadline:
        time.sleep(0.05)
    conductor.stop()
    runner.join(10)
    return {'consumed': consumed, 'remaining': [j.uuid for j in board.iterjobs(ensure_fresh=True)]}


def main():
    url, host, port, namespace, command = sys.argv[1:6]
    board, backend = open_board(url, host, port, namespace)
    with contextlib.closing(board):
        if command == 'post':
            result = post(board, backend, json.loads(sys.argv[6]))
        elif command == 'list':
            result = [describe(job) for job in board.iterjobs(ensure_fresh=True)]
        elif command == 'run':
            result = run(board, backend, float(sys.argv[6]))
        else:
            raise SystemExit('unknown command ' + command)
    json.dump(result, sys.stdout, sort_keys=True)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
