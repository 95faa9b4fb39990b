"""Two audit writers on one SQLite file (as `screen serve --workers 2` has): they take turns at
the write lock, so no row is lost and the rows form one unbroken chain."""

from __future__ import annotations

import datetime as dt
import json
import threading

from screening.service.audit import AuditEntry, SQLiteAuditStore, verify


def _entry(writer: int, i: int) -> AuditEntry:
    return AuditEntry(at=dt.datetime.now(dt.UTC), request_id=f"w{writer}-{i}", key_id="k",
                      endpoint="/v1/screen", item=1, record_ref=f"R{writer}-{i}",
                      input_sha256="0" * 64, decision="CLEAR", hits=(),
                      lists={"jp-2022": "v1"}, rules_version="r1")


def test_two_writers_on_one_file_take_turns_and_keep_one_chain(tmp_path):
    path = tmp_path / "audit.sqlite"
    stores = [SQLiteAuditStore(path) for _ in range(2)]  # two connections, as two processes
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def write(w: int) -> None:
        start.wait()
        try:
            for i in range(60):
                stores[w].append([_entry(w, i), _entry(w, i + 1000)])
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = list(stores[0].export())
    assert len(rows) == 2 * 60 * 2
    assert verify(stores[0])[:2] == (len(rows), None)
    for w in range(2):  # each writer's rows in its own order, each request's rows together
        mine = [r["record_ref"] for r in rows if r["record_ref"].startswith(f"R{w}-")]
        assert mine == [f"R{w}-{i + k}" for i in range(60) for k in (0, 1000)]
    for s in stores:
        s.close()


def test_writer_answers_threads_and_coroutines_after_the_commit(tmp_path):
    import asyncio

    from screening.service.audit import AuditWriter

    writer = AuditWriter(SQLiteAuditStore(tmp_path / "audit.sqlite"))
    try:
        writer.submit([_entry(0, 0)]).result(timeout=30)  # from a thread

        async def many() -> None:  # from coroutines: settled on their loop
            loop = asyncio.get_running_loop()
            await asyncio.gather(*(writer.submit_async([_entry(1, i)], loop)
                                   for i in range(50)))

        asyncio.run(many())
        assert writer.store.count() == 51
    finally:
        writer.close()
    closed = AuditWriter(SQLiteAuditStore(tmp_path / "other.sqlite"))
    closed.close()
    assert "closed" in str(closed.submit([_entry(2, 0)]).exception(timeout=1))


def test_rows_written_carry_the_chain_the_export_recomputes(tmp_path):
    """The writer's row text (worked out once per request time and per snapshot's lists) is
    what `content` and `chain_hash` give: non-ASCII text, no key, no record id, hits, analysts'
    decisions, rows of one request sharing a time."""
    from screening.service.audit import _chained, chain_hash, content

    shared = dt.datetime(2026, 1, 31, 9, 30, tzinfo=dt.UTC)
    lists = {"ofac-sdn": "undated/0b", "jp-2022": "2022-03-25/18", "ü": "ß\u2028"}
    entries = [AuditEntry(at=shared if i < 4 else dt.datetime.now(dt.UTC), request_id=f"r{i // 2}",
                          key_id=None if i % 3 == 0 else "k", endpoint="/v1/screen",
                          item=i % 2 + 1, record_ref=None if i == 1 else f"P-é{i}",
                          input_sha256="0" * 64, decision=("CLEAR", "BLOCK", "ERROR")[i % 3],
                          hits=tuple(f"l:é{j}" for j in range(i % 3)), lists=lists,
                          rules_version="r1", decisions=tuple(f"D{j}" for j in range(i % 2)))
               for i in range(8)]
    prev = "seed"
    for e, row in zip(entries, _chained(entries, "seed"), strict=True):
        prev = chain_hash(prev, content(e))
        assert row[-1] == prev
        assert row[0] == content(e)["at"] and row[9] == json.dumps(
            content(e)["lists"], sort_keys=True, ensure_ascii=False)
    store = SQLiteAuditStore(tmp_path / "audit.sqlite")
    store.append(entries)
    assert verify(store)[:2] == (8, None)
    assert [r["hits"] for r in store.export()] == [list(e.hits) for e in entries]
    store.close()
