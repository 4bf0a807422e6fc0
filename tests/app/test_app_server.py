"""How ``careerkit app`` starts Voilà (careerkit.app.server), with Voilà replaced by a stand-in
that records its configuration: loopback and a token by default, a warning for another
host, the next free port (and saying so), the folder handed to the page, no code shown and
no CDN in the template. The real server is driven in tests/browser/test_app_browser.py."""

from __future__ import annotations

import os
import re
import socket
import sys
import types
from pathlib import Path
from typing import ClassVar

import pytest

from careerkit.app import server
from careerkit.cli import main


class FakeVoila:
    """Stands in for voila.app.Voila: keeps its config and argv; start() returns at once."""

    made: ClassVar[list[FakeVoila]] = []

    def __init__(self, config):
        self.config, self.argv, self.started = config, None, False
        FakeVoila.made.append(self)

    def initialize(self, argv):
        self.argv = argv

    def start(self):
        self.started = True


@pytest.fixture
def fake_voila(monkeypatch):
    FakeVoila.made = []
    module = types.ModuleType("voila.app")
    module.Voila = FakeVoila
    monkeypatch.setitem(sys.modules, "voila.app", module)
    monkeypatch.setenv("CAREERKIT_APP_FOLDER", "")  # restored (removed) after the test
    monkeypatch.setenv("JUPYTER_PATH", "/somewhere/else")
    return FakeVoila


@pytest.fixture
def busy_port():
    """A port something already listens on (127.0.0.1)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_defaults_loopback_a_token_and_the_folder(fake_voila, sample_folder, capsys):
    port = server.free_port("127.0.0.1", 20000)
    assert main(["app", str(sample_folder), "--port", str(port)]) == 0
    out, err = capsys.readouterr()
    (app,) = fake_voila.made
    assert app.started and app.argv == [str(server.NOTEBOOK)]
    config = app.config
    assert config.Voila.ip == "127.0.0.1" and config.Voila.port == port
    assert config.Voila.port_retries == 0 and config.Voila.open_browser is False
    token = config.Voila.token
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token)
    assert f"http://127.0.0.1:{port}/?token={token}" in out
    assert "WARNING" not in err and "in use" not in err
    assert config.VoilaConfiguration.template == "careerkit"
    assert config.VoilaConfiguration.strip_sources is True
    assert config.VoilaConfiguration.show_tracebacks is False
    assert config.Voila.config_file_paths == []
    assert "connect-src 'self'" in config.Voila.tornado_settings["headers"][
        "Content-Security-Policy"]
    # The kernels learn the folder from the environment; the template is found first.
    assert os.environ["CAREERKIT_APP_FOLDER"] == str(sample_folder.resolve())
    assert os.environ["JUPYTER_PATH"].split(os.pathsep) == [str(server.TEMPLATE_ROOT),
                                                            "/somewhere/else"]


def test_a_new_token_each_time(fake_voila, sample_folder, capsys):
    port = server.free_port("127.0.0.1", 20000)
    for _ in range(2):
        main(["app", str(sample_folder), "--port", str(port)])
    first, second = (app.config.Voila.token for app in fake_voila.made)
    assert first != second


def test_a_port_in_use_takes_the_next_free_one_and_says_so(fake_voila, sample_folder, capsys,
                                                           busy_port):
    assert main(["app", str(sample_folder), "--port", str(busy_port)]) == 0
    out, err = capsys.readouterr()
    taken = fake_voila.made[0].config.Voila.port
    assert taken > busy_port
    assert f"port {busy_port} is in use; using port {taken}" in err
    assert f"http://127.0.0.1:{taken}/?token=" in out


def test_another_host_is_warned_about(fake_voila, sample_folder, capsys):
    port = server.free_port("0.0.0.0", 20000)
    assert main(["app", str(sample_folder), "--host", "0.0.0.0", "--port", str(port)]) == 0
    err = capsys.readouterr().err
    assert "WARNING: --host 0.0.0.0 lets other machines on the network reach the app" in err
    assert fake_voila.made[0].config.Voila.ip == "0.0.0.0"


def test_the_folder_defaults_to_the_current_one(fake_voila, sample_folder, monkeypatch,
                                                capsys):
    monkeypatch.chdir(sample_folder)
    assert main(["app", "--port", str(server.free_port("127.0.0.1", 20000))]) == 0
    assert os.environ["CAREERKIT_APP_FOLDER"] == str(sample_folder.resolve())


def test_no_such_folder_is_one_line_not_a_traceback(fake_voila, tmp_path, capsys):
    assert main(["app", str(tmp_path / "nope")]) == 1
    err = capsys.readouterr().err
    assert err == f"careerkit app: no folder or workbook at {tmp_path / 'nope'}\n"
    assert not fake_voila.made


def test_without_voila_it_says_what_to_install(monkeypatch, sample_folder, capsys):
    monkeypatch.setitem(sys.modules, "voila.app", None)  # import fails
    assert main(["app", str(sample_folder)]) == 1
    assert "pip install 'careerkit[app]'" in capsys.readouterr().err


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.3.4.5", True), ("::1", True), ("[::1]", True),
    ("localhost", True), ("0.0.0.0", False), ("192.168.1.10", False), ("::", False),
    ("example.org", False)])
def test_is_loopback(host, loopback):
    assert server.is_loopback(host) is loopback


def test_no_free_port_is_an_error(busy_port):
    with pytest.raises(OSError, match=f"no free port on 127.0.0.1 from {busy_port}"):
        server.free_port("127.0.0.1", busy_port, tries=1)


def test_the_template_loads_nothing_from_another_host():
    folder = server.TEMPLATE_ROOT / "voila" / "templates" / server.TEMPLATE
    text = "".join(path.read_text() for path in sorted(folder.iterdir()))
    removed = re.findall(r"replace\('([^']+)', ''\)", text)  # the stock CDN links it drops
    kept = re.sub(r"replace\('([^']+)', ''\)", "", text)
    links = re.findall(r"""(?:href|src)=["']([^"']+)""", kept)
    assert all("//" not in link for link in links), links
    assert len(removed) == 2
    # The stock links it removes are spelled exactly as in Voilà's lab template.
    voila = pytest.importorskip("voila")
    stock = Path(sys.prefix, "share", "jupyter", "voila", "templates", "lab", "index.html.j2")
    stock_links = re.findall(r'<link rel="stylesheet" href="https://[^>]+>', stock.read_text())
    assert sorted(stock_links) == sorted(removed), (
        f"Voilà {voila.__version__}'s lab template links {stock_links}")
