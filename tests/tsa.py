"""A local RFC 3161 timestamp authority for tests: Debian's ``openssl ts -reply`` behind a
tiny HTTP server on the loopback interface, with its own CA and a TSA certificate
(extendedKeyUsage critical, timeStamping), made in a temporary folder.

``authority(folder)`` starts one and returns it; ``.url``, ``.ca_file`` (the CA's PEM) and
``.stop()``. ``make_ca(folder, name)`` makes another CA and TSA pair (an unknown authority).
"""

from __future__ import annotations

import http.server
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

TSA_CONFIG = """\
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.crt
certs = $dir/tsa.crt
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
other_policies = 1.3.6.1.4.1.99999.2
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""

EXT = """\
[ tsa_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_ca(folder: Path, name: str = "Test TSA") -> Path:
    """A CA and a TSA certificate signed by it in ``folder``; returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    _openssl(
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "ca.key", "-out", "ca.crt", "-days", "3650", "-subj", f"/CN={name} CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        cwd=folder,
    )  # fmt: skip
    _openssl(
        "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", f"/CN={name}",
        cwd=folder,
    )  # fmt: skip
    (folder / "ext.cnf").write_text(EXT)
    _openssl(
        "x509", "-req", "-in", "tsa.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "tsa.crt", "-days", "3650", "-extfile", "ext.cnf", "-extensions", "tsa_ext",
        cwd=folder,
    )  # fmt: skip
    (folder / "serial").write_text("01\n")
    (folder / "tsa.cnf").write_text(TSA_CONFIG.format(dir=folder))
    return folder


def reply(folder: Path, query: bytes) -> bytes:
    """The authority's answer (a DER TimeStampResp) to a DER TimeStampReq."""
    done = subprocess.run(
        ["openssl", "ts", "-reply", "-config", str(folder / "tsa.cnf"), "-queryfile", "/dev/stdin",
         "-out", "/dev/stdout"],
        input=query, capture_output=True, check=True,
    )  # fmt: skip
    return done.stdout


@dataclass
class Authority:
    folder: Path
    url: str
    server: http.server.ThreadingHTTPServer
    calls: list

    @property
    def ca_file(self) -> Path:
        return self.folder / "ca.crt"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def authority(folder: Path, name: str = "Test TSA") -> Authority:
    make_ca(folder, name)
    calls: list = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the standard library's name)
            query = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            calls.append(self.headers.get("Content-Type"))
            try:
                body, status = reply(folder, query), 200
            except subprocess.CalledProcessError as exc:
                body, status = exc.stderr or b"bad request", 400
            self.send_response(status)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Authority(folder, f"http://127.0.0.1:{server.server_address[1]}/tsa", server, calls)
