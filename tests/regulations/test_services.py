from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lindung.accounts.errors import ActionNotAllowed
from lindung.accounts.models import AuditEvent, Role
from lindung.regulations import selectors as regulation_selectors
from lindung.regulations import services as regulation_services
from lindung.regulations.errors import HolidayInvalid, ParameterInvalid
from lindung.regulations.models import Origin, ParameterRecord
from lindung.rules.calendar import add_working_days
from tests.factories import accounts as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    return regulation_services.load_packaged_parameters(actor=None)


class TestLoadPackagedParameters:
    def test_loads_every_packaged_version_once(self, loaded):
        assert loaded.created == ParameterRecord.objects.count() > 50
        again = regulation_services.load_packaged_parameters(actor=None)
        assert (again.created, again.closed, again.unchanged) == (0, 0, loaded.created)
        assert AuditEvent.objects.filter(action="parameters.load").count() == 1

    def test_stored_history_wins_over_a_different_packaged_value(self, loaded):
        record = ParameterRecord.objects.get(name="bpu.jkm_flat", valid_from=date(2015, 7, 1))
        ParameterRecord.objects.filter(pk=record.pk).update(value="6900")
        result = regulation_services.load_packaged_parameters(actor=None)
        assert result.conflicts == ["bpu.jkm_flat 2015-07-01"]
        record.refresh_from_db()
        assert record.value == "6900"

    def test_parameter_set_reads_the_database(self, loaded):
        params = regulation_selectors.parameter_set()
        assert params.get("bpu.jkm_flat", date(2026, 1, 1)).value == Decimal("6800")


class TestAddParameterVersion:
    def test_adds_next_years_umk_from_its_valid_from_only(self, loaded):
        admin = f.admin()
        regulation_services.add_parameter_version(
            actor=admin,
            name="umk.61.71",
            value_text="3400000",
            valid_from=date(2027, 1, 1),
            source="Kepgub Kalbar 1/NAKERTRAN/2026",
        )
        params = regulation_selectors.parameter_set()
        assert params.get("umk.61.71", date(2027, 3, 1)).value == Decimal("3400000")
        assert params.get("umk.61.71", date(2026, 6, 1)).value == Decimal("3205220")
        event = AuditEvent.objects.get(action="parameter.add_version")
        assert event.entity_id == "umk.61.71@2027-01-01"
        assert event.actor == admin

    def test_closes_the_open_version_before_the_new_one(self, loaded):
        regulation_services.add_parameter_version(
            actor=f.admin(),
            name="bpu.jkm_flat",
            value_text="7500",
            valid_from=date(2027, 1, 1),
            source="PP 99/2026",
        )
        previous = ParameterRecord.objects.get(name="bpu.jkm_flat", valid_from=date(2015, 7, 1))
        assert previous.valid_to == date(2026, 12, 31)
        assert previous.value == "6800"
        added = ParameterRecord.objects.get(name="bpu.jkm_flat", valid_from=date(2027, 1, 1))
        assert added.origin == Origin.ADMIN

    def test_refuses_to_rewrite_history(self, loaded):
        before = ParameterRecord.objects.count()
        with pytest.raises(ParameterInvalid) as excinfo:
            regulation_services.add_parameter_version(
                actor=f.admin(),
                name="bpu.jkm_flat",
                value_text="7500",
                valid_from=date(2015, 7, 1),
                source="x",
            )
        assert excinfo.value.errors[0].loc == ("valid_from",)
        assert ParameterRecord.objects.count() == before

    @pytest.mark.parametrize("value", ["tujuh ribu", "", "-5"])
    def test_rejects_unreadable_or_negative_values(self, loaded, value):
        with pytest.raises(ParameterInvalid):
            regulation_services.add_parameter_version(
                actor=f.admin(),
                name="bpu.jkm_flat",
                value_text=value,
                valid_from=date(2027, 1, 1),
                source="PP 99/2026",
            )
        assert not ParameterRecord.objects.filter(valid_from=date(2027, 1, 1)).exists()

    def test_requires_a_legal_source(self, loaded):
        with pytest.raises(ParameterInvalid):
            regulation_services.add_parameter_version(
                actor=f.admin(),
                name="bpu.jkm_flat",
                value_text="7500",
                valid_from=date(2027, 1, 1),
                source=" ",
            )

    @pytest.mark.parametrize("role", [r for r in Role.values if r != Role.PROVINCIAL_ADMIN])
    def test_only_provincial_admins_add_versions(self, loaded, role):
        actor = f.user_of_role(role, "61" if role != Role.VILLAGE_CADRE else "61.01.01")
        with pytest.raises(ActionNotAllowed):
            regulation_services.add_parameter_version(
                actor=actor,
                name="bpu.jkm_flat",
                value_text="7500",
                valid_from=date(2027, 1, 1),
                source="PP 99/2026",
            )


class TestHolidays:
    def test_regional_holiday_moves_a_deadline_in_that_regency_only(self):
        admin = f.admin()
        # Monday 2026-08-03 + 1 working day is Tuesday 2026-08-04, unless it is a holiday.
        regulation_services.add_holiday(
            actor=admin,
            day=date(2026, 8, 4),
            name="Hari jadi Kabupaten Sambas",
            region_code="61.01",
            source="Perda Sambas",
        )
        sambas = regulation_selectors.working_calendar(years=[2026], region_code="61.01.01")
        pontianak = regulation_selectors.working_calendar(years=[2026], region_code="61.71")
        assert add_working_days(date(2026, 8, 3), 1, sambas)[0] == date(2026, 8, 5)
        assert add_working_days(date(2026, 8, 3), 1, pontianak)[0] == date(2026, 8, 4)
        assert AuditEvent.objects.filter(action="holiday.add").exists()

    def test_province_wide_days_confirm_a_years_collective_leave(self):
        far = 2035  # no cuti bersama in the holiday data for it
        assert far in regulation_selectors.working_calendar(years=[far]).provisional_years
        admin = f.admin()
        regulation_services.add_holiday(
            actor=admin, day=date(far, 3, 5), name="Hari jadi", region_code="61.01", source="Perda"
        )
        sambas = regulation_selectors.working_calendar(years=[far], region_code="61.01")
        assert far in sambas.provisional_years  # a regency's own day is not cuti bersama
        regulation_services.add_holiday(
            actor=admin,
            day=date(far, 1, 2),
            name="Cuti bersama Tahun Baru",
            region_code="61",
            source="SKB 3 Menteri",
        )
        assert not regulation_selectors.working_calendar(years=[far]).provisional_years
        assert not regulation_selectors.working_calendar(
            years=[far], region_code="61.01"
        ).provisional_years

    def test_rejects_unknown_region_and_missing_source(self):
        with pytest.raises(HolidayInvalid) as excinfo:
            regulation_services.add_holiday(
                actor=f.admin(), day=date(2026, 3, 17), name="x", region_code="61.99", source=""
            )
        assert {e.loc[0] for e in excinfo.value.errors} == {"region", "source"}
