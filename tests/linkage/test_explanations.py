"""The engine's one-line explanation becomes field-level agreement JSON."""

from __future__ import annotations

from django.utils import translation

from lindung.linkage.engine.model import Model
from lindung.linkage.explanations import agreement, level_label, parse_explanation


def _model() -> Model:
    return Model(
        comparisons=["nik", "name", "birth_date"],
        m={"nik": [0.01, 0.09, 0.9], "name": [0.05] * 5 + [0.75], "birth_date": [0.2] * 5},
        u={"nik": [0.98, 0.01, 0.01], "name": [0.5] * 5 + [0.01], "birth_date": [0.2] * 5},
        prior=0.001,
    )


class TestParseExplanation:
    def test_round_trip_of_the_engines_explanation(self) -> None:
        pattern = {"nik_shaped": 1, "c_nik": 1, "c_name": 5, "c_birth_date": 4}
        model = _model()
        parsed = parse_explanation(model.explain(pattern))
        fields = {row["field"]: row for row in parsed["fields"]}
        assert list(fields) == ["nik", "name", "birth_date"]
        assert (fields["nik"]["level"], fields["nik"]["agreement"]) == (1, "partial")
        assert fields["nik"]["weight"] == round(model.weight("nik", 1), 1)
        assert (fields["name"]["level"], fields["name"]["agreement"]) == (5, "agree")
        assert fields["birth_date"]["implied"] is True
        assert fields["birth_date"]["weight"] == 0.0
        assert parsed["total"] == round(model.score(pattern)[0], 1)

    def test_missing_values(self) -> None:
        pattern = {"nik_shaped": 0, "c_nik": -1, "c_name": 0, "c_birth_date": -1}
        fields = parse_explanation(_model().explain(pattern))["fields"]
        assert [row["agreement"] for row in fields] == ["missing", "disagree", "missing"]

    def test_empty_text(self) -> None:
        assert parse_explanation("") == {"fields": [], "prior": None, "total": None}


class TestLabels:
    def test_agreement_classes(self) -> None:
        assert [agreement(level, 4) for level in (None, 0, 1, 3)] == [
            "missing",
            "disagree",
            "partial",
            "agree",
        ]

    def test_translated_level_labels_fall_back_to_the_engines(self) -> None:
        with translation.override("en"):
            assert level_label("nik", 2) == "the same"
            assert level_label("address", 1) == "some words shared"
            assert level_label("name", None) == "missing"
