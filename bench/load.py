"""`make load`: simulated staff against gunicorn on loopback, readers and writers mixed.

    python -m bench.load [--clients 50] [--writers 10] [--seconds 60] [--workers 2]
    bin/with-postgres python -m bench.load      # the same on a throw-away PostgreSQL 15

Builds a fresh database in a temporary folder (the demo plus `generate --scale small`, or the
engine that CAMKET_DB_ENGINE names), serves it with gunicorn (sync workers, as `make run` does),
logs every client in through the login form, then runs for a bounded time:

- readers open the register list, a commitment, a search, the monitoring dashboard and the
  report list;
- writers (officers, each on a report and a task of their own agency) open a progress report,
  save its draft, open a task and save an edit, each through the page's own form (hidden fields,
  versions and all), and expect the redirect that means "saved".

Prints requests, errors (5xx, refused saves, broken connections), p50/p95 per kind of request,
and how many times "database is locked" reached a response or the server's log. Exits 1 when any
request failed. Loopback only; nothing is timed in tests.
"""

from __future__ import annotations

import argparse
import html.parser
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "tai-thu-" + "x" * 8
SEARCHES = ["thương mại", "thuong mai", "xuất xứ", "hải quan", "môi trường", "đầu tư", "lao động"]
LOCKED = "database is locked"


########## Preparing the database (runs inside Django, in a child process) ##########


def prepare(readers: int, writers: int) -> dict:
    """Create the load users; give each writer its own draft report and task."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from camket.agencies.models import Agency, Membership
    from camket.monitoring import permissions as report_rules
    from camket.monitoring.models import ProgressReport
    from camket.obligations import permissions as task_rules
    from camket.obligations.models import Task
    from camket.registry.models import Commitment

    user_model = get_user_model()
    hashed = make_password(PASSWORD)  # once: the hasher is slow on purpose

    def user(name: str, agency: Agency, role: str):
        person = user_model.objects.create(username=name, password=hashed)
        Membership.objects.create(user=person, agency=agency, role=role)
        return person

    drafts = ProgressReport.objects.filter(status=ProgressReport.Status.DRAFT)
    agencies = list(
        Agency.objects.filter(
            pk__in=drafts.values("agency"),
        )
        .filter(pk__in=Task.objects.values("lead_agency"))
        .order_by("code")
    )
    if writers and not agencies:
        sys.exit("no agency has both a draft report and a task: generate data first (--scale)")
    assigned, used_reports, used_tasks = [], set(), set()
    for i in range(writers):
        agency = agencies[i % len(agencies)]
        person = user(f"load.w{i:02d}", agency, Membership.Role.OFFICER)
        report = next(
            r
            for r in drafts.filter(agency=agency).exclude(pk__in=used_reports).order_by("pk")
            if report_rules.can_edit_report(person, r)
        )
        task = next(
            t
            for t in Task.objects.filter(lead_agency=agency)
            .exclude(pk__in=used_tasks)
            .order_by("pk")
            if task_rules.can_edit_task(person, t)
        )
        used_reports.add(report.pk)
        used_tasks.add(task.pk)
        assigned.append({"username": person.username, "report": report.pk, "task": task.pk})

    national = Agency.objects.get(code="bng-vulpdu")
    observers = Agency.objects.get(code="vpcp")
    reader_roles = [
        (national, Membership.Role.COORDINATOR),
        (observers, Membership.Role.OBSERVER),
    ] + [(agency, Membership.Role.OFFICER) for agency in agencies]
    reading = []
    for i in range(readers):
        agency, role = reader_roles[i % len(reader_roles)]
        reading.append(user(f"load.r{i:02d}", agency, role).username)
    codes = list(
        Commitment.objects.filter(confidentiality=Commitment.Confidentiality.PUBLIC)
        .order_by("pk")
        .values_list("code", flat=True)[:300]
    )
    return {"writers": assigned, "readers": reading, "codes": codes}


########## HTML forms, read the way a browser reads them ##########


class FormReader(html.parser.HTMLParser):
    """Every <form> of a page with the values a browser would send (no buttons, no files)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: tuple[str, bool] | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._option: str | None = None
        self._in_option = False
        self._option_selected = False
        self._option_text = ""
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "action": a.get("action") or "",
                "enctype": a.get("enctype") or "",
                "fields": [],
            }
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        if tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            fields.append((a["name"], a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], ""
        elif tag == "select" and a.get("name"):
            self._select = (a["name"], "multiple" in a)
            self._select_first, self._select_chosen = None, False
        elif tag == "option" and self._select:
            self._option, self._option_text = a.get("value"), ""
            self._in_option, self._option_selected = True, "selected" in a

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data
        if self._in_option:
            self._option_text += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        fields = self._form["fields"]
        if tag == "textarea" and self._textarea is not None:
            fields.append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None
        elif tag == "option" and self._select and self._in_option:
            value = self._option if self._option is not None else self._option_text.strip()
            if self._select_first is None:
                self._select_first = value
            if self._option_selected:
                fields.append((self._select[0], value))
                self._select_chosen = True
            self._option, self._in_option = None, False
        elif tag == "select" and self._select:
            name, multiple = self._select
            if not multiple and not self._select_chosen and self._select_first is not None:
                fields.append((name, self._select_first))
            self._select = None
        elif tag == "form":
            self._form = None


def form_with(page: str, field_name: str) -> dict:
    reader = FormReader()
    reader.feed(page)
    for form in reader.forms:
        if any(name == field_name for name, _ in form["fields"]):
            return form
    raise LookupError(f"no form with a field {field_name!r}")


def encode(form: dict, fields: list[tuple[str, str]]) -> tuple[bytes, str]:
    if "multipart" not in form["enctype"]:
        return urlencode(fields).encode(), "application/x-www-form-urlencoded"
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    parts.append(f"--{boundary}--\r\n")
    return "".join(parts).encode(), f"multipart/form-data; boundary={boundary}"


########## One simulated person: a keep-alive connection with a cookie jar ##########


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: list[str] = field(default_factory=list)
    locked: int = 0

    def add(self, kind: str, seconds: float, error: str | None = None, body: str = "") -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if error:
                self.errors[kind] += 1
                if len(self.examples) < 10:
                    self.examples.append(f"{kind}: {error}")
            if LOCKED in body:
                self.locked += 1


class Person:
    def __init__(self, port: int, results: Results):
        self.port = port
        self.results = results
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, kind, method, path, body=None, content_type=None, expect=(200,)):
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "vi"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = content_type
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.results.add(kind, time.perf_counter() - started, f"{type(error).__name__}")
            return None, ""
        elapsed = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        error = None
        if response.status not in expect:
            location = response.getheader("Location")
            error = f"HTTP {response.status} {path}" + (f" -> {location}" if location else "")
        self.results.add(kind, elapsed, error, text if response.status >= 500 else "")
        return response, text

    def post_form(self, kind, path, form, fields):
        body, content_type = encode(form, fields)
        action = form["action"] or path
        return self.request(kind, "POST", urlsplit(action).path, body, content_type, (302,))

    def log_in(self, username: str) -> bool:
        response, page = self.request("login form", "GET", "/accounts/login/")
        try:
            form = form_with(page, "username")
        except LookupError:
            status = response.status if response else "no answer"
            print(f"  login page for {username}: {status} {page[:300]!r}")
            return False
        fields = [(k, v) for k, v in form["fields"] if k not in {"username", "password"}]
        fields += [("username", username), ("password", PASSWORD)]
        response, _ = self.post_form("login", "/accounts/login/", form, fields)
        return response is not None and response.status == 302


