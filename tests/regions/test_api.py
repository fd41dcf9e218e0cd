from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


class TestRegionsApi:
    def test_lists_the_14_regencies_without_login(self, client):
        response = client.get("/api/v1/regions?level=regency")
        assert response.status_code == 200
        body = response.json()
        assert len(body) == 14
        assert body[0] == {
            "code": "61.01",
            "name": "Kabupaten Sambas",
            "level": "regency",
            "parent_code": "61",
        }

    def test_lists_the_districts_of_pontianak(self, client):
        body = client.get("/api/v1/regions?parent=61.71").json()
        assert len(body) == 6
        assert all(r["parent_code"] == "61.71" and r["level"] == "district" for r in body)

    def test_searches_by_name(self, client):
        body = client.get("/api/v1/regions?q=singkawang&level=regency").json()
        assert [r["code"] for r in body] == ["61.72"]

    def test_returns_one_region(self, client):
        body = client.get("/api/v1/regions/61.71.01").json()
        assert body["level"] == "district"
        assert body["parent_code"] == "61.71"

    def test_unknown_region_is_a_404_in_the_error_shape(self, client):
        response = client.get("/api/v1/regions/61.99")
        assert response.status_code == 404
        body = response.json()
        assert body["code"] == "not_found"
        assert "61.99" in body["message"]
        assert body["errors"] == []

    def test_unknown_parent_is_a_404(self, client):
        assert client.get("/api/v1/regions?parent=62").status_code == 404

    def test_bad_level_is_a_422_naming_the_field(self, client):
        response = client.get("/api/v1/regions?level=planet")
        assert response.status_code == 422
        body = response.json()
        assert body["code"] == "validation_error"
        assert body["errors"][0]["loc"][-1] == "level"
        assert body["errors"][0]["msg"]

    @pytest.mark.parametrize(("level", "count"), [("regency", 14), ("district", 174)])
    def test_geojson_boundaries(self, client, level, count):
        response = client.get(f"/api/v1/regions/geojson?level={level}")
        assert response.status_code == 200
        body = response.json()
        assert body["type"] == "FeatureCollection"
        assert len(body["features"]) == count
        feature = body["features"][0]
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
        assert set(feature["properties"]) == {"code", "name", "parent_code"}

    def test_geojson_of_one_regency_districts(self, client):
        body = client.get("/api/v1/regions/geojson?level=district&parent=61.72").json()
        assert {f["properties"]["parent_code"] for f in body["features"]} == {"61.72"}
        assert len(body["features"]) == 5

    def test_geojson_rejects_village_level(self, client):
        assert client.get("/api/v1/regions/geojson?level=village").status_code == 422


def _names(client) -> dict[str, str]:
    return {r["code"]: r["name"] for r in client.get("/api/v1/regions?level=regency").json()}


class TestRegionListCache:
    def test_a_reload_that_changes_regions_is_served_at_once(
        self, client, django_capture_on_commit_callbacks
    ):
        from lindung.regions import services as region_services
        from lindung.regions.models import Region

        Region.objects.filter(code="61.72").update(name="Singkawang lama")
        assert _names(client)["61.72"] == "Singkawang lama"
        Region.objects.filter(code="61.72").update(name="Singkawang baru")
        # Served from the cache: nothing loaded the regions since.
        assert _names(client)["61.72"] == "Singkawang lama"
        with django_capture_on_commit_callbacks(execute=True):
            region_services.load_regions(actor=None)  # restores the official name
        assert _names(client)["61.72"] == "Kota Singkawang"

    def test_searches_are_not_cached(self, client):
        from lindung.regions.models import Region

        assert client.get("/api/v1/regions?q=singkawang").json()[0]["code"] == "61.72"
        Region.objects.filter(code="61.72").update(name="Kota Baru")
        assert all(r["code"] != "61.72" for r in client.get("/api/v1/regions?q=singkawang").json())
