"""The reference's (Python TaskFlow's) RedisJobBoard, driven for ReferenceInteropTest.

usage: reference_board.py HOST PORT NAMESPACE COMMAND [ARGS]
  post NAME               post a job with a logbook and details; print it as JSON
  list                    print the listed jobs as JSON
  claim-consume UUID WHO  claim the job (no expiry, as the reference's conductor does), then consume it
Output is one JSON document on stdout; errors go to stderr with a non-zero exit.
"""
import contextlib
import json
import sys
import uuid

from taskflow.jobs import backends as boards
from taskflow.persistence import backends as persistence
from taskflow.persistence import models


def open_board(host, port, namespace):
    backend = persistence.fetch({'connection': 'memory://'})
    conf = {'board': 'redis', 'host': host, 'port': int(port), 'namespace': namespace.encode()}
    board = boards.fetch('interop', conf, persistence=backend)
    board.connect()
    return board, backend


def describe(job):
    state = job.state
    # find_owner fails on a job nobody owns, so ask only about claimed ones.
    owner = job.board.find_owner(job) if state == 'CLAIMED' else None
    return {
        'uuid': job.uuid,
        'name': job.name,
        'details': job.details,
        'priority': job.priority.value,
        'sequence': job.sequence,
        'book_uuid': job.book_uuid,
        'book_name': job.book_name,
        'state': state,
        'owner': owner,
        'created_on': str(job.created_on),
    }


def main():
    host, port, namespace, command = sys.argv[1:5]
    board, backend = open_board(host, port, namespace)
    with contextlib.closing(board):
        if command == 'post':
            book = models.LogBook('book-' + sys.argv[5])
            flow = models.FlowDetail(sys.argv[5], uuid=str(uuid.uuid4()))
            flow.meta['factory'] = {'name': 'interop.make_flow', 'args': [], 'kwargs': {}}
            book.add(flow)
            with contextlib.closing(backend.get_connection()) as connection:
                connection.save_logbook(book)
            job = board.post(sys.argv[5], book=book,
                             details={'store': {'x': 1, 'who': 'python'}, 'flow_uuid': flow.uuid})
            print(json.dumps(describe(job)))
        elif command == 'list':
            print(json.dumps([describe(job) for job in board.iterjobs(ensure_fresh=True)]))
        elif command == 'claim-consume':
            wanted, who = sys.argv[5], sys.argv[6]
            job = next(job for job in board.iterjobs(ensure_fresh=True) if job.uuid == wanted)
            board.claim(job, who)
            claimed = describe(job)
            board.consume(job, who)
            print(json.dumps({'claimed': claimed, 'remaining': [j.uuid for j in board.iterjobs(ensure_fresh=True)]}))
        else:
            raise SystemExit('unknown command ' + command)


if __name__ == '__main__':
    main()
