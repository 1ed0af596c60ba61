"""Makes an older release of the plugin from its wheel, for the tier's upgrade test: the same
package as version 0.0.9, its build's files under other content names (as an older build has),
its scripts without compressed copies (they are rewritten to the other names).

usage: python3 tests/netbox/older_wheel.py NEWER.whl OLDER.whl  -> prints the older build's
file names, one per line
"""

import base64
import hashlib
import re
import sys
import zipfile

OLD_VERSION = "0.0.9"
HASHED = re.compile(r"-([0-9a-f]{8,16})((?:_bg)?\.(?:js|wasm|css)(?:\.br|\.gz)?)$")


def other_hash(digits: str) -> str:
    return hashlib.sha256(digits.encode()).hexdigest()[: len(digits)]


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def main(newer: str, older: str) -> None:
    with zipfile.ZipFile(newer) as wheel:
        entries = {name: wheel.read(name) for name in wheel.namelist()}
    version = re.search(
        r"^Version: (.+)$",
        entries[next(n for n in entries if n.endswith("/METADATA"))].decode(),
        re.M,
    )[1]
    renames = {}
    for name in entries:
        match = HASHED.search(name)
        if match:
            renames[name.rsplit("/", 1)[1]] = name.rsplit("/", 1)[1].replace(
                match[1], other_hash(match[1])
            )
    out = {}
    for name, data in entries.items():
        base = name.rsplit("/", 1)[-1]
        if name.endswith((".js.br", ".js.gz")):
            continue  # their scripts are rewritten below; the plugin serves those raw
        if name.endswith((".html", ".js")) and "/app/" in name:
            text = data.decode()
            for old, new in renames.items():
                text = text.replace(old, new)
            data = text.encode()
        name = name.replace(f"-{version}.dist-info/", f"-{OLD_VERSION}.dist-info/")
        if name.endswith("/METADATA"):
            data = data.replace(f"Version: {version}".encode(), f"Version: {OLD_VERSION}".encode())
        out[name.replace(base, renames.get(base, base))] = data
    record = next(n for n in out if n.endswith("/RECORD"))
    out[record] = "\n".join(
        [record_line(n, d) for n, d in out.items() if n != record] + [f"{record},,", ""]
    ).encode()
    with zipfile.ZipFile(older, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in out.items():
            wheel.writestr(name, data)
    for new in renames.values():
        if not new.endswith((".br", ".gz")):
            print(new)


if __name__ == "__main__":
    main(*sys.argv[1:3])
