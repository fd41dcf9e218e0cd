"""Project pages: list, detail, forms, "my projects", ranking and QR downloads."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from lindung.accounts.models import AuditEvent, Role, User
from lindung.projects import list_selectors
from lindung.projects import services as project_services
from lindung.projects.compliance import Compliance
from lindung.projects.models import Addendum, Payment, Ppk, Project, Registration, Stage
from tests.factories import accounts as f
from tests.factories.projects import (
    AgencyFactory,
    ContractorFactory,
    PpkFactory,
    make_project,
    nip_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _client(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def _today():
    return timezone.localdate()


def overdue_project(**kwargs) -> Project:
    return make_project(spk_date=_today() - timedelta(days=60), **kwargs)


def _row_queries(queries: list[dict[str, Any]]) -> list[str]:
    """Return the queries that read the project table for the page: its ids, then its rows."""
    return [
        q["sql"]
        for q in queries
        if 'FROM "projects_project"' in q["sql"]
        and "COUNT(" not in q["sql"]
        and '"U0"' not in q["sql"]
    ]


def ppk_user(agency=None, username="ppk.user") -> tuple[User, Ppk]:
    user = f.user_of_role(Role.AGENCY_USER, "61.71", username=username)
    agency = agency or AgencyFactory.create(name="Dinas PUPR Kota Pontianak", region_id="61.71")
    agency.members.add(user)
    ppk = PpkFactory.create(agency=agency, user=user, nip=nip_for(900))
    return user, ppk


class TestProjectList:
    def test_lists_projects_with_their_status(self):
        project = overdue_project()
        response = _client(f.admin()).get("/proyek/")
        assert response.status_code == 200
        rows = response.context["rows"]
        assert [(p.pk, s.code) for p, s in rows] == [(project.pk, Compliance.OVERDUE)]
        assert 'data-status="overdue"' in response.content.decode()

    def test_filters_by_status_on_stored_fields(self):
        late = overdue_project()
        fresh = make_project(spk_date=_today())
        paid = overdue_project()
        admin = f.admin()
        project_services.record_registration(
            actor=admin,
            project_id=paid.pk,
            bpjs_project_number="123456",
            certificate_number="",
            registered_on=_today(),
        )
        assert paid.contribution_total is not None
        project_services.record_payment(
            actor=admin, project_id=paid.pk, amount=paid.contribution_total, paid_on=_today()
        )
        client = _client(admin)

        def listed(status: str) -> set[int]:
            response = client.get("/proyek/", {"status": status})
            return {p.pk for p, _s in response.context["rows"]}

        assert listed("overdue") == {late.pk}
        assert listed("fully_paid") == {paid.pk}
        assert listed("not_yet_due") | listed("due_soon") == {fresh.pk}
        assert listed("registered_underpaid") == set()

    def test_filter_statuses_match_computed_statuses(self):
        projects = [
            overdue_project(),
            make_project(spk_date=_today()),
            make_project(spk_date=_today() - timedelta(days=12)),
            make_project(stage=Stage.CANCELLED),
            make_project(stage=Stage.PLANNED, spk_date=None, contract_value=None),
            make_project(stage=Stage.HANDED_OVER, spk_date=_today() - timedelta(days=200)),
        ]
        client = _client(f.admin())
        seen: dict[int, str] = {}
        for code in Compliance:
            response = client.get("/proyek/", {"status": code.value})
            for project, status in response.context["rows"]:
                assert status.code == code, (project.name, code)
                seen[project.pk] = code
        assert set(seen) == {p.pk for p in projects}
        # The export's row-by-row twin of the filter agrees with it.
        cutoff = list_selectors.at_risk_cutoff(today=_today())
        for project in Project.objects.all():
            assert (
                list_selectors.stored_status(project, today=_today(), cutoff=cutoff)
                == seen[project.pk]
            )

    def test_filters_search_year_funding_and_region(self):
        target = overdue_project(name="Jembatan Sungai Kapuas", fiscal_year=2025)
        overdue_project(name="Drainase Kota", region_id="61.71.02")
        client = _client(f.admin())
        for params in (
            {"q": "kapuas"},
            {"year": "2025"},
            {"region": "61.71", "q": "Jembatan"},
            {"agency": str(target.agency_id), "q": "Sungai"},
            {"ppk": str(target.ppk_id)},
            {"contractor": str(target.contractor_id)},
        ):
            response = client.get("/proyek/", params)
            assert [p.pk for p, _s in response.context["rows"]] == [target.pk], params

    def test_sorts_by_contract_value(self):
        small = overdue_project(contract_value=Decimal("100000000"))
        big = overdue_project(contract_value=Decimal("900000000"))
        response = _client(f.admin()).get("/proyek/", {"order": "-contract_value"})
        assert [p.pk for p, _s in response.context["rows"]] == [big.pk, small.pk]

    def test_paginates(self):
        for _ in range(27):
            overdue_project()
        client = _client(f.admin())
        first = client.get("/proyek/")
        second = client.get("/proyek/", {"page": 2})
        assert len(first.context["rows"]) == 25
        assert len(second.context["rows"]) == 2
        assert first.context["page"].paginator.count == 27

    def test_htmx_request_returns_only_the_table(self):
        overdue_project()
        response = _client(f.admin()).get(
            "/proyek/", {"q": "Rehab"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="project-table"
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert "<html" not in body
        assert 'data-testid="project-row"' in body

    def test_invalid_filters_are_ignored(self):
        overdue_project()
        response = _client(f.admin()).get("/proyek/", {"year": "abc", "status": "nonsense"})
        assert response.status_code == 200
        assert len(response.context["rows"]) == 1

    def test_list_queries_do_not_grow_with_projects(self, django_assert_max_num_queries):
        admin = f.admin()
        client = _client(admin)
        regencies = ["61.01.01", "61.02.01", "61.71.01", "61.72.01", "61.04.01"]
        for i in range(3):
            overdue_project(region_id=regencies[i % 5])
        client.get("/proyek/")  # warm the parameter cache
        # The ceiling leaves room for the shell (session, user, navigation, notifications).
        with django_assert_max_num_queries(15) as few:
            client.get("/proyek/")
        for i in range(30):
            overdue_project(region_id=regencies[i % 5])
        with django_assert_max_num_queries(15) as many:
            response = client.get("/proyek/")
        assert len(response.context["rows"]) == 25
        assert len(many.captured_queries) == len(few.captured_queries)
        assert len(_row_queries(many.captured_queries)) == 2

    def test_status_filter_is_one_sql_query_for_rows(self, django_assert_max_num_queries):
        for _ in range(5):
            overdue_project()
        client = _client(f.admin())
        client.get("/proyek/", {"status": "overdue"})
        with django_assert_max_num_queries(15) as captured:
            response = client.get(
                "/proyek/",
                {"status": "overdue"},
                HTTP_HX_REQUEST="true",
                HTTP_HX_TARGET="project-table",
            )
        assert len(response.context["rows"]) == 5
        assert len(_row_queries(captured.captured_queries)) == 2


class TestProjectDetail:
    def test_shows_timeline_and_contribution(self):
        project = overdue_project()
        admin = f.admin()
        project_services.record_registration(
            actor=admin,
            project_id=project.pk,
            bpjs_project_number="9876",
            certificate_number="C-1",
            registered_on=_today(),
        )
        project_services.record_payment(
            actor=admin, project_id=project.pk, amount=Decimal(1000), paid_on=_today(), termin=1
        )
        response = _client(admin).get(f"/proyek/{project.pk}/")
        assert response.status_code == 200
        kinds = [entry.kind for entry in response.context["timeline"]]
        assert {"spk", "registration", "payment"} <= set(kinds)
        assert response.context["status"].code == Compliance.REGISTERED_UNDERPAID
        body = response.content.decode()
        assert 'data-testid="contribution-total"' in body
        assert "Rp 1.000" in body
        # The full calculation record, its shared basis included, drives the breakdown.
        assert response.context["detail"]["parameters"]
        assert len(response.context["detail"]["tiers"]) == 5
        # Its legal basis and the rules' notes, in the page's language.
        assert 'data-testid="contribution-sources"' in body
        assert "PP 44/2015" in body
        assert "in force since 1 July 2015" in body
        assert "Parameter jakon.contract_base uses a value with confidence UNCONFIRMED" in body

    def test_unregistered_project_shows_the_deadline(self):
        project = overdue_project()
        response = _client(f.admin()).get(f"/proyek/{project.pk}/")
        deadlines = [e for e in response.context["timeline"] if e.kind == "deadline"]
        assert [d.on for d in deadlines] == [project.registration_due]

    def test_a_deadline_in_a_year_without_known_collective_leave_is_provisional(self):
        far = make_project(spk_date=date(2035, 3, 1), fiscal_year=2035)
        html = _client(f.admin()).get(f"/proyek/{far.pk}/").content.decode()
        assert html.count('data-testid="provisional-deadline"') == 1
        known = make_project(spk_date=date(2025, 7, 7), fiscal_year=2025)
        html = _client(f.admin()).get(f"/proyek/{known.pk}/").content.decode()
        assert 'data-testid="provisional-deadline"' not in html


class TestProjectForms:
    def _form(self, **overrides):
        data = {
            "name": "Peningkatan Jalan Desa",
            "kode_rup": "51234567",
            "agency_name": "Dinas PUPR Kota Pontianak",
            "region_code": "61.71.01",
            "sector": "roads",
            "funding_source": "apbd_kab",
            "fiscal_year": str(_today().year),
            "stage": "contracted",
            "contract_value": "350.000.000",
            "value_includes_vat": "on",
            "spk_date": _today().isoformat(),
        }
        data.update(overrides)
        return data

    def test_creates_a_project_with_its_contribution(self):
        admin = f.admin()
        response = _client(admin).post("/proyek/baru/", self._form())
        project = Project.objects.get(kode_rup="51234567")
        assert response.status_code == 302
        assert response["Location"] == f"/proyek/{project.pk}/"
        assert project.contract_value == Decimal(350_000_000)
        assert project.contribution_total
        assert project.contribution_total > 0
        assert AuditEvent.objects.filter(action="project.create").exists()

    def test_service_errors_are_shown_on_their_fields(self):
        response = _client(f.admin()).post(
            "/proyek/baru/", self._form(region_code="99.99", contract_value="")
        )
        assert response.status_code == 422
        form = response.context["form"]
        assert "region_code" not in form.errors or form.errors["region_code"]
        assert "contract_value" in form.errors
        assert not Project.objects.exists()

    def test_amount_must_be_a_number(self):
        response = _client(f.admin()).post("/proyek/baru/", self._form(contract_value="abc"))
        assert response.status_code == 422
        assert "contract_value" in response.context["form"].errors

    def test_contractor_cannot_open_the_create_form(self):
        user = f.user_of_role(Role.CONTRACTOR, "61", username="kontraktor")
        assert _client(user).get("/proyek/baru/").status_code == 403

    def test_regency_officer_cannot_create_outside_the_regency(self):
        officer = f.regency_officer("61.01", username="sambas")
        response = _client(officer).post("/proyek/baru/", self._form())
        assert response.status_code == 422
        assert response.context["form"].non_field_errors()
        assert not Project.objects.exists()

    def test_edits_a_project(self):
        project = overdue_project()
        client = _client(f.admin())
        form = client.get(f"/proyek/{project.pk}/ubah/").context["form"]
        data = {k: v for k, v in form.initial.items() if v is not None}
        data.update(name="Nama Baru", contract_value="400000000", value_includes_vat="on")
        assert project.spk_date is not None
        data["spk_date"] = project.spk_date.isoformat()
        response = client.post(f"/proyek/{project.pk}/ubah/", data)
        assert response.status_code == 302, response.context["form"].errors
        project.refresh_from_db()
        assert project.name == "Nama Baru"
        assert project.contract_value == Decimal(400_000_000)

    def test_records_an_addendum(self):
        project = overdue_project()
        response = _client(f.admin()).post(
            f"/proyek/{project.pk}/adendum/",
            {"number": "ADD-1", "signed_on": _today().isoformat(), "new_value": "500.000.000"},
        )
        assert response.status_code == 302
        addendum = Addendum.objects.get(project=project)
        assert addendum.extra_contribution > 0

    def test_registration_then_payment_makes_the_project_compliant(self):
        user, ppk = ppk_user()
        project = overdue_project(agency=ppk.agency, ppk=ppk)
        client = _client(user)
        response = client.post(
            f"/proyek/{project.pk}/registrasi/",
            {"bpjs_project_number": "2026001", "registered_on": _today().isoformat()},
        )
        assert response.status_code == 302
        assert Registration.objects.filter(project=project).exists()
        response = client.post(
            f"/proyek/{project.pk}/pembayaran/",
            {"amount": str(project.contribution_total), "paid_on": _today().isoformat()},
        )
        assert response.status_code == 302
        assert Payment.objects.filter(project=project).count() == 1
        detail = client.get(f"/proyek/{project.pk}/")
        assert detail.context["status"].code == Compliance.FULLY_PAID

    def test_future_payment_date_is_refused_with_a_field_error(self):
        project = overdue_project()
        response = _client(f.admin()).post(
            f"/proyek/{project.pk}/pembayaran/",
            {"amount": "1000", "paid_on": (_today() + timedelta(days=3)).isoformat()},
        )
        assert response.status_code == 422
        assert "paid_on" in response.context["form"].errors
        assert not Payment.objects.exists()

    def test_second_registration_by_a_ppk_is_a_form_error(self):
        user, ppk = ppk_user()
        project = overdue_project(agency=ppk.agency, ppk=ppk)
        client = _client(user)
        data = {"bpjs_project_number": "2026001", "registered_on": _today().isoformat()}
        client.post(f"/proyek/{project.pk}/registrasi/", data)
        response = client.post(f"/proyek/{project.pk}/registrasi/", data)
        assert response.status_code == 422
        assert response.context["form"].non_field_errors()

    def test_changes_the_stage(self):
        project = overdue_project()
        response = _client(f.admin()).post(
            f"/proyek/{project.pk}/tahap/", {"stage": "in_progress", "on": _today().isoformat()}
        )
        assert response.status_code == 302
        project.refresh_from_db()
        assert project.stage == Stage.IN_PROGRESS

    def test_contractor_may_record_a_payment_but_not_edit(self):
        contractor = ContractorFactory.create()
        user = f.user_of_role(Role.CONTRACTOR, "61", username="kontraktor")
        contractor.members.add(user)
        project = overdue_project(contractor=contractor)
        client = _client(user)
        assert client.get(f"/proyek/{project.pk}/pembayaran/").status_code == 200
        assert client.get(f"/proyek/{project.pk}/ubah/").status_code == 403


class TestMyProjects:
    def test_ppk_sees_what_to_do_next_most_urgent_first(self):
        user, ppk = ppk_user()
        late = overdue_project(agency=ppk.agency, ppk=ppk, name="Terlambat")
        soon = make_project(agency=ppk.agency, ppk=ppk, spk_date=_today(), name="Baru")
        overdue_project(name="Bukan milik saya")
        response = _client(user).get("/proyek/saya/")
        assert response.status_code == 200
        items = response.context["items"]
        assert [i.project.pk for i in items] == [late.pk, soon.pk]
        assert items[0].status.code == Compliance.OVERDUE
        assert items[0].status.next_action
        assert items[0].status.due == late.registration_due

    def test_contractor_sees_only_the_company_projects(self):
        contractor = ContractorFactory.create()
        user = f.user_of_role(Role.CONTRACTOR, "61", username="kontraktor")
        contractor.members.add(user)
        mine = overdue_project(contractor=contractor)
        overdue_project()
        response = _client(user).get("/proyek/saya/")
        assert [i.project.pk for i in response.context["items"]] == [mine.pk]

    def test_other_roles_are_sent_to_the_list(self):
        response = _client(f.admin()).get("/proyek/saya/")
        assert response.status_code == 302
        assert response["Location"] == "/proyek/"


class TestRanking:
    def test_ranks_agencies_worst_first(self):
        good = AgencyFactory.create(name="Dinas Baik")
        bad = AgencyFactory.create(name="Dinas Buruk")
        admin = f.admin()
        paid = overdue_project(agency=good)
        project_services.record_registration(
            actor=admin,
            project_id=paid.pk,
            bpjs_project_number="1",
            certificate_number="",
            registered_on=_today(),
        )
        overdue_project(agency=bad)
        response = _client(admin).get("/proyek/peringkat/", {"by": "agency"})
        assert response.status_code == 200
        assert [r.key for r in response.context["rows"]] == [bad.pk, good.pk]
        assert response.context["totals"].projects == 2
        assert response.context["totals"].registered == 1

    def test_ranks_by_regency(self):
        overdue_project(region_id="61.01.01")
        response = _client(f.admin()).get("/proyek/peringkat/", {"by": "regency", "year": "x"})
        assert [r.key for r in response.context["rows"]] == ["61.01"]


class TestQrCode:
    def _registered(self):
        project = overdue_project()
        project_services.record_registration(
            actor=f.admin(username="reg.admin"),
            project_id=project.pk,
            bpjs_project_number="42",
            certificate_number="",
            registered_on=_today(),
        )
        return project

    def test_png_svg_and_poster(self):
        project = self._registered()
        client = _client(f.admin())
        png = client.get(f"/proyek/{project.pk}/qr.png")
        assert png.status_code == 200
        assert png["Content-Type"] == "image/png"
        assert png.content.startswith(b"\x89PNG")
        svg = client.get(f"/proyek/{project.pk}/qr.svg")
        assert svg["Content-Type"] == "image/svg+xml"
        assert b"<svg" in svg.content
        poster = client.get(f"/proyek/{project.pk}/poster/")
        assert poster.status_code == 200
        body = poster.content.decode()
        assert f"/v/{project.public_token}/" in body
        assert "<svg" in body
        assert "<script" not in body.split("</head>")[1]

    def test_unregistered_project_has_no_qr_code(self):
        project = overdue_project()
        assert _client(f.admin()).get(f"/proyek/{project.pk}/qr.png").status_code == 404

    def test_replacing_the_link_changes_the_token(self):
        project = self._registered()
        old = project.public_token
        response = _client(f.admin()).post(f"/proyek/{project.pk}/tautan-publik/ganti/")
        assert response.status_code == 302
        project.refresh_from_db()
        assert project.public_token != old


class TestMoneyInput:
    @pytest.mark.parametrize(
        ("typed", "amount"),
        [
            ("350.000.000", Decimal(350_000_000)),
            ("Rp 350.000.000", Decimal(350_000_000)),
            ("1.250.000,50", Decimal("1250000.50")),
            ("715000.00", Decimal(715_000)),
            ("715000", Decimal(715_000)),
            ("1.500", Decimal(1500)),
        ],
    )
    def test_reads_indonesian_and_plain_amounts(self, typed, amount):
        from lindung.projects.forms import PaymentForm

        form = PaymentForm({"amount": typed, "paid_on": "2026-01-05"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["amount"] == amount
