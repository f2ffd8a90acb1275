"""Overlap engine: candidate pairs by MinHash-LSH, confirmed and explained by ``score_pair``.

Pure functions over plain items, no Django. The app (docs/decisions/0012-overlap-engine.md)
builds ``Item``s from its rows, calls ``find_pairs`` and stores the ``Pair``s it returns.

Candidate generation: each item's set of folded tokens (plus its instrument keys) gets a MinHash
signature of ``num_perm`` values, computed for all items at once with numpy using datasketch's
hash family (``datasketch.MinHash(num_perm, seed, scheme="affine32")``: MurmurHash3 pre-mix, then
``a * h + b`` modulo 2**32; the signatures equal datasketch's for the same token hashes — a test
checks it). Signatures are cut into bands of
``rows`` values; items sharing a band are candidates. A band bucket holding more than
``max_bucket`` items (boilerplate such as "thực hiện hiệp định") is skipped. Candidates are then
scored one by one with rapidfuzz; pairs at or above ``threshold`` come back.
"""

from __future__ import annotations

import multiprocessing
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash
from rapidfuzz import fuzz

from lawcore.overlap import reasons as R
from lawcore.overlap.features import Features, features

DEFAULT_THRESHOLD = (
    0.71  # chosen by 5-fold cross-validation on the labelled pairs (lawcore/overlap/evaluation.py)
)
# Steps of a treaty's life: a different one of these is a different commitment, not a rewording.
_TREATY_ACTIONS = frozenset({"ratify", "sign", "moratorium", "abolish"})
_RATIFY_OR_SIGN = frozenset({"ratify", "sign"})
_MAX_HASH = np.uint32((1 << 32) - 1)


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, the pre-mix of datasketch's "affine32" scheme."""
    h = values.astype(np.uint32)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    lang: str = ""
    meta: Mapping = field(default_factory=dict)

    @classmethod
    def from_dict(cls, row: Mapping) -> Item:
        return cls(
            str(row["id"]), str(row["text"]), str(row.get("lang") or ""), row.get("meta") or {}
        )


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    score: float
    reasons: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "a": self.a,
            "b": self.b,
            "score": round(self.score, 4),
            "reasons": list(self.reasons),
        }


def token_hash(token: str) -> int:
    """A stable 32-bit hash of a token (crc32: the same on every machine and run)."""
    return zlib.crc32(token.encode("utf-8"))


def candidate_tokens(feat: Features) -> set[str]:
    """The set an item's MinHash is taken over: folded words and instrument keys."""
    return set(feat.folded) | {f"@{key}" for key in feat.instruments}


