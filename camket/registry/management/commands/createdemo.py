"""Create the demo users, load the built-in demo commitments and open the current reporting
cycle with its draft reports (idempotent)."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from camket.agencies import actions as agency_actions
from camket.agencies.models import Agency, Membership
from camket.coordination import demo as coordination_demo
from camket.coordination.mechanisms import demo as mechanisms_demo
from camket.evaluation import demo as evaluation_demo
from camket.evaluation.reviews import demo as reviews_demo
from camket.evaluation.scoring import demo as scoring_demo
from camket.monitoring.demo import create_sample_round, open_demo_cycle
from camket.obligations.demo_obligations import accept_demo_proposals
from camket.obligations.demo_plans import load_implementation_plans
from camket.obligations.statements import load_statement_texts
from camket.portal import demo as portal_demo
from camket.portal.consultation import demo as consultation_demo
from camket.portal.opendata import demo as opendata_demo
from camket.registry.loader import DEMO_FILE, load_file
from camket.registry.models import Commitment
from camket.registry.tota_import import import_files, import_treaty
from lawcore.shared_data import shared_data_path
from lawcore.tota import parse_tota

DEMO_PASSWORD = "camket-demo"
DEMO_USERS = [
    # username, full name, agency code, role
    ("dieuphoi", "Nguyễn Minh Anh", "bng-vulpdu", Membership.Role.COORDINATOR),
    ("canbo.bct", "Trần Thị Bình", "bct", Membership.Role.OFFICER),
    ("lanhdao.bct", "Lê Văn Cường", "bct", Membership.Role.LEADER),
    ("canbo.btc", "Phạm Thu Dung", "btc", Membership.Role.OFFICER),
    ("canbo.hanoi", "Hoàng Đức Em", "hanoi", Membership.Role.OFFICER),
    ("quansat", "Vũ Thanh Giang", "vpcp", Membership.Role.OBSERVER),
    ("quantri", "Quản trị hệ thống", "bng-vulpdu", Membership.Role.ADMIN),
]


def create_demo_users() -> list[tuple[str, str, str]]:
    """The demo accounts and roles, written (and audited) through ``agencies.actions``."""
    User = get_user_model()
    users = []
    for username, full_name, agency_code, role in DEMO_USERS:
        first, _, last = full_name.rpartition(" ")
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username, first_name=last, last_name=first)
            user.set_password(DEMO_PASSWORD)
        user.is_staff = user.is_superuser = role == Membership.Role.ADMIN
        agency_actions.save_user(user, acting_user=None)
        agency_actions.grant_role(
            user=user, agency=Agency.objects.get(code=agency_code), role=role, acting_user=None
        )
        users.append((username, agency_code, role))
    return users


# Commitments whose English text is another record's ToTA file: the CPTPP's Article 1
# incorporates the provisions of the TPP (ToTA pta_449), some of them suspended (Article 2).
INCORPORATED_TEXTS = {"vn/treaty/2018/cptpp": "449"}


def _import_incorporated(code: str, path) -> str:
    commitment = Commitment.objects.filter(code=code).first()
    if commitment is None or not path.exists():
        return "skipped"
    return import_treaty(parse_tota(path), into=commitment)


def _counts(outcomes: dict[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in outcomes.items())


class Command(BaseCommand):
    help = "Create demo users and load Viet Nam's real commitments as demo data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-texts",
            action="store_true",
            help="Do not import ToTA treaty texts even when ../shared/data exists.",
        )

    def handle(self, *args, no_texts=False, **options):
        with transaction.atomic():
            users = create_demo_users()
        # Country names as MOFA writes them, also in a database seeded before a correction.
        call_command("sync_partners", stdout=self.stdout)
        summary = load_file(DEMO_FILE)
        self.stdout.write(
            f"Demo commitments: inserted {summary.inserted}, updated {summary.updated}, "
            f"unchanged {summary.unchanged}"
        )
        tota_dir = shared_data_path("tota", "xml")
        if tota_dir and not no_texts:
            ids = Commitment.objects.exclude(tota_id="").values_list("tota_id", flat=True)
            files = [tota_dir / f"pta_{i}.xml" for i in ids if (tota_dir / f"pta_{i}.xml").exists()]
            texts = import_files(files)
            self.stdout.write(
                f"Treaty texts from ToTA: inserted {texts.inserted}, updated {texts.updated}, "
                f"unchanged {texts.unchanged}, failed {len(texts.failed)}"
            )
            for code, identifier in INCORPORATED_TEXTS.items():
                outcome = _import_incorporated(code, tota_dir / f"pta_{identifier}.xml")
                source = f"ToTA pta_{identifier}, incorporated"
                self.stdout.write(f"Text of {code} ({source}): {outcome}")
        if shared_data_path("upr-viet-nam") and not no_texts:
            statements = shared_data_path("joint-statements", "statements.jsonl")
            if statements:
                added = load_statement_texts(statements)
                self.stdout.write(f"Full texts of leaders' statements added: {added}")
            self.stdout.write("UPR recommendations: ", ending="")
            call_command("import_upr", verbosity=0, stdout=self.stdout)
            self.stdout.write("Domestic legal corpus (Pháp điển subset): ", ending="")
            # Articles whose source document has no parseable number are counted as failed;
            # `camket import-phapdien --subset` lists them one by one.
            call_command(
                "load_compatibility_demo", verbosity=0, stdout=self.stdout, stderr=io.StringIO()
            )
        plans_dir = shared_data_path("vn-implementation-plans")
        if plans_dir:
            plans = load_implementation_plans(plans_dir)
            self.stdout.write(
                "Implementation plans (Decision 328/QĐ-TTg and others): "
                f"plans {_counts(plans.plans)}; tasks {_counts(plans.tasks)}"
            )
        coordinator = get_user_model().objects.get(username=DEMO_USERS[0][0])
        if tota_dir and not no_texts:
            officer = get_user_model().objects.get(username="canbo.bct")
            accepted = accept_demo_proposals(acting_user=officer)
            self.stdout.write(f"Obligations accepted from the assistant's proposals: {accepted}")
        sample = create_sample_round(acting_user=coordinator)
        self.stdout.write(
            f"Sample reporting round “{sample.cycle.title}” (sample data, closed): "
            f"reports created {sample.reports}"
        )
        demo = open_demo_cycle(acting_user=coordinator)
        state = "opened" if demo.created else "closed" if demo.cycle.is_closed else "already open"
        self.stdout.write(
            f"Reporting cycle “{demo.cycle.title}” ({state}): draft reports created {demo.reports}"
        )
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for username, agency_code, role in users:
            self.stdout.write(f"  {username:<14} {role:<12} {agency_code}")
        scoring_demo.load_demo(self.stdout, acting_user=coordinator)
        # Before reviews, whose assistance needs read the obligations these two add.
        evaluation_demo.load_demo(self.stdout)
        portal_demo.load_demo(self.stdout)
        reviews_demo.load_demo(self.stdout, acting_user=coordinator)
        mechanisms_demo.load_demo(self.stdout, acting_user=coordinator)
        opendata_demo.load_demo(self.stdout)
        consultation_demo.load_demo(self.stdout, acting_user=coordinator)
        # The demos above add a commitment (VN-EFTA) and a task (a review's remedy): the open
        # cycle gains their reports now, not at the next run (a second run changes nothing).
        open_demo_cycle(acting_user=coordinator)
        coordination_demo.load_demo(self.stdout)  # last: the overlap run reads what came before
