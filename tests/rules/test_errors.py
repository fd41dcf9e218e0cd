"""Error codes and messages: every code has Indonesian and English text with the same fields."""

from __future__ import annotations

import re

import pytest

from lindung.rules import MESSAGES, Code, InvalidInput, Issue, RulesError, render_message

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


class TestMessages:
    @pytest.mark.parametrize("code", list(Code), ids=[str(c) for c in Code])
    def test_every_code_has_both_languages_with_same_placeholders(self, code):
        messages = MESSAGES[code]
        assert set(messages) == {"id", "en"}
        assert set(PLACEHOLDER.findall(messages["id"])) == set(PLACEHOLDER.findall(messages["en"]))

    @pytest.mark.parametrize("code", list(Code), ids=[str(c) for c in Code])
    def test_every_message_renders(self, code):
        names = PLACEHOLDER.findall(MESSAGES[code]["en"])
        params = dict.fromkeys(names, "X")
        for lang in ("id", "en"):
            assert "%(" not in render_message(code, params, lang)

    def test_no_stray_messages(self):
        assert set(MESSAGES) == set(Code)

    def test_identifier_fields_are_named_as_people_write_them(self):
        short = Issue(Code.ID_WRONG_LENGTH, "nip", {"expected": "18", "length": 3})
        empty = Issue(Code.ID_EMPTY, "kode_rup")

        assert short.message("id") == "NIP harus 18 digit (ada 3)."
        assert empty.message("id") == "Kode RUP kosong."
        assert empty.message("en") == "RUP code is empty."
        assert empty.to_dict()["field"] == "kode_rup"  # the API keeps the field's key

    def test_a_field_label_given_by_the_caller_wins(self):
        issue = Issue(Code.ID_EMPTY, "nik", {"field": "NIK pekerja"})

        assert issue.message("id") == "NIK pekerja kosong."


class TestErrors:
    def test_rules_error_carries_code_field_and_params(self):
        error = InvalidInput(Code.VALUE_NOT_POSITIVE, "contract_value", {"value": "0"})
        assert isinstance(error, RulesError)
        assert (error.code, error.field, error.http_status) == (
            Code.VALUE_NOT_POSITIVE,
            "contract_value",
            422,
        )
        assert error.message("id") == "contract_value harus lebih dari nol (nilai: 0)."
        assert str(error) == "contract_value must be greater than zero (got 0)."

    def test_from_issues_keeps_every_issue(self):
        issues = [Issue(Code.VALUE_REQUIRED, "a"), Issue(Code.VALUE_REQUIRED, "b")]
        error = InvalidInput.from_issues(issues)
        assert [i["field"] for i in error.to_dict()["issues"]] == ["a", "b"]

    def test_issue_to_dict_is_json_safe(self):
        data = Issue(Code.JP_WAGE_CAPPED, "wage", {"cap": 1, "wage": 2}).to_dict()
        assert data["params"] == {"cap": "1", "wage": "2"}
        assert data["message"]["en"] == "The JP wage is capped at 1 (wage 2)."
