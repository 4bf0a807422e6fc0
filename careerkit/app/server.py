"""Serve the app: ``app.ipynb`` with Voilà, on the loopback interface, behind a token.

Voilà runs in this process (no web server of careerkit's own). It is configured here, never
from the Jupyter or Voilà configuration files of the folder or the user, so that what the
command promises holds wherever it runs:

- it binds 127.0.0.1 unless told otherwise (another host gets a warning);
- every page needs the random token printed with the URL (``?token=...``): a request
  without it gets the login page (the app's page) or 403 (its API), never the app;
- a port in use: the next free one is taken, and the command says so;
- no code is shown (input cells are stripped), no traceback either;
- nothing is loaded from another host: the ``careerkit`` template (beside this module)
  drops the stock template's CDN links, and the pages carry a Content-Security-Policy
  that lets the browser fetch from this server only;
- Ctrl+C (or SIGTERM) stops it and its kernels.

The folder reaches the page through the ``CAREERKIT_APP_FOLDER`` environment variable (the
kernels inherit it); its careerkit.toml settings apply, as with every ``careerkit.load``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import secrets
import socket
import sys
from pathlib import Path

#: The environment variable through which the page learns its folder.
FOLDER_VARIABLE = "CAREERKIT_APP_FOLDER"
HERE = Path(__file__).resolve().parent
#: The notebook Voilà serves: one cell that shows :func:`careerkit.app.page.from_environment`.
NOTEBOOK = HERE / "app.ipynb"
#: A Jupyter data folder holding the ``careerkit`` Voilà template (voila/templates/careerkit).
TEMPLATE_ROOT = HERE / "jupyter"
TEMPLATE = "careerkit"
LOOPBACK = "127.0.0.1"
#: Voilà's usual port; the next free one is taken when it is in use.
DEFAULT_PORT = 8866
PORT_TRIES = 50
#: Scripts, styles, fonts, images and connections from this server only (inline scripts and
#: styles, data: and blob: URLs are the page's own: Voilà and the widgets use them).
CONTENT_SECURITY_POLICY = ("default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; "
                           "connect-src 'self'; frame-ancestors 'self'")


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (127.0.0.0/8, ::1, localhost).

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def port_is_free(host: str, port: int) -> bool:
    """Whether a server could listen on ``host``:``port`` now (every address it names).

    Examples
    --------
    >>> import socket
    >>> with socket.socket() as busy:
    ...     busy.bind(("127.0.0.1", 0)); busy.listen()
    ...     port_is_free("127.0.0.1", busy.getsockname()[1])
    False
    """
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                       flags=socket.AI_PASSIVE)
    except socket.gaierror:
        return False
    for family, kind, proto, _, address in addresses:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as tornado does
            try:
                probe.bind(address)
            except OSError:
                return False
    return True


def free_port(host: str, port: int, tries: int = PORT_TRIES) -> int:
    """``port``, or the next one up that is free on ``host``.

    Raises
    ------
    OSError
        When none of ``tries`` ports from ``port`` on is free.

    Examples
    --------
    >>> import socket
    >>> with socket.socket() as busy:
    ...     busy.bind(("127.0.0.1", 0)); busy.listen()
    ...     taken = busy.getsockname()[1]
    ...     free_port("127.0.0.1", taken) > taken
    True
    """
    for candidate in range(port, min(port + tries, 65536)):
        if port_is_free(host, candidate):
            return candidate
    raise OSError(f"no free port on {host} from {port} to {port + tries - 1}: "
                  "choose another with --port")


def app_url(host: str, port: int, token: str) -> str:
    """The URL to open: the app with its token.

    Examples
    --------
    >>> app_url("127.0.0.1", 8866, "abc")
    'http://127.0.0.1:8866/?token=abc'
    >>> app_url("::1", 8866, "abc")
    'http://[::1]:8866/?token=abc'
    """
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/?token={token}"


def voila_config(host: str, port: int, token: str):
    """The whole Voilà configuration of the app (a ``traitlets.config.Config``).

    Examples
    --------
    >>> config = voila_config("127.0.0.1", 8866, "abc")
    >>> config.VoilaConfiguration.template, config.Voila.ip, config.VoilaConfiguration.strip_sources
    ('careerkit', '127.0.0.1', True)
    """
    from traitlets.config import Config

    config = Config()
    config.Voila.ip = host
    config.Voila.port = port
    config.Voila.port_retries = 0  # the port was chosen (and announced) already
    config.Voila.open_browser = False
    config.Voila.token = token
    config.Voila.root_dir = str(HERE)
    config.Voila.config_file_paths = []  # no voila.json from the folder or the user
    config.Voila.log_level = "ERROR"  # "app.ipynb is not trusted": it has no outputs to trust
    if os.name == "posix":  # kernels on sockets in Voilà's private folder, not on TCP ports
        config.KernelManager.transport = "ipc"
    config.Voila.tornado_settings = {
        "headers": {"Content-Security-Policy": CONTENT_SECURITY_POLICY}}
    config.VoilaConfiguration.template = TEMPLATE
    config.VoilaConfiguration.theme = "light"
    config.VoilaConfiguration.strip_sources = True
    config.VoilaConfiguration.show_tracebacks = False
    config.VoilaConfiguration.allow_template_override = "NO"
    config.VoilaConfiguration.allow_theme_override = "NO"
    config.VoilaConfiguration.file_allowlist = []  # no file of the package is served
    return config


def serve(folder=".", *, host: str = LOOPBACK, port: int = DEFAULT_PORT,
          token: str | None = None, out=None, err=None) -> int:
    """Serve the app for ``folder`` until Ctrl+C; returns the exit code.

    Parameters
    ----------
    folder : path
        The data folder (or workbook). One that does not load is served too: the page lists
        its problems.
    host : str
        The interface to listen on; another than the loopback one gets a warning.
    port : int
        The port, or the next free one (said on ``err``).
    token : str, optional
        The token (default: a new random one).
    out, err : file, optional
        Where the URL and the notes go (default: stdout, stderr).

    Returns
    -------
    int
        0 after Ctrl+C, 1 when the app cannot start (said on ``err``).

    Examples
    --------
    >>> serve("no/such/folder", err=sys.stdout)
    careerkit app: no folder or workbook at no/such/folder
    1
    """
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    path = Path(folder).expanduser()
    if not path.exists():
        print(f"careerkit app: no folder or workbook at {folder}", file=err)
        return 1
    try:
        from voila.app import Voila
    except ImportError:
        print("careerkit app needs Voilà: pip install 'careerkit[app]'", file=err)
        return 1
    if not is_loopback(host):
        print(f"careerkit app: WARNING: --host {host} lets other machines on the network reach "
              "the app; anyone with its URL (token included) can read and change the data. "
              "Use it only on a network you trust.", file=err)
    try:
        chosen = free_port(host, port)
    except OSError as error:
        print(f"careerkit app: {error}", file=err)
        return 1
    if chosen != port:
        print(f"careerkit app: port {port} is in use; using port {chosen}", file=err)
    token = token or secrets.token_urlsafe(24)

    os.environ[FOLDER_VARIABLE] = str(path.resolve())
    jupyter_path = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(TEMPLATE_ROOT), *([jupyter_path] if jupyter_path else [])])

    app = Voila(config=voila_config(host, chosen, token))
    app.initialize([str(NOTEBOOK)])
    print(f"careerkit app: serving {path.resolve()}\n"
          f"Open this URL in your browser (it holds the app's token; keep it private):\n"
          f"    {app_url(host, chosen, token)}\n"
          f"Ctrl+C stops it.", file=out, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        app.start()  # returns after Ctrl+C or SIGTERM, its kernels shut down
    print("careerkit app: stopped", file=err, flush=True)
    return 0
