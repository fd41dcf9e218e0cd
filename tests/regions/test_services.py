from __future__ import annotations

import pytest

from lindung.accounts.models import AuditEvent
from lindung.regions import services as region_services
from lindung.regions.errors import RegionDataInvalid
from lindung.regions.models import Region, RegionLevel

pytestmark = pytest.mark.django_db


class TestLoadRegions:
    def test_loads_official_counts_per_level(self):
        counts = {level: Region.objects.filter(level=level).count() for level in RegionLevel}
        assert counts == {
            RegionLevel.PROVINCE: 1,
            RegionLevel.REGENCY: 14,
            RegionLevel.DISTRICT: 174,
            RegionLevel.VILLAGE: 2145,
        }

    def test_reload_is_idempotent_and_writes_nothing(self):
        audit_before = AuditEvent.objects.count()
        result = region_services.load_regions(actor=None)
        assert (result.created, result.updated, result.unchanged) == (0, 0, 2334)
        assert Region.objects.count() == 2334
        assert AuditEvent.objects.count() == audit_before

    def test_restores_a_changed_name_and_audits_it(self):
        Region.objects.filter(code="61.71").update(name="Pontianak (salah)")
        result = region_services.load_regions(actor=None)
        assert result.updated == 1
        assert Region.objects.get(code="61.71").name == "Kota Pontianak"
        event = AuditEvent.objects.filter(action="regions.load").latest("id")
        assert event.changes["after"]["updated"] == 1

    def test_boundaries_attached_to_every_regency_and_district(self):
        assert not Region.objects.filter(
            level__in=[RegionLevel.REGENCY, RegionLevel.DISTRICT], boundary__isnull=True
        ).exists()
        assert not Region.objects.filter(level=RegionLevel.VILLAGE, boundary__isnull=False).exists()

    def test_codes_nest_under_their_parent(self):
        for region in Region.objects.exclude(level=RegionLevel.PROVINCE).iterator():
            assert region.code.rsplit(".", 1)[0] == region.parent_id


class TestParseRegions:
    def test_rejects_bad_rows_with_every_problem_located(self):
        text = (
            "code,name,level,parent_code\n"
            "61,Kalimantan Barat,province,\n"
            "61.1,Bad,regency,61\n"
            "61.02,,regency,61\n"
            "61.03.01,Orphan,district,61.03\n"
            "61.02,Duplicate,regency,61\n"
        )
        with pytest.raises(RegionDataInvalid) as excinfo:
            region_services.parse_regions(text, {})
        locations = {e.loc for e in excinfo.value.errors}
        assert (3, "code") in locations
        assert (4, "name") in locations
        assert (5, "parent_code") in locations
        assert (6, "code") in locations

    def test_rejects_missing_columns(self):
        with pytest.raises(RegionDataInvalid):
            region_services.parse_regions("code,name\n61,Kalbar\n", {})

    def test_failed_parse_writes_nothing(self):
        before = Region.objects.count()
        with pytest.raises(RegionDataInvalid):
            region_services.parse_regions("code,name,level,parent_code\n99,X,planet,\n", {})
        assert Region.objects.count() == before
