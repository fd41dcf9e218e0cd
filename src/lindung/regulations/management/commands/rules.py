"""``lindung rules <sub>``: run a regulation calculation or identifier check from the shell.

Every subcommand calls one function of ``regulations.calculations``; ``--json`` prints the
rule's result as JSON, otherwise a readable table. Bad input prints the field and the reason
on stderr and exits with code 2.
"""

from __future__ import annotations

import argparse
import io
import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from rich.console import Console
from rich.table import Table

from lindung.core.errors import LindungError
from lindung.core.i18n import message_language
from lindung.regulations import calculations
from lindung.rules import IdentifierCheck

USAGE_ERROR = 2
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

EPILOG = (
    "Amounts accept plain digits or Indonesian thousands dots (1.250.000.000). Dates are "
    "YYYY-MM-DD and default to today. Add --json for machine-readable output. Bad input "
    "exits with code 2 and names the field."
)


def _flag(field: str) -> str:
    return "--" + field.replace("_", "-")


class Command(BaseCommand):
    help = (
        "Run a BPJS Ketenagakerjaan regulation calculation: Jakon contributions (jakon, wage, "
        "addendum, termin), PU and BPU contributions, benefits, beasiswa, identifier checks "
        "(nik, kpj, nib, npwp, nip) and the Jakon registration deadline."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.epilog = EPILOG
        parser.add_argument(
            "--lang", choices=("id", "en"), default=None, help="Language of messages."
        )
        subs = parser.add_subparsers(dest="sub", required=True, metavar="<sub>")

        def sub(name: str, summary: str) -> argparse.ArgumentParser:
            command = subs.add_parser(name, help=summary, description=summary, epilog=EPILOG)
            command.add_argument("--json", action="store_true", help="Print the result as JSON.")
            return command

        def dated(command: argparse.ArgumentParser) -> None:
            command.add_argument("--date", help="Date the rules apply on (default: today).")

        jakon = sub("jakon", "Jakon JKK and JKM of a construction contract, tier by tier.")
        jakon.add_argument("--contract-value", required=True, help="Contract value in rupiah.")
        dated(jakon)
        jakon.add_argument("--vat-amount", help="VAT (PPN) amount in rupiah, if known.")
        jakon.add_argument(
            "--vat-excluded",
            action="store_true",
            help="The contract value does not include the VAT (default: it does).",
        )
        jakon.add_argument(
            "--base",
            choices=("as_entered", "excluding_vat", "including_vat"),
            help="Which value the tiers apply to (default: the parameter in force).",
        )

        wage = sub("wage", "Jakon JKK and JKM from known wages (rate x wage x months).")
        wage.add_argument(
            "--worker",
            action="append",
            required=True,
            metavar="WAGE:MONTHS",
            help="A worker's monthly wage and months charged, e.g. 4500000:6 (repeatable).",
        )
        dated(wage)

        addendum = sub("addendum", "Extra Jakon contribution when an addendum changes the value.")
        addendum.add_argument("--original-value", required=True, help="Original contract value.")
        addendum.add_argument("--amended-value", required=True, help="Amended contract value.")
        dated(addendum)

        termin = sub("termin", "Split a Jakon contribution into payment stages (termin).")
        termin.add_argument("--total", required=True, help="Total contribution in rupiah.")
        termin.add_argument(
            "--payment", action="append", default=[], help="A payment made (repeatable)."
        )
        dated(termin)

        pu = sub("pu", "A wage earner's (PU) monthly JKK, JKM, JHT, JP and JKP.")
        pu.add_argument("--wage", required=True, help="Monthly wage in rupiah.")
        pu.add_argument(
            "--risk-group",
            default="very_low",
            choices=("very_low", "low", "medium", "high", "very_high"),
            help="The company's JKK risk group (default: very_low).",
        )
        dated(pu)

        bpu = sub("bpu", "An informal worker's (BPU) JKK, JKM and optional JHT.")
        bpu.add_argument("--income", required=True, help="Declared monthly income in rupiah.")
        bpu.add_argument("--jht", action="store_true", help="Include the optional JHT.")
        bpu.add_argument("--workers", default="1", help="Number of workers (default 1).")
        bpu.add_argument("--months", default="1", help="Months paid (default 1).")
        dated(bpu)

        benefit = sub(
            "benefit", "A benefit: JKM death, JKK death, total disability, STMB, transport."
        )
        benefit.add_argument(
            "--kind", required=True, choices=[k.value for k in calculations.BenefitKind]
        )
        benefit.add_argument("--wage", help="Monthly wage (JKK death, disability, STMB).")
        benefit.add_argument("--months", help="Months of temporary incapacity (STMB).")
        benefit.add_argument(
            "--contribution-years", help="Years of contributions (JKM: beasiswa eligibility)."
        )
        for mode in ("land", "sea", "air"):
            benefit.add_argument(f"--{mode}", help=f"Transport cost by {mode} (transport).")
        dated(benefit)

        beasiswa = sub("beasiswa", "This year's scholarship for a participant's children.")
        beasiswa.add_argument(
            "--cause",
            default="jkm_death",
            choices=("jkm_death", "jkk_death", "jkk_total_disability"),
            help="What triggered the scholarship (default: jkm_death).",
        )
        beasiswa.add_argument(
            "--child",
            action="append",
            required=True,
            metavar="BIRTH_DATE[:LEVEL]",
            help="A child's birth date and school level TK|SD|SMP|SMA|PT, e.g. 2015-05-01:SD.",
        )
        beasiswa.add_argument("--contribution-years", help="Years of contributions (JKM death).")
        dated(beasiswa)

        for kind, summary in (
            ("nik", "Check a NIK (16 digits) and decode region, birth date and sex."),
            ("kpj", "Check a BPJS Ketenagakerjaan participant number (KPJ, 11 digits)."),
            ("nib", "Check an OSS business number (NIB, 13 digits)."),
            ("npwp", "Check an NPWP (15 legacy or 16 digits)."),
            ("nip", "Check a civil servant's NIP (18 digits)."),
        ):
            check = sub(kind, summary)
            check.add_argument("value", help=f"The {kind.upper()} to check.")
            dated(check)

        due = sub("deadline", "Jakon registration deadline: 14 working days after the SPK.")
        due.add_argument("--spk-date", required=True, help="Date of the SPK (YYYY-MM-DD).")
        due.add_argument(
            "--region", default="61", help="Region code for regional holidays, e.g. 61.71."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"] or translation.get_language() or "id"):
            try:
                result = self._run(options)
            except LindungError as exc:
                raise CommandError(_describe(exc), returncode=USAGE_ERROR) from exc
            data: dict[str, Any] = result.to_dict()
            if options["json"]:
                self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            else:
                self.stdout.write(_render(options["sub"], data), ending="")
            # An invalid identifier is bad input too: report it on stderr and exit 2.
            if isinstance(result, IdentifierCheck) and not result.valid:
                flag = options["sub"]
                reasons = "; ".join(calculations.issue_message(e) for e in result.errors)
                raise _fail(flag, reasons)

    def _run(self, options: dict[str, Any]) -> Any:
        name = options["sub"]
        handlers: dict[str, Callable[[dict[str, Any]], Any]] = {
            "jakon": _jakon,
            "wage": _wage,
            "addendum": _addendum,
            "termin": _termin,
            "pu": _pu,
            "bpu": _bpu,
            "benefit": _benefit,
            "beasiswa": _beasiswa,
            "deadline": _deadline,
        }
        if name in handlers:
            return handlers[name](options)
        return calculations.check_identifier(
            kind=name, value=options["value"], as_of=_date(options, "date")
        )


# ----------------------------------------------------------------------------- parsing


def _fail(flag: str, reason: str) -> CommandError:
    return CommandError(f"{flag}: {reason}", returncode=USAGE_ERROR)


def _parse_date(text: str, flag: str) -> date:
    try:
        if not _ISO_DATE.fullmatch(text.strip()):
            raise ValueError(text)
        return date.fromisoformat(text.strip())
    except ValueError:
        raise _fail(flag, f"not a date: {text!r} (use YYYY-MM-DD)") from None


def _date(options: dict[str, Any], key: str) -> date:
    raw = options.get(key)
    return timezone.localdate() if raw is None else _parse_date(raw, _flag(key))


def _count(text: str | None, flag: str) -> int | None:
    if text is None:
        return None
    if not text.strip().isdigit() or len(text.strip()) > 6:
        raise _fail(flag, f"not a whole number: {text!r}")
    return int(text)


def _jakon(o: dict[str, Any]) -> Any:
    return calculations.calculate_jakon(
        contract_value=o["contract_value"],
        as_of=_date(o, "date"),
        vat_amount=o["vat_amount"],
        vat_included=not o["vat_excluded"],
        base=o["base"],
    )


def _wage(o: dict[str, Any]) -> Any:
    workers = []
    for raw in o["worker"]:
        wage, _sep, months = raw.partition(":")
        count = _count(months or None, "--worker")
        if count is None:
            raise _fail("--worker", f"use WAGE:MONTHS, got {raw!r}")
        workers.append((wage, count))
    return calculations.calculate_jakon_wage_based(workers=workers, as_of=_date(o, "date"))


def _addendum(o: dict[str, Any]) -> Any:
    return calculations.calculate_addendum(
        original_value=o["original_value"], amended_value=o["amended_value"], as_of=_date(o, "date")
    )


def _termin(o: dict[str, Any]) -> Any:
    return calculations.calculate_termin(
        total=o["total"], payments=o["payment"], as_of=_date(o, "date")
    )


def _pu(o: dict[str, Any]) -> Any:
    return calculations.calculate_pu(
        wage=o["wage"], risk_group=o["risk_group"], as_of=_date(o, "date")
    )


def _bpu(o: dict[str, Any]) -> Any:
    return calculations.calculate_bpu(
        declared_income=o["income"],
        as_of=_date(o, "date"),
        with_jht=o["jht"],
        workers=_count(o["workers"], "--workers") or 0,
        months=_count(o["months"], "--months") or 0,
    )


def _benefit(o: dict[str, Any]) -> Any:
    transport = {mode: o[mode] for mode in ("land", "sea", "air") if o[mode] is not None}
    return calculations.calculate_benefit(
        kind=o["kind"],
        as_of=_date(o, "date"),
        wage=o["wage"],
        months=_count(o["months"], "--months"),
        contribution_years=o["contribution_years"],
        transport=transport,
    )


def _beasiswa(o: dict[str, Any]) -> Any:
    children = []
    for raw in o["child"]:
        birth, _sep, level = raw.partition(":")
        children.append(
            calculations.ChildInput(
                birth_date=_parse_date(birth, "--child"), level=level.strip().upper() or None
            )
        )
    return calculations.calculate_beasiswa(
        children=children,
        cause=o["cause"],
        as_of=_date(o, "date"),
        contribution_years=o["contribution_years"],
    )


def _deadline(o: dict[str, Any]) -> Any:
    return calculations.registration_deadline(
        spk_date=_parse_date(o["spk_date"], "--spk-date"), region_code=o["region"].strip()
    )


def _describe(exc: LindungError) -> str:
    if not exc.errors:
        return exc.message
    lines = []
    for error in exc.errors:
        field = ".".join(str(part) for part in error.loc)
        lines.append(f"{_flag(field) if field else exc.message}: {error.msg}")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- output


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _table(title: str, rows: list[dict[str, Any]]) -> Table:
    table = Table(title=title, title_justify="left")
    columns = list(rows[0])
    for column in columns:
        numeric = all(isinstance(row.get(column), int) for row in rows)
        table.add_column(column, justify="right" if numeric else "left")
    for row in rows:
        table.add_row(*(_cell(row.get(column)) for column in columns))
    return table


def _render(title: str, data: dict[str, Any]) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, color_system=None, force_terminal=False)
    summary = Table(title=title, show_header=False, title_justify="left")
    summary.add_column("field")
    summary.add_column("value", overflow="fold")
    nested: list[tuple[str, Any]] = []
    for key, value in data.items():
        if key in ("parameters", "warnings", "errors"):
            continue
        if isinstance(value, list | dict) and value:
            nested.append((key, value))
        else:
            summary.add_row(key, _cell(value))
    console.print(summary)
    for key, value in nested:
        if isinstance(value, dict):
            console.print(_render(key, value), end="")
        elif all(isinstance(item, dict) for item in value):
            console.print(_table(key, value))
        else:
            console.print(f"{key}: {_cell(value)}")
    lang = message_language()
    for key in ("errors", "warnings"):
        for issue in data.get(key) or []:
            console.print(f"{key[:-1]}: {issue['message'][lang]}")
    if data.get("parameters"):
        rows = [
            {k: p[k] for k in ("name", "valid_from", "source")} | {"value": _cell(p["value"])[:40]}
            for p in data["parameters"]
        ]
        console.print(_table("legal basis (parameters)", rows))
    return buffer.getvalue()
