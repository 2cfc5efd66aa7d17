"""`levanalysis build` and `execute` as a user runs them: Ctrl-C, progress, options."""

import pytest

import levanalysis.cli as cli
from levanalysis.cli import main


def _interrupted(*args, **kwargs):
    raise KeyboardInterrupt


@pytest.mark.parametrize("command, target", [("build", "build_book"), ("execute", "execute_chapters")])
def test_ctrl_c_is_one_dutch_line_and_exit_code_130(command, target, monkeypatch, capsys):
    monkeypatch.setattr(cli, target, _interrupted)
    assert main([command]) == 130  # 128 + SIGINT, as shells report an interrupted command
    error = capsys.readouterr().err
    assert "Onderbroken" in error and "ongewijzigd" in error
    assert "Traceback" not in error


def test_jobs_must_be_a_positive_number(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "--jobs", "0"])
    assert exit_info.value.code == 2
    assert "geen positief geheel getal" in capsys.readouterr().err


def test_options_reach_the_pipeline(monkeypatch, tmp_path):
    seen = {}

    def fake_build_book(config, execute=True, **options):
        seen.update(options, execute=execute)
        return tmp_path / "index.html"

    monkeypatch.setattr(cli, "build_book", fake_build_book)
    assert main(["build", "--no-execute", "--force", "--jobs", "3"]) == 0
    assert seen == {"execute": False, "force": True, "jobs": 3}


def test_kill_during_a_build_is_handled_like_ctrl_c_with_exit_code_143(monkeypatch, capsys):
    import signal
    import time

    def killed(*args, **kwargs):
        signal.raise_signal(signal.SIGTERM)  # what `kill <pid>` sends
        time.sleep(5)  # the handler interrupts this
        raise AssertionError("SIGTERM was not handled")

    monkeypatch.setattr(cli, "build_book", killed)
    assert main(["build"]) == 143
    error = capsys.readouterr().err
    assert "Gestopt" in error and "Traceback" not in error
    # Outside a build, SIGTERM means what it always meant again.
    assert signal.getsignal(signal.SIGTERM) is not cli._terminate
