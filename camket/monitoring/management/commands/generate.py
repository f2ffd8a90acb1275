"""``camket generate --scale national|medium|small --seed N``: synthetic monitoring data."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand
from django.utils import timezone
from tqdm import tqdm

from camket.monitoring.generator import SCALES, generate


class Command(BaseCommand):
    help = "Fill the database with deterministic synthetic commitments, tasks and reports."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=56)
        parser.add_argument("--today", help="reference day, YYYY-MM-DD (default: today)")

    def handle(self, *args, scale, seed, today=None, verbosity=1, **options):
        day = dt.date.fromisoformat(today) if today else timezone.localdate()
        bars: list[tqdm] = []

        def progress(label: str, total: int):
            bar = tqdm(
                total=total, desc=label, unit="rows", disable=verbosity < 1, file=self.stderr._out
            )
            bars.append(bar)
            return bar.update

        start = time.perf_counter()
        counts = generate(scale, seed, day, progress)
        for bar in bars:
            bar.close()
        elapsed = time.perf_counter() - start
        summary = ", ".join(f"{k}: {v}" for k, v in counts.items())
        self.stdout.write(f"inserted {summary} in {elapsed:.1f} s")
