"""Effective-dated parameters: the packaged file, lookups, new versions, loader errors."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from lindung.rules import (
    Code,
    Confidence,
    Kind,
    Parameter,
    ParameterDataError,
    ParameterNotInForce,
    ParameterSet,
    UnknownParameter,
    default_parameters,
    default_parameters_text,
    jakon_contribution,
    load_parameters,
    minimum_wage,
    parameter_from_record,
)

PARAMS = default_parameters()


def _record(**overrides):
    record = {
        "name": "test.rate_pct",
        "kind": "decimal",
        "value": "0.21",
        "valid_from": "2020-01-01",
        "valid_to": None,
        "source": "PP 1/2020",
        "confidence": "H",
        "note": "",
    }
    record.update(overrides)
    return record


class TestPackagedFile:
    def test_has_version_and_records(self):
        document = json.loads(default_parameters_text())
        assert document["version"] == PARAMS.version
        assert len(document["parameters"]) == len(PARAMS.records) > 90

    def test_every_record_cites_a_source_and_confidence(self):
        for record in json.loads(default_parameters_text())["parameters"]:
            assert record["source"].strip()
            assert record["confidence"] in {"H", "M", "L", "UNCONFIRMED"}
            assert set(record) >= {"name", "kind", "value", "valid_from", "valid_to"}

    def test_round_trips(self):
        again = load_parameters(PARAMS.to_data())
        assert again.records == PARAMS.records

    @pytest.mark.parametrize(
        ("name", "on", "confidence"),
        [
            pytest.param("jakon.jkk.tiers", date(2025, 1, 1), Confidence.H, id="summary-#1-5-H"),
            pytest.param("jakon.jkm.tiers", date(2025, 1, 1), Confidence.M, id="summary-#6-M"),
            pytest.param("bpu.income_min", date(2025, 1, 1), Confidence.L, id="summary-#22-L"),
            pytest.param("bpu.income_max", date(2025, 1, 1), Confidence.L, id="summary-#22-L-max"),
            pytest.param(
                "jakon.contract_base", date(2025, 1, 1), Confidence.UNCONFIRMED, id="ref-10-q1"
            ),
            pytest.param(
                "jakon.benefit_wage_basis", date(2025, 1, 1), Confidence.UNCONFIRMED, id="ref-10-q4"
            ),
            pytest.param("umk.61.03", date(2026, 1, 1), Confidence.UNCONFIRMED, id="ref-10-q13"),
            pytest.param("pu.jp_wage_cap", date(2022, 6, 1), Confidence.L, id="ref-2.2-2022-date"),
            pytest.param(
                "bpu.income_grid_step", date(2025, 1, 1), Confidence.UNCONFIRMED, id="ref-10-q8"
            ),
            pytest.param("deadline.worker_change_wd", date(2025, 1, 1), Confidence.M, id="ref-1.6"),
        ],
    )
    def test_confidence_tags(self, name, on, confidence):
        assert PARAMS.get(name, on).confidence is confidence

    def test_history_is_kept(self):
        values = [r.value for r in PARAMS.history("jkm.lump_sum")]
        assert values == [Decimal(16_200_000), Decimal(20_000_000)]


class TestLookup:
    def test_valid_to_is_inclusive(self):
        assert PARAMS.get("pu.jp_wage_cap", date(2026, 2, 28)).value == 10_547_400
        assert PARAMS.get("pu.jp_wage_cap", date(2026, 3, 1)).value == 11_086_300

    def test_before_rules_existed_raises_typed_error(self):
        with pytest.raises(ParameterNotInForce) as error:
            PARAMS.get("jakon.jkk.tiers", date(2015, 6, 30))
        assert (error.value.code, error.value.field) == (
            Code.PARAMETER_NOT_IN_FORCE,
            "jakon.jkk.tiers",
        )
        assert "2015-06-30" in error.value.message("id")

    def test_unknown_name_raises(self):
        with pytest.raises(UnknownParameter) as error:
            PARAMS.get("jakon.nope", date(2025, 1, 1))
        assert error.value.code is Code.PARAMETER_UNKNOWN

    def test_find_returns_none(self):
        assert PARAMS.find("pu.jkp_pct", date(2020, 1, 1)) is None
        assert PARAMS.find("no.such", date(2020, 1, 1)) is None


class TestNewVersions:
    def test_admin_adds_next_years_umk(self):
        umk_2027 = Parameter(
            name="umk.61.71",
            kind=Kind.DECIMAL,
            value=Decimal(3_400_000),
            valid_from=date(2027, 1, 1),
            valid_to=date(2027, 12, 31),
            source="Kepgub Kalbar (test)",
            confidence=Confidence.H,
        )
        ump_2027 = Parameter(
            "ump.61", Kind.DECIMAL, Decimal(3_200_000), date(2027, 1, 1), None, "x", Confidence.H
        )
        updated = PARAMS.with_records([umk_2027, ump_2027], version="2027.01")
        assert minimum_wage("61.71", date(2027, 5, 1), updated).amount == 3_400_000
        assert minimum_wage("61.71", date(2026, 5, 1), updated).amount == 3_205_220
        assert updated.version == "2027.01"
        with pytest.raises(ParameterNotInForce):
            minimum_wage("61.71", date(2027, 5, 1), PARAMS)  # the original set is unchanged

    def test_overlapping_version_is_refused(self):
        clash = Parameter(
            "jkm.funeral", Kind.DECIMAL, Decimal(1), date(2024, 1, 1), None, "x", Confidence.H
        )
        with pytest.raises(ParameterDataError) as error:
            PARAMS.with_records([clash])
        assert error.value.code is Code.PARAMETER_OVERLAP

    def test_malformed_tier_table_is_refused_at_use(self):
        bad = load_parameters(
            {
                "version": "t",
                "parameters": [
                    *[r.to_record() for r in PARAMS.records if r.name != "jakon.jkk.tiers"],
                    _record(
                        name="jakon.jkk.tiers",
                        kind="table",
                        value=[{"upper": None, "rate_pct": "0.2"}, {"upper": "5", "rate_pct": "1"}],
                    ),
                ],
            }
        )
        with pytest.raises(ParameterDataError):
            jakon_contribution(1000, date(2025, 1, 1), bad)

    def test_wrong_kind_is_refused_at_use(self):
        bad = ParameterSet(
            [Parameter("pu.jkm_pct", Kind.TEXT, "0.30", date(2030, 1, 1), None, "x", Confidence.H)]
        )
        with pytest.raises(ParameterDataError):
            bad.at(date(2030, 6, 1)).decimal("pu.jkm_pct")


class TestLoader:
    def test_loads_text_and_db_rows(self):
        loaded = load_parameters(json.dumps({"version": "1", "parameters": [_record()]}))
        assert loaded.get("test.rate_pct", date(2021, 1, 1)).value == Decimal("0.21")
        assert parameter_from_record(_record()).valid_from == date(2020, 1, 1)

    @pytest.mark.parametrize(
        ("record", "fragment"),
        [
            pytest.param(_record(value=0.21), "JSON string", id="float-rate"),
            pytest.param(_record(value="abc"), "not a decimal", id="bad-decimal"),
            pytest.param(_record(kind="money"), "unknown kind", id="bad-kind"),
            pytest.param(_record(confidence="HIGH"), "unknown confidence", id="bad-confidence"),
            pytest.param(_record(valid_from="01/01/2020"), "ISO date", id="bad-date"),
            pytest.param(_record(valid_to="2019-01-01"), "before valid_from", id="reversed"),
            pytest.param(_record(source=" "), "cite", id="no-source"),
            pytest.param(_record(kind="integer", value="14"), "integer", id="integer-as-text"),
            pytest.param(_record(kind="bool", value=1), "true or false", id="bool-as-int"),
            pytest.param(_record(kind="table", value=[{"rate": 0.2}]), "strings", id="table-num"),
            pytest.param({"name": "x"}, "missing", id="missing-fields"),
        ],
    )
    def test_rejects_bad_record(self, record, fragment):
        with pytest.raises(ParameterDataError) as error:
            load_parameters({"version": "1", "parameters": [record]})
        assert fragment in error.value.message("en")
        assert error.value.field.startswith("parameters[0]")

    def test_collects_problems_of_all_records(self):
        with pytest.raises(ParameterDataError) as error:
            load_parameters({"version": "1", "parameters": [_record(value=1), "x", _record()]})
        assert [i.field for i in error.value.issues] == ["parameters[0].value", "parameters[1]"]

    @pytest.mark.parametrize(
        "document",
        [
            pytest.param([], id="not-an-object"),
            pytest.param({"parameters": []}, id="no-version"),
            pytest.param({"version": "1"}, id="no-parameters"),
        ],
    )
    def test_rejects_bad_document(self, document):
        with pytest.raises(ParameterDataError):
            load_parameters(document)


D = date(2025, 6, 2)
SUMMARY_VALUES = [
    ("summary-#8-wage-known-JKK", "jakon.wage_known.jkk_pct", D, "1.74"),
    ("summary-#8-wage-known-JKM", "jakon.wage_known.jkm_pct", D, "0.30"),
    ("summary-#9-registration-wd", "deadline.jakon_registration_wd", D, 14),
    ("summary-#10-certificate-wd", "deadline.certificate_wd", D, 1),
    ("summary-#11-proof-2015", "deadline.proof_delivery_wd", date(2020, 1, 2), 7),
    ("summary-#11-proof-2021", "deadline.proof_delivery_wd", D, 3),
    ("summary-#12-worker-change", "deadline.worker_change_wd", D, 7),
    ("summary-#14-very-low", "pu.jkk_pct.very_low", D, "0.24"),
    ("summary-#14-low", "pu.jkk_pct.low", D, "0.54"),
    ("summary-#14-medium", "pu.jkk_pct.medium", D, "0.89"),
    ("summary-#14-high", "pu.jkk_pct.high", D, "1.27"),
    ("summary-#14-very-high", "pu.jkk_pct.very_high", D, "1.74"),
    ("summary-#15-JKM", "pu.jkm_pct", D, "0.30"),
    ("summary-#16-JHT-employer", "pu.jht_employer_pct", D, "3.7"),
    ("summary-#16-JHT-worker", "pu.jht_worker_pct", D, "2.0"),
    ("summary-#17-JP-employer", "pu.jp_employer_pct", D, "2.0"),
    ("summary-#17-JP-worker", "pu.jp_worker_pct", D, "1.0"),
    ("summary-#18-JP-cap-2025", "pu.jp_wage_cap", D, "10547400"),
    ("summary-#18-JP-cap-2026", "pu.jp_wage_cap", date(2026, 3, 1), "11086300"),
    ("summary-#19-JKP", "pu.jkp_pct", D, "0.36"),
    ("summary-#19-JKP-government", "pu.jkp_government_pct", D, "0.22"),
    ("summary-#20-JKP-cap", "pu.jkp_wage_cap", D, "5000000"),
    ("summary-#21-BPU-JKK", "bpu.jkk_pct", D, "1"),
    ("summary-#22-BPU-min", "bpu.income_min", D, "1000000"),
    ("summary-#22-BPU-max", "bpu.income_max", D, "20700000"),
    ("summary-#23-BPU-JKM", "bpu.jkm_flat", D, "6800"),
    ("summary-#24-BPU-JHT", "bpu.jht_pct", D, "2"),
    ("summary-#26-BPU-lapse", "bpu.lapse_months", D, 3),
    ("summary-#27-payment-day", "pu.payment_day", D, 15),
    ("summary-#27-late-fee", "pu.late_fee_pct_per_month", D, "2"),
    ("summary-#28-JKM-lump-sum", "jkm.lump_sum", D, "20000000"),
    ("summary-#28-JKM-periodic", "jkm.periodic", D, "12000000"),
    ("summary-#28-JKM-funeral", "jkm.funeral", D, "10000000"),
    ("summary-#30-children", "beasiswa.max_children", D, 2),
    ("summary-#30-total", "beasiswa.max_total", D, "174000000"),
    ("summary-#30-age", "beasiswa.max_age", D, 23),
    ("summary-#31-JKM-years", "beasiswa.jkm_min_contribution_years", D, "3"),
    ("summary-#32-JKK-death", "jkk.death_wage_multiple", D, "48"),
    ("summary-#33-disability", "jkk.total_disability_wage_multiple", D, "56"),
    ("summary-#33-periodic", "jkk.periodic", D, "12000000"),
    ("summary-#34-multiplier", "jkk.disability_wage_multiple", D, "80"),
    ("summary-#35-STMB-months", "jkk.stmb_full_months", D, 12),
    ("summary-#35-STMB-full", "jkk.stmb_full_pct", D, "100"),
    ("summary-#35-STMB-after", "jkk.stmb_after_pct", D, "50"),
    ("summary-#36-land", "jkk.transport_cap.land", D, "5000000"),
    ("summary-#36-sea", "jkk.transport_cap.sea", D, "2000000"),
    ("summary-#36-air", "jkk.transport_cap.air", D, "10000000"),
    ("summary-#37-funeral", "jkk.funeral", D, "10000000"),
    ("summary-#37-home-care", "jkk.home_care_cap_per_year", D, "20000000"),
    ("summary-#38-UMP-2025", "ump.61", D, "2878286"),
    ("summary-#39-UMP-2026", "ump.61", date(2026, 1, 1), "3054552"),
]


class TestSummaryTableValues:
    @pytest.mark.parametrize(
        ("name", "on", "expected"),
        [pytest.param(*row[1:], id=row[0]) for row in SUMMARY_VALUES],
    )
    def test_parameter_value(self, name, on, expected):
        value = PARAMS.get(name, on).value
        assert value == (Decimal(expected) if isinstance(expected, str) else expected)
