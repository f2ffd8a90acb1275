"""Overlap engine at national scale (issue 15, item 4): 300,000 tasks + 20,000 commitments.

Run: ``python -m bench.bench_overlap [--tasks 300000] [--commitments 20000]
[--baseline-seconds 60] [--workers 2]``
(also part of ``make bench``). Django-free: texts are generated here, deterministically (seeded):
Vietnamese task titles from verbs x subjects x qualifiers x partners x years, English commitment
sentences likewise, and 1% of the tasks rewritten by "another agency" (words reordered, a word
dropped, diacritics stripped in half of them) as planted duplicates.

Measured in one process: features, MinHash signatures, LSH candidate pairs and rapidfuzz scoring
of every candidate (``lawcore.overlap.find_pairs`` with ``large_lsh``: 64 permutations in 16
bands of 4, pairs with an estimated Jaccard under 0.5 dropped; features read in 2 processes);
peak memory
(``resource.getrusage`` maximum resident set, and the signature matrix). Baseline, same run, same
token sets: a plain inverted index (token → items), each item counting the tokens it shares with
every earlier item through the postings and keeping pairs with Jaccard >= 0.5 (the band setting's
nominal threshold). Its cost grows with the square of the frequent tokens' postings, so it runs for
``--baseline-seconds`` and reports how many items it got through; both report the recall of the
planted duplicates they reached. The 2-minute goal is for the engine; the machine's load average
is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from collections import Counter

from lawcore.overlap.engine import Item, candidate_tokens, find_pairs, large_lsh
from lawcore.overlap.features import features
from lawcore.text import fold

VERBS_VI = (
    "Tăng cường",
    "Rà soát",
    "Xây dựng",
    "Hoàn thiện",
    "Triển khai",
    "Tổ chức",
    "Đẩy mạnh",
    "Nghiên cứu",
    "Sửa đổi",
    "Ban hành",
    "Hướng dẫn",
    "Đánh giá",
    "Nâng cao",
    "Phổ biến",
)
SUBJECTS_VI = tuple(
    f"{head} {tail}"
    for head in (
        "quy tắc xuất xứ",
        "thủ tục hải quan",
        "biện pháp vệ sinh dịch tễ",
        "hàng rào kỹ thuật",
        "mở cửa thị trường",
        "sở hữu trí tuệ",
        "mua sắm công",
        "thương mại điện tử",
        "phòng vệ thương mại",
        "tiêu chuẩn lao động",
        "bảo vệ môi trường",
        "đầu tư xuyên biên giới",
        "dịch vụ tài chính",
        "doanh nghiệp nhà nước",
        "cạnh tranh",
        "minh bạch hóa",
    )
    for tail in (
        "hàng nông sản",
        "hàng dệt may",
        "thủy sản",
        "linh kiện điện tử",
        "dược phẩm",
        "gỗ và lâm sản",
        "ô tô",
        "sắt thép",
        "dịch vụ logistics",
        "viễn thông",
        "giáo dục",
        "y tế",
    )
)
QUALIFIERS_VI = (
    "theo cam kết của Hiệp định CPTPP",
    "theo Hiệp định EVFTA",
    "theo Hiệp định RCEP",
    "tại các tỉnh biên giới",
    "cho doanh nghiệp nhỏ và vừa",
    "trong khuôn khổ ASEAN",
    "phục vụ đàm phán",
    "gắn với chuyển đổi số",
    "tại cửa khẩu",
    "cho địa phương",
    "theo lộ trình cắt giảm thuế",
    "trong Ủy ban hỗn hợp",
    "với sự hỗ trợ kỹ thuật",
    "theo Nghị quyết của Chính phủ",
    "đáp ứng yêu cầu của nhà nhập khẩu",
    "bảo đảm thực thi",
)
PARTNERS = (
    "Nhật Bản",
    "Hàn Quốc",
    "Trung Quốc",
    "Hoa Kỳ",
    "Liên minh châu Âu",
    "Ô-xtrây-li-a",
    "Ấn Độ",
    "Ca-na-đa",
    "Lào",
    "Campuchia",
    "Thái Lan",
    "Xin-ga-po",
    "In-đô-nê-xi-a",
    "Ma-lai-xi-a",
    "Phi-líp-pin",
    "Niu Di-lân",
    "Mê-hi-cô",
    "Chi-lê",
    "Pê-ru",
    "Anh",
    "Pháp",
    "Đức",
    "Nga",
    "I-xra-en",
    "Các Tiểu vương quốc Ả-rập Thống nhất",
    "Bra-xin",
    "Ác-hen-ti-na",
    "Thụy Sĩ",
)
VERBS_EN = (
    "Implement",
    "Review",
    "Strengthen",
    "Ratify",
    "Adopt",
    "Notify",
    "Eliminate",
    "Establish",
)
OBJECTS_EN = tuple(
    f"{a} {b}"
    for a in (
        "tariffs on",
        "rules of origin for",
        "sanitary measures for",
        "licensing of",
        "technical regulations for",
        "market access for",
        "subsidies to",
        "standards for",
    )
    for b in (
        "agricultural goods",
        "textiles",
        "seafood",
        "electronics",
        "pharmaceuticals",
        "timber",
        "vehicles",
        "steel",
        "financial services",
        "telecommunications",
        "education services",
        "medical devices",
        "fisheries",
        "energy",
    )
)


# Syllables for a free-text tail ("nội dung"), so that tasks built from the same template differ
# as real ones do: onsets x rhymes of Vietnamese.
_ONSETS = (
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "h",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "nh",
    "ph",
    "qu",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
)
_RHYMES = (
    "a",
    "ác",
    "ai",
    "an",
    "ang",
    "anh",
    "ào",
    "âm",
    "ân",
    "ất",
    "ầu",
    "e",
    "em",
    "ên",
    "iếc",
    "iên",
    "inh",
    "o",
    "oa",
    "oan",
    "ói",
    "ông",
    "ơi",
    "ớn",
    "u",
    "uân",
    "ung",
    "ương",
    "ười",
    "ứt",
)
SYLLABLES = tuple(o + r for o in _ONSETS for r in _RHYMES)


PLACES = (
    "Bộ Công Thương",
    "Bộ Tài chính",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Ngoại giao",
    "Bộ Tư pháp",
    "Bộ Khoa học và Công nghệ",
    "Bộ Y tế",
    "Bộ Xây dựng",
    "Bộ Nội vụ",
    "Bộ Giáo dục và Đào tạo",
    "Ngân hàng Nhà nước",
    "Hà Nội",
    "Thành phố Hồ Chí Minh",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Quảng Ninh",
    "Lạng Sơn",
    "Lào Cai",
    "Cao Bằng",
    "Nghệ An",
    "Thanh Hóa",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đồng Nai",
    "Tây Ninh",
    "An Giang",
    "Cà Mau",
    "Gia Lai",
    "Đắk Lắk",
    "Huế",
    "Quảng Ngãi",
    "Tuyên Quang",
    "Thái Nguyên",
    "Phú Thọ",
    "Bắc Ninh",
    "Hưng Yên",
    "Ninh Bình",
    "Vĩnh Long",
)


def generate(
    tasks: int, commitments: int, seed: int = 15
) -> tuple[list[Item], set[frozenset[str]]]:
    """The items and the planted duplicate pairs (as frozensets of ids)."""
    rng = random.Random(seed)
    items: list[Item] = []
    for n in range(commitments):
        partner = rng.choice(PARTNERS)
        year = rng.randrange(2000, 2031)
        text = (
            f"{rng.choice(VERBS_EN)} {rng.choice(OBJECTS_EN)} under the agreement with "
            f"{fold(partner).title()} by {year}"
        )
        items.append(Item(f"c{n}", text, "en", {"partners": [partner], "year": year}))
    planted: set[frozenset[str]] = set()
    for n in range(tasks):
        if n and rng.random() < 0.01:
            source = items[commitments + rng.randrange(n)]
            words = source.text.split()
            del words[rng.randrange(1, len(words))]
            cut = rng.randrange(1, len(words))
            words = words[cut:] + words[:cut] if rng.random() < 0.5 else words
            text = " ".join(words)
            text = fold(text) if rng.random() < 0.5 else text
            items.append(Item(f"t{n}", text, "vi", dict(source.meta)))
            planted.add(frozenset((source.id, f"t{n}")))
            continue
        partner = rng.choice(PARTNERS)
        start = rng.randrange(2020, 2031)
        tail = " ".join(rng.sample(SYLLABLES, 4))
        text = (
            f"{rng.choice(VERBS_VI)} {rng.choice(SUBJECTS_VI)} {rng.choice(QUALIFIERS_VI)} "
            f"với {partner} giai đoạn {start}–{start + rng.randrange(1, 6)}: {tail}"
        )
        items.append(
            Item(f"t{n}", text, "vi", {"partners": [partner], "period": [start, start + 5]})
        )
    return items, planted


def cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children (the feature workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def baseline(
    items: list[Item], budget_s: float, jaccard: float = 0.5
) -> tuple[int, set[tuple[int, int]], float]:
    """Plain inverted index over the same token sets: (items done, candidate pairs, seconds)."""
    token_sets: list[frozenset[str]] = []
    postings: dict[str, list[int]] = {}
    pairs: set[tuple[int, int]] = set()
    started = time.perf_counter()
    done = 0
    for j, item in enumerate(items):
        if time.perf_counter() - started > budget_s:
            break
        tokens = frozenset(candidate_tokens(features(item.text, item.meta)))
        token_sets.append(tokens)
        shared: Counter[int] = Counter()
        for token in tokens:
            posting = postings.setdefault(token, [])
            shared.update(posting)
            posting.append(j)
        for i, count in shared.items():
            if count / (len(tokens) + len(token_sets[i]) - count) >= jaccard:
                pairs.add((i, j))
        done = j + 1
    return done, pairs, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_overlap")
    parser.add_argument("--tasks", type=int, default=300_000)
    parser.add_argument("--commitments", type=int, default=20_000)
    parser.add_argument("--baseline-seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2, help="processes reading features")
    args = parser.parse_args(argv)
    load = os.getloadavg()
    print(
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs",
        flush=True,
    )
    started = time.perf_counter()
    items, planted = generate(args.tasks, args.commitments)
    print(
        f"generated {len(items):,} items ({len(planted):,} planted duplicates) "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )

    stages: list[tuple[str, float]] = []
    last = [time.perf_counter()]

    def progress(message: str) -> None:
        now = time.perf_counter()
        stages.append((message, now - last[0]))
        last[0] = now
        print(f"  {message}  (+{now - started:.1f} s)", file=sys.stderr, flush=True)

    engine_cpu = cpu_seconds()
    engine_start = last[0] = time.perf_counter()
    pairs = find_pairs(
        items, threshold=0.71, lsh=large_lsh(), progress=progress, workers=args.workers
    )
    engine_s = time.perf_counter() - engine_start
    engine_cpu = cpu_seconds() - engine_cpu
    engine_rss = peak_rss_mb()
    found = {frozenset((p.a, p.b)) for p in pairs}
    recall = len(found & planted) / len(planted) if planted else 1.0
    signature_mb = len(items) * 64 * 4 / 2**20
    # Two cores for two minutes are 240 CPU-seconds: on a loaded machine the wall clock measures
    # the other jobs too, so the goal is met when either figure is within it.
    met = engine_s < 120 or engine_cpu < 240
    print(
        f"engine: {len(items):,} items in {engine_s:.1f} s wall, {engine_cpu:.1f} s CPU "
        f"({'within' if met else 'OVER'} the 2-minutes-on-2-cores goal); "
        f"{len(pairs):,} pairs >= 0.71; planted duplicates found {recall:.3f}; "
        f"peak RSS {engine_rss:.0f} MB (signatures {signature_mb:.0f} MB)"
    )
    for message, seconds in stages:
        print(f"  {seconds:6.1f} s  {message}")

    done, base_pairs, base_s = baseline(items, args.baseline_seconds)
    reached = [
        p
        for p in planted
        if max(int(x[1:]) + (args.commitments if x[0] == "t" else 0) for x in p) < done
    ]
    id_pairs = {frozenset((items[i].id, items[j].id)) for i, j in base_pairs}
    base_recall = (
        f"planted duplicates among the items reached found "
        f"{sum(1 for p in reached if p in id_pairs) / len(reached):.3f}"
        if reached
        else "no planted duplicate among the items reached"
    )
    rate = done / base_s if base_s else float("inf")
    print(
        f"baseline (plain inverted index): {done:,} of {len(items):,} items in {base_s:.1f} s "
        f"({rate:,.0f} items/s, slowing as postings grow), {len(base_pairs):,} candidate pairs; "
        f"{base_recall}; "
        f"peak RSS {peak_rss_mb():.0f} MB"
    )
    if done < len(items):
        print(
            f"ratio: the engine did all {len(items):,} items in {engine_s:.1f} s; the baseline did "
            f"{done / len(items):.1%} of them in {base_s:.1f} s"
        )
    else:
        print(f"ratio engine/baseline time: {engine_s / base_s:.2f}")
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
