"""The reader process: SQLite reads through ADBC, away from the app's own SQLite.

ADBC's SQLite driver links its own copy of SQLite (3.53) beside Python's (3.40). Two
copies in one process do not share POSIX lock state (sqlite.org, "How To Corrupt",
2.2.1): closing an ADBC connection deleted the -wal and -shm files under the app's open
pysqlite connections. In a process of its own the driver's SQLite is just another process
on the file, SQLite's normal and safe case. So this process never imports Python's
sqlite3, nor anything of the app: the parent (nap_data.arrow_load) runs this file as a
script, and it imports only the standard library, pyarrow and the ADBC driver.

Protocol on stdin/stdout, each message a pickled dict after its 8-byte length: the
process says {"ready": ...} once, then answers every request with one reply. A request
{"path", "dir", "reads": [(sql, params, bound_sql, bound_params), ...]} runs every read in
one read transaction (one snapshot) and replies {"files": [...], "timings": {...}}: one
Arrow IPC stream file per read in `dir`, which the parent reads and deletes. A failing
request replies {"error": "<type>: <message>"}; the process ends when stdin closes.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
import tempfile
import time
import urllib.parse

_LENGTH = struct.Struct(">Q")
_SQLITE_BATCH_ROWS = "adbc.sqlite.query.batch_rows"
_MIN_BATCH = 1024  # the driver's default inference batch, never less


def send(stream, message: dict) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def receive(stream) -> dict | None:
    """The next message, None at the end of the stream (the other side is gone)."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    size = _LENGTH.unpack(head)[0]
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)


def _read(request: dict, dbapi, pa) -> dict:
    timings = {"read": 0.0, "write": 0.0}
    files: list[str] = []
    # Read-only by URI: a wrong path fails instead of leaving an empty store file behind.
    uri = "file:" + urllib.parse.quote(request["path"]) + "?mode=ro"
    conn = dbapi.connect(uri, autocommit=True)
    try:
        with conn.cursor() as cur:
            # Writers hold the lock briefly (WAL); wait as the app's engine does, never write.
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA query_only=ON")
            cur.execute("BEGIN")  # one snapshot for every read of the request
            try:
                for sql, params, bound_sql, bound_params in request["reads"]:
                    t = time.perf_counter()
                    table = _one(cur, sql, params, bound_sql, bound_params)
                    timings["read"] += time.perf_counter() - t
                    t = time.perf_counter()
                    files.append(_write(table, request["dir"], pa))
                    timings["write"] += time.perf_counter() - t
            finally:
                cur.execute("ROLLBACK")
    except BaseException:
        for name in files:
            os.unlink(name)
        raise
    finally:
        conn.close()
    return {"files": files, "timings": timings}


def _one(cur, sql: str, params: list, bound_sql: str | None, bound_params: list):
    """The rows as an Arrow table. The driver types each column from its first batch, so
    the batch is as large as the result can be (`bound_sql` counts at most that many)."""
    if bound_sql is not None:
        cur.execute(bound_sql, parameters=bound_params or None)
        bound = max(_MIN_BATCH, int(cur.fetchone()[0] or 0))
        cur.adbc_statement.set_options(**{_SQLITE_BATCH_ROWS: str(bound)})
    cur.execute(sql, parameters=params or None)
    return cur.fetch_arrow_table()


def _write(table, directory: str, pa) -> str:
    fd, name = tempfile.mkstemp(prefix="nap-arrow-", suffix=".arrows", dir=directory)
    os.close(fd)
    try:
        with pa.OSFile(name, "wb") as f, pa.ipc.new_stream(f, table.schema) as writer:
            writer.write_table(table)
    except BaseException:
        os.unlink(name)
        raise
    return name


def main() -> None:
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # stdout carries the protocol only
    import adbc_driver_sqlite.dbapi as dbapi
    import pyarrow as pa
    import pyarrow.ipc  # noqa: F401  (pa.ipc)

    send(out, {"ready": True, "pid": os.getpid()})
    while (request := receive(inp)) is not None:
        try:
            if request.get("status"):
                reply = {"pid": os.getpid(), "sqlite3_imported": "sqlite3" in sys.modules}
            else:
                reply = _read(request, dbapi, pa)
        except Exception as exc:  # the parent raises it with this message
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        send(out, reply)


if __name__ == "__main__":
    main()
