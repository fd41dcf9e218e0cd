from __future__ import annotations

from decimal import Decimal

import pytest

from lindung.accounts.errors import ActionNotAllowed
from lindung.accounts.models import AuditEvent
from lindung.coverage import selectors as coverage_selectors
from lindung.coverage import services as coverage_services
from lindung.coverage.models import WorkforceDenominator
from lindung.demo import coverage as demo_coverage
from tests.factories import accounts as f

pytestmark = pytest.mark.django_db


class TestDenominators:
    def test_a_correction_supersedes_and_keeps_history(self):
        admin = f.admin()
        first = coverage_services.record_denominator(
            actor=admin, region_code="61", sector="construction", year=2025, workers=150_000,
            source="Sakernas 2025 (draft)",
        )  # fmt: skip
        second = coverage_services.record_denominator(
            actor=admin, region_code="61", sector="construction", year=2025, workers=154_008,
            source="Sakernas 2025",
        )  # fmt: skip
        assert second.supersedes == first
        current = coverage_selectors.current_denominator(
            region_code="61", sector="construction", year=2026
        )
        assert current == second
        assert WorkforceDenominator.objects.count() == 2
        assert AuditEvent.objects.filter(action="coverage.denominator").count() == 2

    def test_only_admins_record_figures(self):
        with pytest.raises(ActionNotAllowed):
            coverage_services.record_target(
                actor=f.regency_officer(), region_code="61", segment="all", year=2026,
                percent=Decimal(61), source="Perda",
            )  # fmt: skip


class TestDashboardFigures:
    def test_province_dashboard_shows_27_66_and_flags_the_press_figure(self, client):
        demo_coverage.load_official_figures()
        demo_coverage.load_official_figures()  # idempotent
        client.force_login(f.admin())
        response = client.get("/")
        indicators = {i.key: i for i in response.context["indicators"]}
        assert indicators["construction"].percent == Decimal("27.66")
        assert indicators["ucj"].percent == Decimal("31.63")
        html = response.content.decode()
        title = html[html.index("<title>") : html.index("</title>")]
        assert "<section" not in title
        assert html.count('data-testid="published"') == 1
        assert "27.66%" in html
        assert 'data-testid="published"' in html
        flags = [flags for _figure, flags in response.context["published"] if flags]
        assert len(flags) == 1

    def test_regency_without_figures_shows_missing_denominator(self, client):
        demo_coverage.load_official_figures()
        client.force_login(f.regency_officer("61.01"))
        indicators = client.get("/").context["indicators"]
        assert all(i.percent is None for i in indicators)