def reader(person: Person, codes: list[str], stop: float, rng: random.Random) -> None:
    steps = [
        ("register list", lambda: f"/register/?page={rng.randint(1, 3)}"),
        ("commitment", lambda: f"/register/c/{rng.choice(codes)}/"),
        ("search", lambda: "/register/search/?" + urlencode({"q": rng.choice(SEARCHES)})),
        ("dashboard", lambda: "/monitoring/"),
        ("report list", lambda: "/monitoring/reports/"),
    ]
    while time.monotonic() < stop:
        kind, path = rng.choice(steps)
        person.request(
            kind, "GET", path(), expect=(200, 404) if kind == "register list" else (200,)
        )


def writer(person: Person, job: dict, stop: float, rng: random.Random) -> None:
    n = 0
    while time.monotonic() < stop:
        n += 1
        report = f"/monitoring/reports/{job['report']}/"
        _, page = person.request("report form", "GET", report)
        try:
            form = form_with(page, "narrative")
        except LookupError:
            person.results.add("report save", 0.0, "no report form on the page")
            continue
        fields = [(k, v) for k, v in form["fields"] if k not in {"narrative", "percent_done"}]
        fields += [
            ("narrative", f"Lượt lưu {n}: đã rà soát quy định, hoàn thành báo cáo quý."),
            ("percent_done", str(rng.randint(0, 100))),
            ("save", ""),
        ]
        person.post_form("report save", report, form, fields)
        task = f"/implementation/tasks/{job['task']}/"
        _, page = person.request("task form", "GET", task)
        try:
            form = form_with(page, "description")
        except LookupError:
            person.results.add("task save", 0.0, "no task form on the page")
            continue
        fields = [(k, v) for k, v in form["fields"] if k != "description"]
        fields.append(("description", f"Cập nhật lần {n} trong thử tải."))
        person.post_form("task save", task, form, fields)


