"""Eight OS processes edit the same measures of one store at the same time, on each engine (a SQLite file;
a PostgreSQL database, as several app servers share one).

Each process opens its own Store on the same database and makes hundreds of read → change → save
edits (optimistic concurrency: the save carries the version read). Afterwards every accepted
edit must be in the history exactly once, every refused one nowhere, versions must grow by
exactly one per accepted edit, and the final values must be the last accepted writes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from ita.storage.bundled import load_bundled
from ita.storage.store import Store
from tests.unit.conftest import actor
from tests.unit.storage import sql

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
ROOT = Path(__file__).resolve().parents[3]
EDITS = 200
FIELDS = ("followup", "note")
TAGS = tuple(f"p{i}" for i in range(1, 9))

# Run as `python -c WORKER db tag ids edits log`: waits for the other worker, then edits.
WORKER = r"""
import json, os, random, sys, time
from ita.core.access import Account
from ita.storage.store import ConflictError, Store

db, tag, ids, edits, log_path, workers = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]), \
    sys.argv[5], int(sys.argv[6])
fields = ("followup", "note")
rng = random.Random(f"{tag}-{os.getpid()}")
store = Store(db)
me = Account(username=tag, display=tag, role="admin")  # the history records the tag
# Start together, so that the edits really overlap.
open(f"{log_path}.ready", "w").close()
deadline = time.time() + 60
while len([p for p in os.listdir(os.path.dirname(log_path)) if p.endswith(".ready")]) < workers:
    if time.time() > deadline:
        sys.exit("the other worker never started")
    time.sleep(0.001)
