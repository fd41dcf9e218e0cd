from __future__ import annotations

from datetime import date

import pytest

from lindung.accounts.models import AuditEvent
from lindung.regulations import services as regulation_services
from lindung.regulations.models import Holiday, ParameterRecord
from tests.factories import accounts as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _parameters():
    regulation_services.load_packaged_parameters(actor=None)


class TestParameterPages:
    def test_lists_parameters_in_force_with_sources(self, client):
        client.force_login(f.regency_officer())
        html = client.get("/regulasi/parameter/?tanggal=2026-06-01").content.decode()
        assert "bpu.jkm_flat" in html
        assert "PP 44/2015" in html
        assert "3205220" in html  # UMK Pontianak 2026

    def test_bad_date_falls_back_with_a_message(self, client):
        client.force_login(f.regency_officer())
        response = client.get("/regulasi/parameter/?tanggal=kemarin")
        assert response.status_code == 200
        assert "YYYY-MM-DD" in response.content.decode()

    def test_admin_adds_a_version_through_the_form(self, client):
        client.force_login(f.admin())
        response = client.post(
            "/regulasi/parameter/umk.61.71/",
            {
                "value_text": "3400000",
                "valid_from": "2027-01-01",
                "source": "Kepgub Kalbar 1/2026",
                "confidence": "H",
            },
        )
        assert response.status_code == 302
        assert ParameterRecord.objects.filter(
            name="umk.61.71", valid_from=date(2027, 1, 1)
        ).exists()

    def test_form_shows_indonesian_errors_and_writes_nothing(self, client):
        client.force_login(f.admin())
        before = ParameterRecord.objects.count()
        response = client.post(
            "/regulasi/parameter/umk.61.71/",
            {"value_text": "abc", "valid_from": "2020-01-01", "source": "x", "confidence": "H"},
        )
        assert response.status_code == 422
        assert "harus dimulai setelah" in response.content.decode()
        assert ParameterRecord.objects.count() == before

    def test_officer_sees_history_but_cannot_add(self, client):
        client.force_login(f.regency_officer())
        page = client.get("/regulasi/parameter/umk.61.71/")
        assert page.status_code == 200
        assert "Tambah versi baru" not in page.content.decode()
        response = client.post(
            "/regulasi/parameter/umk.61.71/",
            {"value_text": "1", "valid_from": "2027-01-01", "source": "x", "confidence": "H"},
        )
        assert response.status_code == 403
        assert not ParameterRecord.objects.filter(valid_from=date(2027, 1, 1)).exists()

    def test_unknown_parameter_is_404(self, client):
        client.force_login(f.admin())
        assert client.get("/regulasi/parameter/tidak.ada/").status_code == 404


class TestHolidayPages:
    def test_admin_adds_and_removes_a_regional_holiday(self, client):
        client.force_login(f.admin())
        response = client.post(
            "/regulasi/libur/",
            {"date": "2026-08-04", "name": "Hari jadi", "region": "61.01", "source": "Perda"},
        )
        assert response.status_code == 302
        holiday = Holiday.objects.get()
        client.post(f"/regulasi/libur/{holiday.pk}/hapus/")
        assert not Holiday.objects.exists()
        assert AuditEvent.objects.filter(action="holiday.remove").exists()

    def test_lists_national_holidays(self, client):
        client.force_login(f.regency_officer())
        html = client.get("/regulasi/libur/").content.decode()
        assert "Kemerdekaan" in html

    def test_years_without_known_collective_leave_are_announced(self, client, monkeypatch):
        client.force_login(f.admin())
        today = "lindung.regulations.views.timezone.localdate"
        monkeypatch.setattr(today, lambda: date(2025, 6, 1))  # 2025 and 2026 are known
        html = client.get("/regulasi/libur/").content.decode()
        assert 'data-testid="provisional-year"' not in html
        monkeypatch.setattr(today, lambda: date(2035, 1, 10))
        html = client.get("/regulasi/libur/").content.decode()
        assert html.count('data-testid="provisional-year"') == 2  # 2035 and 2036

    def test_cadre_cannot_add(self, client):
        client.force_login(f.user_of_role("village_cadre", "61.01.01"))
        response = client.post(
            "/regulasi/libur/",
            {"date": "2026-08-04", "name": "Hari jadi", "region": "61.01", "source": "Perda"},
        )
        assert response.status_code == 403
        assert not Holiday.objects.exists()


class TestCalculatorRegion:
    def test_a_regencys_holiday_moves_the_deadline_only_there(self, client):
        from lindung.regulations import services as regulation_services

        regulation_services.add_holiday(
            actor=f.admin(),
            day=date(2026, 8, 4),
            name="Hari jadi Kabupaten Sambas",
            region_code="61.01",
            source="Perda Sambas",
        )
        query = "/kalkulator/?contract_value=350000000&spk_date=2026-08-03&region="
        sambas = client.get(query + "61.01")
        province = client.get(query + "61")
        assert sambas.status_code == province.status_code == 200
        due_sambas = sambas.context["quote"].deadline.due
        due_province = province.context["quote"].deadline.due
        assert (due_sambas - due_province).days >= 1
