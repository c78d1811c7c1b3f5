"""Prints, as one JSON document on stdout, every logbook a database holds, read through
the reference's SQL persistence backend (Python TaskFlow's impl_sqlalchemy).

usage: python3 read_logbooks.py SQLALCHEMY_URL

Written for taskflow4j's interop tests: the Java side compares each field with what it
recorded. Failures are printed as the reference's Failure objects report them.
"""
import contextlib
import json
import sys

from taskflow.persistence import backends
from taskflow.types import failure as ft


def failure_view(value):
    if value is None:
        return None
    as_dict = value.to_dict(include_args=True)
    problem = None
    try:
        ft.Failure.validate(as_dict)
    except Exception as e:  # the schema check the reference's workers apply to failures
        problem = str(e)
    return {
        'exception_str': value.exception_str,
        'exc_type_names': list(value),
        'exc_args': list(value.exception_args),
        'traceback_str': value.traceback_str,
        'causes': len(value.causes),
        'schema_problem': problem,
        'matches_exception': value.check('Exception') is not None,
    }


def plain(value):
    """Turns what the reference hands back (tuples, Failure objects) into JSON values."""
    if isinstance(value, ft.Failure):
        return failure_view(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def timestamp(value):
    return None if value is None else value.isoformat(sep=' ')


def atom_view(atom):
    return {
        'uuid': atom.uuid,
        'name': atom.name,
        'class': type(atom).__name__,
        'state': atom.state,
        'intention': atom.intention,
        'version': None if atom.version is None else str(atom.version),
        'results': plain(atom.results),
        'failure': failure_view(atom.failure),
        'revert_results': plain(atom.revert_results),
        'revert_failure': failure_view(atom.revert_failure),
        'meta': plain(atom.meta),
    }


def flow_view(flow):
    return {
        'uuid': flow.uuid,
        'name': flow.name,
        'state': flow.state,
        'meta': plain(flow.meta),
        'atoms': [atom_view(a) for a in flow],
    }


def book_view(book):
    return {
        'uuid': book.uuid,
        'name': book.name,
        'meta': plain(book.meta),
        'created_at': timestamp(book.created_at),
        # updated_at is left out: the loaded object's is the time of loading (see logbook_rows).
        'flows': [flow_view(f) for f in book],
    }


def logbook_rows(backend):
    import sqlalchemy
    from taskflow.persistence.backends.sqlalchemy import tables
    metadata = sqlalchemy.MetaData()
    logbooks = tables.fetch(metadata).logbooks
    with backend._engine.connect() as connection:
        rows = connection.execute(sqlalchemy.select(
            logbooks.c.uuid, logbooks.c.created_at, logbooks.c.updated_at))
        return {row.uuid: {'created_at': timestamp(row.created_at),
                           'updated_at': timestamp(row.updated_at)} for row in rows}


def main(url):
    backend = backends.fetch({'connection': url})
    report = {'listed': None, 'list_error': None, 'logbooks': {}}
    with contextlib.closing(backend.get_connection()) as connection:
        try:
            report['listed'] = [book.uuid for book in connection.get_logbooks()]
        except Exception as e:
            report['list_error'] = '%s: %s' % (type(e).__name__, e)
        # Each logbook is also fetched by its id, the way a conductor loads a job's book;
        # a book the backend rejects is reported with the error instead of ending the script.
        for uuid in report['listed'] or []:
            try:
                report['logbooks'][uuid] = book_view(connection.get_logbook(uuid))
            except Exception as e:
                report['logbooks'][uuid] = {'error': '%s: %s' % (type(e).__name__, e)}
        # Loading a book adds its flow details to it, which sets the loaded object's
        # updated_at to the time of loading; the stored value is read from the row instead,
        # through the backend's own table definitions (and so its DateTime parsing).
        report['logbook_rows'] = logbook_rows(backend)
    json.dump(report, sys.stdout, sort_keys=True)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main(sys.argv[1])
