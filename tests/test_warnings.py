"""What a script is told (issue 17, section 6): in the formats for machines, a note that
changes what the number means is also one line on stderr, `exocalc: warning: ...`; the data
on stdout is the same with or without it, and --quiet silences it. A table shows its notes,
and says nothing more on stderr."""

from __future__ import annotations

import pytest

from tests import runner

FRESH = "2026-11-05"  # the bundled rates (2026-10-30) are 6 days old
STALE = "2026-12-15"  # they are 46 days old
# A first session of one's own: without --date, the default day is a warning of its own.
DAY = ("--date", "2027-01-06")

PAST = (
    "exocalc: warning: The trip arrives 2026-05-31, before today (2026-11-05): a trip already "
    "under way, or a quote kept for the record; give --date for a trip to come\n"
)
VISA = (
    "exocalc: warning: A stay of 95 nights is longer than 90 visa-free days, and than the C-3-3 "
    "medical visa's 90 days: a shorter stay (--nights N), or check the visa your passport "
    "allows\n"
)
HAIR = (
    "exocalc: warning: The hair price per session is an assumption, not a quote: the seed "
    "gives no scalp price, so its skin range is used (--price gives the clinic's)\n"
)
EGG = (
    "exocalc: warning: EGG Skin Clinic's tier is not known: priced at the standard tier; pass "
    "--price with the clinic's own quote\n"
)
OLD_RATES = (
    "exocalc: warning: Rates are over 30 days old: run `exocalc rates --refresh`, or pass "
    "--rate CODE=KRW_PER_UNIT\n"
)
FAR_RATE = (
    "exocalc: warning: --rate USD=100 is 93% away from the snapshot's 1,335.2667 KRW per USD "
    "(ECB 2026-10-30); a rate is KRW per USD: is it upside down? Used as given\n"
)


# No dataset nor default of one's own: the bundled data, the data's defaults.
OWN: dict[str, str | None] = {
    "EXOCALC_DATA": "",
    **{f"EXOCALC_{key}": None for key in ("ORIGIN", "CURRENCY", "TRAVELLERS", "HOTEL", "BOOKING")},
}


def run(*args: str, today: str = FRESH, stdin: str | None = None) -> tuple[int, str, str]:
    done = runner.run(*args, code=None, stdin=stdin, columns=None, today=today, **OWN)
    return done.exit_code, done.stdout, done.stderr


def warned(*args: str, today: str = FRESH, stdin: str | None = None) -> str:
    """What stderr says; the same stdout, and nothing on stderr, with --quiet."""
    code, out, err = run(*args, today=today, stdin=stdin)
    assert code == 0, err
    assert run(*args, "--quiet", today=today, stdin=stdin) == (0, out, "")
    return err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("quote", "--date", "2026-06-01", "--format", "json"), PAST),
        (("quote", "--nights", "95", "--format", "plain", *DAY), VISA),
        (("quote", "--treatment", "hair", "--format", "csv", *DAY), HAIR),
        (("plan", "--date", "2026-06-01", "--format", "plain"), PAST),
        (("plan", "--treatment", "hair", "--format", "json", *DAY), HAIR),
        (("compare", "--clinic", "egg_skin", "--format", "jsonl", *DAY), EGG),
        # Every tier has the same assumed hair price: said once, not once a tier.
        (("compare", "--treatment", "hair", "--format", "csv", *DAY), HAIR),
    ],
)  # fmt: skip
def test_a_note_that_changes_the_number_is_a_warning(args: tuple[str, ...], said: str) -> None:
    assert warned(*args) == said


def test_rates_over_30_days_old_and_a_far_off_rate() -> None:
    assert warned("quote", "--format", "json", *DAY, today=STALE) == OLD_RATES
    assert warned("compare", "--format", "tsv", *DAY, today=STALE) == OLD_RATES
    assert warned("check-price", "300USD", "--format", "json", today=STALE) == OLD_RATES
    # A rate given by hand is the rate in use, however old the others; one far off is said.
    assert warned("quote", "--format", "csv", "--rate", "USD=100", *DAY, today=STALE) == FAR_RATE
    # A table shows its notes, these among them, and says nothing more on stderr.
    code, out, err = run("quote", "--date", "2026-06-01", "--treatment", "hair", today=STALE)
    assert (code, err) == (0, "")
    assert "before today" in out and "Rates are over 30 days old" in out
    assert "The hair price per session is an assumption" in out


