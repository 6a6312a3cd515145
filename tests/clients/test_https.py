"""`entente --endpoint https://…`: the command line as a client of an HTTPS
SPARQL server. `entente serve` (plain HTTP) behind a small TLS proxy of
Python's `ssl`, its certificate for `localhost` issued by a CA made here
(trustme); entente trusts that CA through `SSL_CERT_FILE`, which its
verifier (rustls-platform-verifier, reading rustls-native-certs) reads on
Linux instead of the system's roots.

    ENTENTE_BIN=target/debug/entente pytest tests/clients/test_https.py

Run by .ci/run with the other clients.
"""
import os
import socket
import ssl
import subprocess
import threading

import pytest
import trustme

from test_clients import BINARY, server  # noqa: F401 (a fixture)


def pipe(source, target):
    """Copies bytes one way until either side closes."""
    try:
        while chunk := source.recv(65536):
            target.sendall(chunk)
    except OSError:
        pass
    finally:
        for s in (source, target):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def relay(client, context, backend):
    """One connection: TLS with the client, plain TCP to the backend."""
    try:
        tls = context.wrap_socket(client, server_side=True)
    except (ssl.SSLError, OSError):
        client.close()  # a handshake the client refused (an untrusted certificate)
        return
    upstream = socket.create_connection(backend)
    back = threading.Thread(target=pipe, args=(upstream, tls), daemon=True)
    back.start()
    pipe(tls, upstream)
    back.join(timeout=60)
    tls.close()
    upstream.close()


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


@pytest.fixture(scope="module")
def https(server, ca):  # noqa: F811
    """An HTTPS proxy of `entente serve`: its base URL on `localhost`."""
    host, port = server.removeprefix("http://").rsplit(":", 1)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("localhost").configure_cert(context)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)

    def accept():
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            threading.Thread(
                target=relay, args=(client, context, (host, int(port))), daemon=True
            ).start()

    threading.Thread(target=accept, daemon=True).start()
    yield f"https://localhost:{listener.getsockname()[1]}"
    listener.close()


def pem(ca, tmp_path, name="ca.pem"):
    path = tmp_path / name
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def entente(args, cert_file=None):
    """The binary with the system's certificate variables replaced."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SSL_CERT", "ENTENTE_"))}
    if cert_file is not None:
        env["SSL_CERT_FILE"] = cert_file
    return subprocess.run(
        [BINARY, *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_actors_over_https_are_the_embedded_stores(https, ca, tmp_path):
    url = f"{https}/query"
    remote = entente(["--endpoint", url, "actors", "-f", "csv"], pem(ca, tmp_path))
    assert remote.returncode == 0, remote.stderr
    embedded = entente(["actors", "-f", "csv"])
    assert embedded.returncode == 0, embedded.stderr
    assert len(embedded.stdout.splitlines()) > 10
    assert sorted(remote.stdout.splitlines()) == sorted(embedded.stdout.splitlines())
    # A verb that resolves names, over the same connection kind.
    remote = entente(["--endpoint", url, "allies", "Armenia", "-f", "csv"], pem(ca, tmp_path))
    embedded = entente(["allies", "Armenia", "-f", "csv"])
    assert remote.returncode == embedded.returncode == 0, remote.stderr
    assert sorted(remote.stdout.splitlines()) == sorted(embedded.stdout.splitlines())


def test_a_certificate_of_an_untrusted_ca_is_refused_with_the_url(https, tmp_path):
    url = f"{https}/query"
    other = pem(trustme.CA(), tmp_path, "other.pem")
    run = entente(["--endpoint", url, "actors"], other)
    assert run.returncode == 2, run.stderr
    assert url in run.stderr, run.stderr
    assert "not signed by an authority this system trusts" in run.stderr, run.stderr
    assert "panicked" not in run.stderr, run.stderr


def test_a_certificate_for_another_host_name_is_refused(https, ca, tmp_path):
    # The certificate names localhost only; 127.0.0.1 is not in it.
    url = f"{https.replace('localhost', '127.0.0.1')}/query"
    run = entente(["--endpoint", url, "actors"], pem(ca, tmp_path))
    assert run.returncode == 2, run.stderr
    assert url in run.stderr, run.stderr
    assert "for another host name" in run.stderr, run.stderr


def test_no_trusted_certificate_at_all_is_an_error_not_a_panic(https, tmp_path):
    url = f"{https}/query"
    run = entente(["--endpoint", url, "actors"], str(tmp_path / "missing.pem"))
    assert run.returncode == 2, run.stderr
    assert url in run.stderr, run.stderr
    assert "SSL_CERT_FILE" in run.stderr, run.stderr
    assert "panicked" not in run.stderr, run.stderr