log = []
for i in range(edits):
    mid = ids[i % len(ids)]
    field = fields[(i // len(ids)) % len(fields)]
    token = f"[{tag}-{i:04d}]"
    m = store.measure(mid)
    read_version = m["version"]
    time.sleep(rng.uniform(0, 0.002))  # a person thinking: lets the other process save first
    entry = {"token": token, "mid": mid, "field": field, "read_version": read_version}
    try:
        saved = store.update_measure(mid, {field: token}, read_version, me)
    except ConflictError as err:
        entry.update(outcome="refused", by=err.by, theirs=sorted(err.theirs),
                     current_version=err.current["version"])
    else:
        entry.update(outcome="accepted", saved_version=saved["version"], saved_value=saved[field])
    log.append(entry)
store.close()
with open(log_path + ".tmp", "w", encoding="utf-8") as f:
    json.dump(log, f, ensure_ascii=False)
os.replace(log_path + ".tmp", log_path)
"""


def _run_workers(db: str, ids: list[int], logs_dir: Path) -> dict[str, list[dict]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    procs = {
        tag: subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db), tag, json.dumps(ids), str(EDITS),
             str(logs_dir / f"{tag}.json"), str(len(TAGS))],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for tag in TAGS
    }
    try:
        for tag, p in procs.items():
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0, f"worker {tag} failed:\n{out}\n{err}"
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
                p.wait()
    return {tag: json.loads((logs_dir / f"{tag}.json").read_text(encoding="utf-8")) for tag in TAGS}


@pytest.fixture
def seeded_db(new_db):
    path = new_db(seeded=True)
    s = Store(path)
    s.seed(load_bundled()[0])
    ids = [int(i) for i in s.measures(PATUENG, 2569)["id"][:3]]
    s.close()
    return path, ids


def test_eight_processes_editing_the_same_measures(seeded_db, tmp_path):
    db, ids = seeded_db
    before = Store(db)
    initial = {mid: before.measure(mid) for mid in ids}
    before.close()

    logs_dir = tmp_path / "logs"
    logs_dir.mkdir()
    started = time.monotonic()
    logs = _run_workers(db, ids, logs_dir)
    elapsed = time.monotonic() - started

    entries = [e for tag in TAGS for e in logs[tag]]
    assert len(entries) == len(TAGS) * EDITS
    accepted = [e for e in entries if e["outcome"] == "accepted"]
    refused = [e for e in entries if e["outcome"] == "refused"]
    counts = {tag: Counter(e["outcome"] for e in logs[tag]) for tag in TAGS}
    print(f"\n{elapsed:.1f} s; outcomes per process: {counts}")
    # Eight writers on three measures: one may lose every race (that is no fault), but saves must interleave.
    assert len([tag for tag in TAGS if counts[tag]["accepted"]]) >= 2, f"saves did not interleave: {counts}"
    assert refused, f"no conflict at all, so the refusal was not tested: {counts}"

    store = Store(db)
    try:
        if store.dialect == "sqlite":
            assert sql.scalar(store, "PRAGMA integrity_check") == "ok"

        # The history of the edited measures, oldest first, with the token each entry wrote.
        written: list[str] = []
        by_token: dict[str, tuple[int, dict, dict, str]] = {}
        for mid in ids:
            hist = store.history("measures", mid).sort_values("id")
            edits = hist[hist["author"].isin(TAGS)]
            # Only the workers changed these measures after the seed.
            assert len(edits) == len(hist) - 1 and hist.iloc[0]["action"] == "insert"
            prev_after = json.loads(hist.iloc[0]["after"])
            assert prev_after["version"] == initial[mid]["version"]
            last_token = {f: initial[mid][f] for f in FIELDS}
            for _, h in edits.iterrows():
                b, a = json.loads(h["before"]), json.loads(h["after"])
                # Each entry starts from the previous one and adds exactly one version.
                assert b == prev_after, f"history of {mid} skips a version at entry {h['id']}"
                assert a["version"] == b["version"] + 1
                changed = [f for f in FIELDS if a[f] != b[f]]
                assert len(changed) == 1, f"entry {h['id']} changed {changed}"
                token = a[changed[0]]
                assert token.startswith(f"[{h['author']}-"), f"entry {h['id']} by {h['author']} wrote {token}"
                written.append(token)
                by_token[token] = (mid, b, a, changed[0])
                last_token[changed[0]] = token
                prev_after = a
            current = store.measure(mid)
            # The latest history entry is the row as it is now …
            assert prev_after == current
            # … so each field holds the last accepted write, and the version counts the edits.
            for f in FIELDS:
                assert current[f] == last_token[f], (mid, f)
            n = sum(1 for e in accepted if e["mid"] == mid)
            assert current["version"] == initial[mid]["version"] + n, (mid, current["version"], n)

        # Every accepted edit is in the history exactly once, as it was saved.
        twice = [t for t, c in Counter(written).items() if c > 1]
        assert not twice, f"in the history more than once: {twice[:5]}"
        assert sorted(written) == sorted(e["token"] for e in accepted)
        for e in accepted:
            mid, b, a, field = by_token[e["token"]]
            assert (mid, field) == (e["mid"], e["field"])
            assert b["version"] == e["read_version"], f"{e['token']} was saved over a version it never read"
            assert a["version"] == e["saved_version"] == e["read_version"] + 1
            assert e["saved_value"] == e["token"]

        # Every refused edit is nowhere: not in the history, not in any table.
        dump = repr(sql.dump(store))
        kept = [e["token"] for e in refused if e["token"] in dump]
        assert not kept, f"refused edits were written: {kept[:5]}"
        for e in refused:
            # Refused only because another process really saved over the version it read; the message
            # names another process (the last to save that measure when it was refused).
            own = e["token"][1:].split("-")[0]
            took = [t for t, (mid, b, _, _) in by_token.items()
                    if mid == e["mid"] and b["version"] == e["read_version"]]
            assert len(took) == 1 and not took[0].startswith(f"[{own}-"), (e, took)
            assert e["current_version"] > e["read_version"]
            assert e["by"] in TAGS and e["by"] != own and e["theirs"], e
    finally:
        store.close()


def test_progress_entry_keeps_the_measure_history_in_step(seeded_db):
    """add_progress changes the measure row (its `updated` date): that change must be in the
    history like every other, so that the latest history entry is the row as it is now."""
    db, ids = seeded_db
    store = Store(db)
    try:
        mid = ids[0]
        store.add_progress(mid, "2025-11-01", "ประชุมคณะทำงานแล้ว", "", actor("สมชาย"))
        row = store.measure(mid)
        latest = json.loads(store.history("measures", mid).iloc[0]["after"])
        assert latest == row, {k: (latest.get(k), v) for k, v in row.items() if latest.get(k) != v}
    finally:
        store.close()
