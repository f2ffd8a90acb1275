"""The index seen from several processes, and the versions that verify-and-repair compares."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from lawcore.retrieval import Provision, RetrievalIndex
from lawcore.retrieval.index import entry_key, version_number

ROOT = Path(__file__).resolve().parents[2]
UNION = Provision(
    "bll-170",
    "Quyền thành lập công đoàn",
    "Người lao động có quyền thành lập, gia nhập và hoạt động công đoàn.",
    version="v1",
)

WRITER = """
import sys
import threading
from lawcore.retrieval import Provision, RetrievalIndex
RetrievalIndex.open(sys.argv[1]).add([Provision(
    "bll-171", "Tổ chức đại diện người lao động tại cơ sở",
    "Tổ chức đại diện người lao động tại cơ sở được thành lập tại doanh nghiệp.", version="v1")])
"""


def test_a_commit_by_another_process_is_seen_by_the_next_search(tmp_path):
    RetrievalIndex.create(tmp_path).add([UNION])
    reader = RetrievalIndex.open(tmp_path)
    assert reader.search("tổ chức đại diện người lao động")[0].id == "bll-170"
    subprocess.run([sys.executable, "-c", WRITER, str(tmp_path)], check=True, cwd=ROOT)
    # No wait: the search right after the other process's commit must already see it.
    assert reader.search("tổ chức đại diện người lao động tại cơ sở")[0].id == "bll-171"
    assert len(reader) == 2


def test_a_rebuild_by_another_index_object_replaces_what_readers_see(tmp_path):
    RetrievalIndex.create(tmp_path).add([UNION])
    reader = RetrievalIndex.open(tmp_path)
    assert len(reader) == 1
    RetrievalIndex.create(tmp_path)
    assert reader.search("công đoàn") == []


def test_versions_list_every_entry_and_remove_keys_deletes_by_key(tmp_path):
    index = RetrievalIndex.create(tmp_path)
    assert index.versions() == {}
    other = Provision("bll-8", "Hành vi bị nghiêm cấm", "Cưỡng bức lao động.", version="v2")
    index.add([UNION, other])
    assert index.versions() == {
        entry_key("bll-170"): version_number("v1"),
        entry_key("bll-8"): version_number("v2"),
    }
    index.add([Provision(UNION.id, UNION.title, UNION.text, version="v3")])
    assert index.versions()[entry_key("bll-170")] == version_number("v3")
    index.remove_keys([entry_key("bll-8"), entry_key("unknown")])
    assert list(index.versions()) == [entry_key("bll-170")]
    assert "bll-8" not in [hit.id for hit in index.search("cưỡng bức lao động")]


def test_a_second_writer_waits_for_the_first_instead_of_failing(tmp_path):
    index = RetrievalIndex.create(tmp_path)
    held = RetrievalIndex.open(tmp_path)._index.writer(heap_size=50_000_000, num_threads=1)
    outcome: list = []
    waiting = threading.Thread(target=lambda: outcome.append(index.add([UNION])))
    waiting.start()
    held.commit()
    held.wait_merging_threads()  # releases the lock, as the other process's writer would
    waiting.join()
    assert outcome == [1]
    assert [hit.id for hit in index.search("công đoàn")] == ["bll-170"]