class MinHashLSH:
    """MinHash signatures for many token sets at once, and the pairs that share a band."""

    def __init__(
        self,
        num_perm: int = 64,
        rows: int = 4,
        seed: int = 1,
        max_bucket: int = 200,
        min_estimate: float = 0.0,
    ):
        if num_perm % rows:
            raise ValueError("num_perm must be a multiple of rows")
        self.num_perm, self.rows, self.max_bucket = num_perm, rows, max_bucket
        self.min_estimate = min_estimate
        a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
        self.a, self.b = a.astype(np.uint32), b.astype(np.uint32)
        self.skipped_buckets = 0

    def signatures(self, hashed: Sequence[np.ndarray], chunk: int = 2_000) -> np.ndarray:
        """One row of ``num_perm`` minimum hashes per item; ``hashed[i]``: item i's token hashes."""
        out = np.full((len(hashed), self.num_perm), _MAX_HASH, dtype=np.uint32)
        for start in range(0, len(hashed), chunk):
            block = hashed[start : start + chunk]
            lengths = np.fromiter((len(h) for h in block), dtype=np.int64, count=len(block))
            nonempty = lengths > 0
            if not nonempty.any():
                continue
            values = _fmix32(np.concatenate([h for h in block if len(h)]))
            offsets = np.concatenate(([0], np.cumsum(lengths[nonempty])[:-1]))
            with np.errstate(over="ignore"):  # uint32 wraps around: that is the modulo 2**32
                permuted = values[:, None] * self.a[None, :] + self.b[None, :]
            mins = np.minimum.reduceat(permuted, offsets, axis=0)
            rows = np.nonzero(nonempty)[0] + start
            out[rows] = mins
        return out

    def candidate_pairs(self, signatures: np.ndarray) -> np.ndarray:
        """Unique (i, j) index pairs, i < j, of items sharing at least one band."""
        n = len(signatures)
        found = []
        self.skipped_buckets = 0
        empty = signatures[:, 0] == _MAX_HASH  # an item without tokens meets nothing
        for band in range(self.num_perm // self.rows):
            cols = signatures[:, band * self.rows : (band + 1) * self.rows]
            keys = np.zeros(n, dtype=np.uint64)
            with np.errstate(over="ignore"):
                for c in range(self.rows):
                    keys = keys * np.uint64(1_000_003) + cols[:, c].astype(np.uint64)
            order = np.argsort(keys, kind="stable")
            sorted_keys = keys[order]
            starts = np.flatnonzero(np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1])))
            sizes = np.diff(np.concatenate((starts, [n])))
            group_of = np.repeat(np.arange(len(starts)), sizes)
            offset = np.arange(n) - starts[group_of]
            size_of = sizes[group_of]
            crowded = sizes > self.max_bucket
            self.skipped_buckets += int(crowded.sum())
            usable = ~crowded[group_of] & ~empty[order]
            largest = int(sizes[~crowded].max()) if (~crowded).any() else 1
            # Every pair of a bucket, by distance d between the two sorted positions.
            first = np.flatnonzero(usable & (size_of > 1))
            for d in range(1, largest):
                first = first[offset[first] + d < size_of[first]]
                if len(first) == 0:
                    break
                found.append(np.stack((order[first], order[first + d]), axis=1))
        if not found:
            return np.zeros((0, 2), dtype=np.int64)
        pairs = np.sort(np.concatenate(found).astype(np.int64), axis=1)
        codes = np.sort(pairs[:, 0] * n + pairs[:, 1])
        codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))]
        pairs = np.stack((codes // n, codes % n), axis=1)
        if self.min_estimate > 0:
            pairs = pairs[self.estimates(signatures, pairs) >= self.min_estimate]
        return pairs

    @staticmethod
    def estimates(signatures: np.ndarray, pairs: np.ndarray, chunk: int = 200_000) -> np.ndarray:
        """The MinHash estimate of each pair's Jaccard similarity (share of equal minimums)."""
        out = np.empty(len(pairs), dtype=np.float32)
        for start in range(0, len(pairs), chunk):
            block = pairs[start : start + chunk]
            out[start : start + chunk] = (signatures[block[:, 0]] == signatures[block[:, 1]]).mean(
                axis=1
            )
        return out


def lexical(fa: Features, fb: Features) -> float:
    """Wording similarity in [0, 1]: mean of rapidfuzz's token-set and token-sort ratios, folded."""
    if not fa.folded_text or not fb.folded_text:
        return 0.0
    set_ratio = fuzz.token_set_ratio(fa.folded_text, fb.folded_text)
    sort_ratio = fuzz.token_sort_ratio(fa.folded_text, fb.folded_text)
    return (set_ratio + sort_ratio) / 200.0


def score_pair(fa: Features, fb: Features) -> tuple[float, tuple[str, ...]]:
    """The overlap score of two items in [0, 1] and the codes of the reasons behind it.

    Wording alone never makes a duplicate: two different named instruments divide the score by
    two ("ratify the Rome Statute" / "ratify the Convention on Enforced Disappearance"); a
    different action cuts it by 20% (40% when one is a treaty step such as ratify or sign), a
    different strength ("consider ratifying" / "ratify") by 35%, a different partner by 30%; a
    shared instrument, action, partner, period or deliverable adds to it.
    """
    words = lexical(fa, fb)
    score = words
    why: list[str] = []
    if words >= 0.9:
        why.append(R.NEAR_IDENTICAL)
    elif words >= 0.6:
        why.append(R.SIMILAR_WORDING)
    if fa.instruments and fb.instruments:
        shared = fa.instruments & fb.instruments
        if shared:
            overlap = len(shared) / len(fa.instruments | fb.instruments)
            score += 0.15 * overlap
            if overlap < 0.5:  # one instrument among several others: part of it, not the same
                score *= 0.85
            why.append(R.SHARED_INSTRUMENT)
        else:
            score *= 0.5
            why.append(R.DIFFERENT_INSTRUMENT)
    elif fa.instruments or fb.instruments:
        score *= 0.85
    if fa.action and fb.action:
        if fa.action == fb.action:
            score += 0.05
            why.append(R.SAME_ACTION)
        else:
            treaty_step = {fa.action, fb.action} & _TREATY_ACTIONS
            score *= 0.6 if treaty_step else 0.8
            why.append(R.DIFFERENT_ACTION)
    if fa.tentative != fb.tentative:
        score *= 0.65
        why.append(R.DIFFERENT_STRENGTH)
    if (
        fa.action in _RATIFY_OR_SIGN
        and fa.action == fb.action
        and fa.tentative == fb.tentative
        and fa.instruments
        and fb.instruments
        and len(fa.instruments & fb.instruments) * 2 >= len(fa.instruments | fb.instruments)
    ):
        # The same treaty step on the same instrument(s) is one commitment however it is worded
        # ("Accede to CAT in a timely manner" / "Ratify CAT as soon as possible").
        score = max(score, 0.85)
    if fa.partners and fb.partners:
        if fa.partners & fb.partners:
            score += 0.05
            why.append(R.SHARED_PARTNER)
        else:
            score *= 0.7
            why.append(R.DIFFERENT_PARTNER)
    if fa.period and fb.period and fa.period[0] <= fb.period[1] and fb.period[0] <= fa.period[1]:
        score += 0.03
        why.append(R.SHARED_PERIOD)
    if fa.deliverable and fb.deliverable and fuzz.ratio(fa.deliverable, fb.deliverable) >= 90:
        score += 0.1
        why.append(R.SAME_DELIVERABLE)
    return min(1.0, max(0.0, score)), tuple(why)


def _prepare(item: Item) -> tuple[Features, np.ndarray]:
    feat = features(item.text, item.meta)
    hashes = np.fromiter((token_hash(t) for t in candidate_tokens(feat)), dtype=np.uint32)
    return feat, hashes


def large_lsh() -> MinHashLSH:
    """The candidate stage for more than 20,000 items: 64 permutations in 16 bands of 4 (pairs
    sharing about half their tokens meet), buckets of more than 50 items (boilerplate) skipped,
    pairs whose estimated Jaccard is under 0.5 dropped."""
    return MinHashLSH(num_perm=64, rows=4, max_bucket=50, min_estimate=0.5)


def find_pairs(
    items: Iterable[Item],
    threshold: float = DEFAULT_THRESHOLD,
    *,
    lsh: MinHashLSH | None = None,
    progress: Callable[[str], None] | None = None,
    keep: Callable[[Item, Item], bool] | None = None,
    workers: int = 1,
) -> list[Pair]:
    """Candidate pairs of ``items`` scoring at least ``threshold``, best first.

    ``keep(a, b)`` may veto a pair before scoring (the app: only pairs of different agencies,
    decisions already taken). ``lsh`` defaults to 128 permutations in bands of 2 rows for up to
    20,000 items (recall first: items sharing about a fifth of their tokens meet) and to 64 in
    bands of 4 above that (``large_lsh``), so that national-scale runs stay fast. ``workers`` > 1
    reads the items' features in that many processes.
    """
    items = list(items)
    say = progress or (lambda message: None)
    if workers > 1 and len(items) > 10_000:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            prepared = pool.map(_prepare, items, chunksize=2_000)
    else:
        prepared = [_prepare(item) for item in items]
    feats = [feat for feat, _ in prepared]
    hashed = [hashes for _, hashes in prepared]
    del prepared
    say(f"features: {len(items)} items")
    lsh = lsh or (MinHashLSH(num_perm=128, rows=2) if len(items) <= 20_000 else large_lsh())
    candidates = lsh.candidate_pairs(lsh.signatures(hashed))
    say(f"candidates: {len(candidates)} pairs ({lsh.skipped_buckets} crowded buckets skipped)")
    pairs = []
    for i, j in candidates.tolist():
        if keep and not keep(items[i], items[j]):
            continue
        score, why = score_pair(feats[i], feats[j])
        if score >= threshold:
            pairs.append(Pair(items[i].id, items[j].id, score, why))
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    say(f"pairs: {len(pairs)} at or above {threshold}")
    return pairs


def compare(a: Item, b: Item) -> Pair:
    """Score one given pair (no candidate generation): what a labelled pair is checked with."""
    score, why = score_pair(features(a.text, a.meta), features(b.text, b.meta))
    return Pair(a.id, b.id, score, why)
