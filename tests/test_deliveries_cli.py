"""Issue 14, case 7: calm interruption and clean messages from the `levanalysis` command.

Ctrl-C ends with 'Onderbroken.' and exit code 130; control characters from cells and bytes
of file names that are not UTF-8 are shown escaped; `templates` on a path that is a file or
cannot be written prints a Dutch error and exits 1. No traceback anywhere.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import levanalysis.sources.local.templates as templates_module
from levanalysis.cli import main

CORPUS = Path(__file__).parent / "corpus"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LANG": "nl_NL.UTF-8", "LC_ALL": "nl_NL.UTF-8"}
    env.pop("PYTHONIOENCODING", None)
    return subprocess.run(
        [sys.executable, "-m", "levanalysis.cli", *args], capture_output=True, env=env, timeout=120
    )


def test_ctrl_c_prints_onderbroken_and_exits_130(tmp_path, monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    import levanalysis.sources.local as local  # the command imports it when it runs

    monkeypatch.setattr(local, "validate_directory", interrupted)
    assert main(["validate", str(tmp_path)]) == 130
    captured = capsys.readouterr()
    assert captured.err == "Onderbroken.\n" and captured.out == ""


def test_a_real_sigint_ends_the_process_with_130_and_no_traceback(tmp_path):
    child = (
        "import sys, time\n"
        "import levanalysis.cli as cli\n"
        "import levanalysis.sources.local as local\n"
        "def slow(*args, **kwargs):\n"
        "    print('bezig', flush=True)\n"
        "    time.sleep(60)\n"
        "local.validate_directory = slow\n"
        "sys.exit(cli.main(['validate', sys.argv[1]]))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", child, str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline() == "bezig\n"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert err == "Onderbroken.\n"


def test_an_escape_sequence_in_a_cell_does_not_reach_the_terminal(tmp_path, capsys):
    shutil.copy(CORPUS / "control" / "projecten.csv", tmp_path)
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "rij 2, kolom 'id': 'p-1\\x1b[31m' is geen geldige code" in out
    assert "rij 3, kolom 'naam': de tekst bevat onzichtbare stuurtekens (\\x1b); die zijn weggelaten." in out


def test_validate_on_a_utf8_terminal_shows_a_name_that_is_not_utf8_escaped(tmp_path):
    (tmp_path / os.fsdecode(b"notities\xff.csv")).write_text("x", encoding="utf-8")
    shutil.copy(CORPUS / "control" / "projecten.csv", tmp_path)
    proc = run_cli("validate", str(tmp_path))
    assert proc.returncode == 1, proc.stderr.decode("utf-8", "replace")
    assert proc.stderr == b""
    out = proc.stdout.decode("utf-8")  # valid UTF-8 throughout
    assert "  notities\\xff.csv\n" in out and "\x1b" not in out


def test_templates_on_a_file_is_a_dutch_error(tmp_path, capsys):
    target = tmp_path / "sjablonen"
    target.write_text("geen map", encoding="utf-8")
    assert main(["templates", str(target)]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"Fout: {target} is een bestand, geen map. Kies een map voor de sjablonen.\n"
    assert target.read_text(encoding="utf-8") == "geen map"


def test_templates_under_a_file_is_a_dutch_error(tmp_path, capsys):
    (tmp_path / "bestand").write_text("x", encoding="utf-8")
    target = tmp_path / "bestand" / "sjablonen"
    assert main(["templates", str(target)]) == 1
    assert capsys.readouterr().err == (
        f"Fout: De map {target} kan niet worden aangemaakt of gelezen "
        "(een deel van het pad is een bestand, geen map).\n"
    )


def test_templates_in_a_directory_without_write_permission_is_a_dutch_error(tmp_path, monkeypatch, capsys):
    # The tests may run as root, for whom chmod does not take away writing; refuse it here.
    def refused(path, mode="r", *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(templates_module, "open", refused, raising=False)
    assert main(["templates", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"Fout: In de map {tmp_path} kan niet worden geschreven (geen toestemming om te schrijven).\n"
    assert captured.out == "" and list(tmp_path.iterdir()) == []


def test_a_template_cut_off_by_a_full_disk_is_removed(tmp_path, monkeypatch, capsys):
    real_open = open

    class FullDisk:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, data):
            self.stream.write(data[:100])
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(templates_module, "open", lambda path, mode: FullDisk(real_open(path, mode)), raising=False)
    assert main(["templates", str(tmp_path)]) == 1
    assert "kon niet worden geschreven (de schijf is vol)." in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
