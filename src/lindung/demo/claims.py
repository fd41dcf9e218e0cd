"""Demo claim cases in every state, with heirs, handovers and a few anonymised stories.

Reproducible (seeded) for a given demo registry, and idempotent: when the demo BPJS
officer already sees claim cases, nothing is added. Every case goes through the claim
services (checklist, steps, expected benefit, audit, unprotected-project notices), so this
is not one transaction: call ``load_claims`` outside any ``atomic`` block, after the demo
users, projects and workers.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from lindung.accounts import selectors as account_selectors
from lindung.accounts.models import User
from lindung.claims import selectors as claim_selectors
from lindung.claims import services as claim_services
from lindung.claims import workflow
from lindung.claims.models import ClaimCase, ClaimStatus
from lindung.core.errors import LindungError
from lindung.demo.output import Writer
from lindung.regions.models import Region, RegionLevel
from lindung.workers import selectors as worker_selectors
from lindung.workers.models import Worker, WorkerProjectLink

BPJS_USER = "bpjs"
REGENCY_USERS = {"61.71": "pontianak", "61.01": "sambas"}

GIVEN = (
    "Agustina", "Bernadeta", "Dewi", "Fatimah", "Herlina", "Kartini", "Maria", "Nurhayati",
    "Rosalia", "Siti", "Theresia", "Yanti", "Ahmad", "Budi", "Markus", "Rahmat", "Yohanes",
)  # fmt: skip
FAMILY = ("Ajun", "Hidayat", "Lim", "Rahman", "Saputra", "Setiawan", "Sinaga", "Wijaya", "Yusuf")
PLACES = ("Lokasi proyek", "Perjalanan ke lokasi kerja", "Gudang material", "Rumah")
ACCIDENTS = (
    "Terjatuh dari perancah saat memasang bekisting.",
    "Tertimpa material besi saat bongkar muat.",
    "Tersengat listrik saat memasang instalasi sementara.",
    "Kecelakaan sepeda motor dalam perjalanan ke lokasi proyek.",
    "Tangan terluka mesin pemotong keramik.",
)
REJECTIONS = (
    "Kepesertaan tidak aktif pada tanggal kejadian.",
    "Bukan kecelakaan kerja: terjadi di luar jam dan lokasi kerja.",
    "Surat keterangan ahli waris tidak sah.",
    "Tercatat ganda dengan kasus lain.",
)


@dataclass(frozen=True)
class Plan:
    claim_type: str
    final: str
    outcome: str = ""
    cause: str = ""


def _plans() -> list[Plan]:
    jkk = [
        ("death", "paid"), ("temporary", "paid"), ("partial_disability", "paid"),
        ("medical", "paid"), ("total_disability", "approved"), ("temporary", "submitted"),
        ("death", "documents_complete"), ("medical", "reported"), ("temporary", "reported"),
        ("partial_disability", "submitted"), ("death", "rejected"), ("temporary", "paid"),
        ("medical", "documents_complete"), ("death", "paid"),
    ]  # fmt: skip
    plans = [Plan("jkk_accident", final, outcome=outcome) for outcome, final in jkk]
    plans += [
        Plan("jkk_disease", "submitted", outcome="temporary"),
        Plan("jkk_disease", "paid", outcome="partial_disability"),
    ]
    jkm = ("paid", "paid", "paid", "paid", "approved", "submitted", "submitted",
           "documents_complete", "reported", "reported", "rejected", "paid")  # fmt: skip
    plans += [Plan("jkm_death", final) for final in jkm]
    beasiswa = (
        ("jkm_death", "paid"), ("jkk_death", "paid"), ("jkk_death", "approved"),
        ("jkm_death", "submitted"), ("jkk_total_disability", "reported"),
        ("jkm_death", "rejected"), ("jkk_death", "paid"), ("jkm_death", "reported"),
    )  # fmt: skip
    plans += [Plan("beasiswa", final, cause=cause) for cause, final in beasiswa]
    return plans


def _name(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _children(rng: random.Random, event: date, count: int) -> list[claim_services.BeneficiaryInput]:
    # Ages 5..20 at the event, each at the level matching the age.
    kids = []
    for _ in range(count):
        age = rng.randrange(5, 21)
        level = "TK" if age < 7 else "SD" if age < 13 else "SMP" if age < 16 else "SMA"
        if age >= 19:
            level = "PT"
        born = event - timedelta(days=365 * age + rng.randrange(0, 300))
        kids.append(
            claim_services.BeneficiaryInput(
                name=_name(rng), relationship="child", birth_date=born, school_level=level
            )
        )
    return kids


def _spouse(rng: random.Random, worker: Worker) -> claim_services.BeneficiaryInput:
    born = (worker.birth_date or date(1980, 1, 1)) + timedelta(days=rng.randrange(-2000, 2000))
    return claim_services.BeneficiaryInput(
        name=_name(rng),
        relationship="spouse",
        birth_date=born,
        phone=f"08{rng.randrange(11, 99)}{rng.randrange(10_000_000, 99_999_999)}",
    )


def _step_days(rng: random.Random, final: str) -> list[tuple[str, int]]:
    """Return the steps up to FINAL with the days each took."""
    gaps = {
        ClaimStatus.DOCUMENTS_COMPLETE: rng.randrange(4, 16),
        ClaimStatus.SUBMITTED: rng.randrange(1, 5),
        ClaimStatus.APPROVED: rng.randrange(3, 13),
        ClaimStatus.PAID: rng.randrange(2, 7),
    }
    if final == ClaimStatus.REJECTED:
        stop = rng.choice([ClaimStatus.REPORTED, ClaimStatus.SUBMITTED])
        path = list(workflow.ORDER[: workflow.ORDER.index(stop) + 1][1:])
        return [(s, gaps[ClaimStatus(s)]) for s in path] + [(final, rng.randrange(2, 10))]
    path = list(workflow.ORDER[1 : workflow.ORDER.index(final) + 1])
    return [(s, gaps[ClaimStatus(s)]) for s in path]


class _Loader:
    def __init__(self, *, seed: int, today: date, bpjs: User, stdout: Writer | None) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not security
        self.today = today
        self.bpjs = bpjs
        self.stdout = stdout
        self.officers = {
            regency: user
            for regency, name in REGENCY_USERS.items()
            if (user := account_selectors.find_user(username=name)) is not None
        }
        self.used: set[int] = set()
        self.failures = 0

    def say(self, text: str) -> None:
        if self.stdout is not None:
            self.stdout.write(text)

    def pick_worker(self, pool: list[int]) -> Worker | None:
        """Draw a worker not used yet from ``pool`` (ids), and read only that one."""
        free = [pk for pk in pool if pk not in self.used]
        if not free:
            return None
        pk = self.rng.choice(free)
        self.used.add(pk)
        return worker_selectors.access_worker(actor=self.bpjs, worker_id=pk)

    def actor_for(self, region_code: str) -> User:
        return self.officers.get(region_code[:5], self.bpjs)

    def record(
        self, plan: Plan, worker: Worker, link: WorkerProjectLink | None
    ) -> ClaimCase | None:
        rng = self.rng
        steps = _step_days(rng, plan.final)
        # Open cases keep a few weeks at their step, so some are overdue and some are not.
        waiting = rng.choice((0, 1, 2, 4, 6, 20, 35)) if plan.final not in workflow.CLOSED else 0
        report_gap = rng.randrange(0, 4)
        span = report_gap + sum(days for _s, days in steps) + waiting
        event = self.today - timedelta(days=span + rng.randrange(1, 150))
        project = link.project if link is not None else None
        region = worker.region_id
        if project is not None and project.region_id.count(".") == 3:
            region = project.region_id
        beneficiaries: list[claim_services.BeneficiaryInput] = []
        death = plan.claim_type == "jkm_death" or plan.outcome == "death"
        if death:
            beneficiaries = [_spouse(rng, worker), *_children(rng, event, rng.randrange(0, 3))]
        if plan.claim_type == "beasiswa":
            beneficiaries = _children(rng, event, rng.randrange(1, 3))
        wage = Decimal(rng.randrange(28, 46) * 100_000) if rng.random() < 0.7 else None
        inputs = claim_services.BenefitInputs(
            monthly_wage=wage if plan.claim_type in {"jkk_accident", "jkk_disease"} else None,
            contribution_months=(
                rng.randrange(12, 96) if plan.claim_type in {"jkm_death", "beasiswa"} else None
            ),
            stmb_months=rng.randrange(1, 8) if plan.outcome == "temporary" else None,
            disability_pct=(
                Decimal(rng.choice([10, 20, 35, 40]))
                if plan.outcome == "partial_disability"
                else None
            ),
            transport_land=(
                Decimal(rng.randrange(3, 25) * 100_000)
                if plan.claim_type == "jkk_accident"
                else None
            ),
        )
        reporter = "employer" if project is not None and not death else "spouse"
        actor = self.actor_for(region)
        data = claim_services.CaseInput(
            claim_type=plan.claim_type,
            worker_id=worker.pk,
            event_date=event,
            reported_on=event + timedelta(days=report_gap),
            event_region_code=region,
            event_place=rng.choice(PLACES) if plan.claim_type == "jkk_accident" else "",
            description=rng.choice(ACCIDENTS) if plan.claim_type == "jkk_accident" else "",
            project_id=project.pk if project is not None else None,
            reporter_name=_name(rng),
            reporter_phone=f"08{rng.randrange(11, 99)}{rng.randrange(10_000_000, 99_999_999)}",
            reporter_relationship=reporter,
            jkk_outcome=plan.outcome,
            beasiswa_cause=plan.cause,
            inputs=inputs,
        )
        try:
            case = claim_services.record_case(actor=actor, data=data, beneficiaries=beneficiaries)
            return self.advance(case, steps)
        except LindungError as exc:
            self.failures += 1
            self.say(f"Demo claim for worker {worker.pk} skipped: {exc.message} {exc.errors}")
            return None

    def advance(self, case: ClaimCase, steps: list[tuple[str, int]]) -> ClaimCase:
        day = case.status_on
        documents = list(case.documents.all())
        complete = any(status == ClaimStatus.DOCUMENTS_COMPLETE for status, _d in steps)
        for document in documents:
            # Cases still at "reported" have part of their papers; the others all of them.
            if complete or (document.required and self.rng.random() < 0.5):
                claim_services.set_document(
                    actor=self.bpjs,
                    case_id=case.pk,
                    code=document.code,
                    received=True,
                    received_on=day + timedelta(days=self.rng.randrange(0, 3)),
                )
        for status, days in steps:
            day += timedelta(days=days)
            amount = None
            if status == ClaimStatus.PAID:
                amount = case.expected_benefit or Decimal(self.rng.randrange(5, 40) * 100_000)
                if self.rng.random() < 0.15:
                    # Now and then BPJS pays less (a receipt refused, a shorter STMB).
                    amount = max(Decimal(100_000), amount - Decimal(1_500_000))
            case = claim_services.move_case(
                actor=self.bpjs,
                case_id=case.pk,
                step=workflow.StepInput(
                    to_status=status,
                    on=min(day, self.today),
                    bpjs_claim_number=f"KLM/{case.event_date:%Y}/{case.pk:06d}",
                    amount_paid=amount,
                    rejection_reason=self.rng.choice(REJECTIONS)
                    if status == ClaimStatus.REJECTED
                    else "",
                ),
            )
        return case


def _handovers(loader: _Loader, cases: list[ClaimCase]) -> int:
    by_regency: dict[str, list[ClaimCase]] = defaultdict(list)
    for case in cases:
        if case.status == ClaimStatus.PAID:
            by_regency[case.regency_code].append(case)
    names = dict(Region.objects.filter(level=RegionLevel.REGENCY).values_list("code", "name"))
    count = 0
    ranked = sorted(by_regency.items(), key=lambda item: (-len(item[1]), item[0]))
    for regency, paid in ranked[:3]:
        last = max(c.paid_on or c.status_on for c in paid)
        held = min(loader.today, last + timedelta(days=loader.rng.randrange(1, 10)))
        name = names.get(regency, regency)
        head = "Wali Kota" if name.upper().startswith("KOTA") else "Bupati"
        try:
            claim_services.record_handover(
                actor=loader.bpjs,
                data=claim_services.HandoverInput(
                    held_on=held,
                    place=f"Aula Kantor {head} {name.title()}",
                    region_code=regency,
                    officials=(
                        f"{head} {name.title()}; Kepala Dinas Tenaga Kerja; "
                        "Kepala Kantor Cabang BPJS Ketenagakerjaan"
                    ),
                    family_count=len(paid),
                    amount=sum((c.amount_paid or Decimal(0) for c in paid), Decimal(0)),
                    case_ids=[c.pk for c in paid],
                    note="Penyerahan santunan secara simbolis kepada ahli waris dan pekerja.",
                ),
            )
            count += 1
        except LindungError as exc:
            loader.say(f"Demo handover in {regency} skipped: {exc.message} {exc.errors}")
    return count


STORIES = {
    "jkm_death": (
        "Santunan kematian cair dalam {days} hari",
        "Seorang {job} di {place} meninggal dunia karena sakit. Ia terdaftar sebagai peserta "
        "BPJS Ketenagakerjaan melalui program perlindungan pekerja rentan. Keluarganya menerima "
        "santunan {amount} {days} hari setelah kepergiannya, cukup untuk biaya pemakaman dan "
        "kebutuhan sekolah anak-anak.",
    ),
    "jkk_accident": (
        "Kecelakaan di proyek, biaya dan upah tetap terlindungi",
        "Seorang {job} di {place} mengalami kecelakaan saat bekerja di proyek konstruksi. "
        "Biaya perawatan ditanggung BPJS Ketenagakerjaan, dan manfaat sebesar {amount} "
        "dibayarkan {days} hari setelah kejadian. Proyeknya telah didaftarkan oleh kontraktor.",
    ),
    "beasiswa": (
        "Beasiswa agar anak tetap bersekolah",
        "Anak-anak seorang {job} dari {place} tetap bersekolah berkat beasiswa BPJS "
        "Ketenagakerjaan sebesar {amount} tahun ini, dibayarkan {days} hari setelah "
        "pengajuan lengkap.",
    ),
}


def _stories(loader: _Loader, cases: list[ClaimCase]) -> int:
    count = 0
    for claim_type, (title, text) in STORIES.items():
        case = next(
            (c for c in cases if c.status == ClaimStatus.PAID and c.claim_type == claim_type),
            None,
        )
        if case is None:
            continue
        full = claim_selectors.access_case(actor=loader.bpjs, case_id=case.pk)
        regency = Region.objects.filter(code=case.regency_code).values_list("name", flat=True)
        amount = f"Rp{int(case.amount_paid or 0):,}".replace(",", ".")
        try:
            claim_services.save_story(
                actor=loader.bpjs,
                case_id=case.pk,
                data=claim_services.StoryInput(
                    title=title.format(days=case.days_to_payout),
                    text=text.format(
                        job=(full.worker.occupation or "pekerja").lower(),
                        place=(regency.first() or "Kalimantan Barat").title(),
                        amount=amount,
                        days=case.days_to_payout,
                    ),
                    publishable=True,
                ),
            )
            count += 1
        except LindungError as exc:
            loader.say(f"Demo story for {case.reference} skipped: {exc.message} {exc.errors}")
    return count


def load_claims(*, seed: int = 7, stdout: Writer | None = None) -> int:
    """Create the demo claim cases, handovers and stories; return how many cases were made."""
    bpjs = account_selectors.find_user(username=BPJS_USER)
    if bpjs is None:
        if stdout is not None:
            stdout.write("Demo claims skipped: load the demo users first.")
        return 0
    if claim_selectors.readable_cases(actor=bpjs).exists():
        if stdout is not None:
            stdout.write("Demo claims already there.")
        return 0
    loader = _Loader(seed=seed, today=timezone.localdate(), bpjs=bpjs, stdout=stdout)
    # Ids only: 36 cases need 36 workers, not the 200,000 of the registry as objects.
    workers = list(
        worker_selectors.worker_list(
            actor=bpjs, filters=worker_selectors.WorkerFilters(nik_status="valid")
        ).values_list("pk", flat=True)
    )
    link_ids: dict[int, int] = {}
    for worker_id, link_id in (
        WorkerProjectLink.objects.filter(
            worker__nik_status="valid", worker__merged_into__isnull=True
        )
        .exclude(project__stage__in=["planned", "cancelled"])
        .order_by("pk")
        .values_list("worker_id", "pk")
    ):
        link_ids.setdefault(worker_id, link_id)
    builders = [pk for pk in workers if pk in link_ids]
    if not workers:
        loader.say("Demo claims skipped: load the demo workers first.")
        return 0
    cases: list[ClaimCase] = []
    for plan in _plans():
        on_site = plan.claim_type == "jkk_accident" and bool(builders)
        worker = loader.pick_worker(builders if on_site else workers)
        if worker is None:
            continue
        link = (
            WorkerProjectLink.objects.select_related("project").get(pk=link_ids[worker.pk])
            if on_site
            else None
        )
        case = loader.record(plan, worker, link)
        if case is not None:
            cases.append(case)
    handovers = _handovers(loader, cases)
    stories = _stories(loader, cases)
    loader.say(
        f"Demo claims created: {len(cases)}, handovers: {handovers}, stories: {stories}, "
        f"skipped: {loader.failures}"
    )
    return len(cases)