########## Server and report ##########


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_step(label: str, args: list[str], env: dict) -> str:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"{label} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    print(f"  {label}: {time.perf_counter() - started:.0f} s", flush=True)
    return done.stdout


def wait_until_serving(
    port: int, server: subprocess.Popen, log: Path, path: str = "/accounts/login/", within=60
) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"gunicorn did not answer within {within} s")


def percentile(values: list[float], p: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--writers", type=int, default=10, help="how many of the clients write")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--scale", default="small", help="`camket generate` scale, or none")
    parser.add_argument("--prepare", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare(*args.prepare)))
        return 0

    engine = os.environ.get("CAMKET_DB_ENGINE", "sqlite")
    folder = Path(tempfile.mkdtemp(prefix="camket-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "camket.settings",
        "CAMKET_VAR_DIR": str(folder),
        "CAMKET_DB_PATH": str(folder / "camket.sqlite3"),
        "CAMKET_DEBUG": "false",
        "CAMKET_SECRET_KEY": secrets.token_urlsafe(50),
        "CAMKET_ALLOWED_HOSTS": "127.0.0.1",
        "CAMKET_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "CAMKET_LOG_LEVEL": "WARNING",
    }
    readers = args.clients - args.writers
    print(
        f"load: {args.clients} clients ({readers} readers, {args.writers} writers), "
        f"{args.seconds:.0f} s, gunicorn {args.workers} workers, {engine}",
        flush=True,
    )
    server = None
    try:
        run_step("migrate", ["manage.py", "migrate", "--noinput", "-v0"], env)
        run_step("demo", ["manage.py", "createdemo", "-v0"], env)
        if args.scale != "none":
            run_step(
                f"generate {args.scale}",
                ["manage.py", "generate", "--scale", args.scale, "--seed", "1", "-v0"],
                env,
            )
        plan = json.loads(
            run_step(
                "users", ["-m", "bench.load", "--prepare", str(readers), str(args.writers)], env
            )
            .strip()
            .splitlines()[-1]
        )
        port = free_port()
        log = folder / "gunicorn.log"
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "camket.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--timeout", "120"],
            cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_until_serving(port, server, log)

        results = Results()
        people = [(Person(port, results), name) for name in plan["readers"]] + [
            (Person(port, results), job["username"]) for job in plan["writers"]
        ]
        logged_in = sum(person.log_in(name) for person, name in people)
        if logged_in != len(people):
            print(f"  only {logged_in} of {len(people)} clients could log in")
        stop = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=reader, args=(person, plan["codes"], stop, random.Random(i)), daemon=True
            )
            for i, (person, _) in enumerate(people[:readers])
        ]
        for i, job in enumerate(plan["writers"]):
            person = people[readers + i][0]
            rng = random.Random(1000 + i)
            threads.append(
                threading.Thread(target=writer, args=(person, job, stop, rng), daemon=True)
            )
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    server_locked = log.read_text(errors="replace").count(LOCKED)
    shutil.rmtree(folder, ignore_errors=True)

    print(f"\n{'request':<14}{'count':>8}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}")
    measured = {k: v for k, v in results.times.items() if k not in {"login form", "login"}}
    every = [t for times in measured.values() for t in times]
    for kind in sorted(measured):
        times = measured[kind]
        print(
            f"{kind:<14}{len(times):>8}{results.errors[kind]:>8}"
            f"{percentile(times, 50) * 1000:>9.0f}{percentile(times, 95) * 1000:>9.0f}"
        )
    errors = sum(results.errors.values())
    print(
        f"{'all':<14}{len(every):>8}{errors:>8}"
        f"{percentile(every, 50) * 1000:>9.0f}{percentile(every, 95) * 1000:>9.0f}"
    )
    cores, load = os.cpu_count(), os.getloadavg()[0]
    print(f"\nmachine: {cores} cores, load average {load:.1f} at the end (other work shares them)")
    print(
        f"{engine}: {len(every)} requests in {elapsed:.0f} s ({len(every) / elapsed:.0f}/s), "
        f"{errors} errors (logins included), 'database is locked': "
        f"{results.locked} in responses, {server_locked} in the server log"
    )
    for example in results.examples:
        print(f"  {example}")
    return 1 if errors or results.locked or server_locked else 0


if __name__ == "__main__":
    sys.exit(main())