def test_a_batch_says_what_concerns_every_row_once() -> None:
    rows = '{"date": "2026-06-01"}\n{"treatment": "hair"}\n{}\n'
    # Two rows give no date: said once for the run, not once a row.
    undated = (
        "exocalc: warning: 2 rows give no date: their first session is tomorrow, {}; a date "
        "(YYYY-MM-DD) sets it\n"
    )
    said = undated.format("2026-12-16") + OLD_RATES
    assert warned("batch", "-", stdin=rows, today=STALE) == said
    csv_said = undated.format("2026-11-06")
    assert warned("batch", "-", "--format", "csv", stdin=rows, today=FRESH) == csv_said
    dated = rows.replace("{}", '{"date": "2026-11-06"}').replace(
        '"hair"', '"hair", "date": "2026-11-06"'
    )
    assert warned("batch", "-", "--format", "csv", stdin=dated, today=FRESH) == ""
    # A row's own notes stay in its record.
    _, out, _ = run("batch", "-", stdin=rows)
    assert "before today" in out.splitlines()[0]


def test_quiet_silences_warnings_not_errors() -> None:
    code, out, err = run("quote", "--quiet", "--travellers", "0", "--format", "json")
    assert (code, out) == (2, "")
    assert err == "exocalc: error: --travellers must be from 1 to 20, not 0\n"
    code, _, err = run("quote", "-q", "--rate", "USD=100", "--date", "2026-06-01", today=STALE)
    assert (code, err) == (0, "")


# Every command that can warn (each reads the rates, so a broken rates cache is a warning to
# all of them), with what it needs to run.
WARNING_COMMANDS = [
    ("quote", "--format", "json", *DAY), ("plan", "--format", "plain", *DAY),
    ("compare", "--format", "csv", *DAY), ("best", "--format", "json", *DAY), ("batch", "-"),
    ("check-price", "450000"), ("clinics",), ("clinics", "show", "forena"), ("rates",),
    ("config",), ("origins",), ("treatments",), ("addons",), ("hotels",), ("channels",),
    ("sources",),
]  # fmt: skip
BROKEN_CACHE = "exocalc: warning: ignoring the rates cache {}: not valid JSON (Expecting value at line 1); using ECB 2026-10-30, bundled\n"  # noqa: E501


@pytest.mark.parametrize("args", WARNING_COMMANDS, ids=" ".join)
def test_every_command_that_warns_takes_quiet_and_q(args: tuple[str, ...]) -> None:
    """`exocalc clinics -q` was an unknown option while `quote -q` was not: every command that
    can warn takes both spellings, and each silences the warning alone."""
    from exocalc.rates.cache import cache_path

    path = cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("garbage", encoding="utf-8")
    stdin = '{"date": "2027-01-06"}\n' if args[0] == "batch" else None
    code, out, err = run(*args, stdin=stdin)
    assert code == 0 and err.startswith(BROKEN_CACHE.format(path))  # best warns of more
    for quiet in ("--quiet", "-q"):
        assert run(*args, quiet, stdin=stdin) == (0, out, "")


def test_only_commands_that_never_warn_lack_quiet() -> None:
    """Each command's help: --quiet and -q everywhere but where nothing can warn."""
    from exocalc.cli.root import COMMANDS

    never = {"schema", "validate", "help"}  # validate's warnings are its output, on stdout
    for name in COMMANDS:
        for command in (name, *(("show",) if name == "clinics" else ())):
            args = (name, command) if command != name else (name,)
            shown = run(*args, "--help")[1]
            assert ("-q, --quiet" in shown) == (name not in never), args
    for sub in ("set", "unset"):
        assert "-q, --quiet" in run("config", sub, "--help")[1]
