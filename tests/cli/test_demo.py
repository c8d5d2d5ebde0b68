from pathlib import Path

from typer.testing import CliRunner

from tamas.cli import app


def test_demo_generates_imports_and_reports_and_can_run_again(tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["demo", "--dir", str(tmp_path), "--days", "2"])
    assert first.exit_code == 0, first.output
    assert (tmp_path / "queue_log").stat().st_size > 0
    assert "0 duplicates skipped" in first.stdout
    assert "Service level" in first.stdout
    again = runner.invoke(app, ["demo", "--dir", str(tmp_path), "--days", "2"])
    assert again.exit_code == 0, again.output
    assert " 0 events stored" in again.stdout
