"""Per-file counts of a pytest JUnit XML report (junit_family=xunit1).

Used by .ci/pyathena.sh. A failure or error whose text shows a missing
Python module (ModuleNotFoundError, "No module named", an ImportError of an
optional dependency) is counted as "missing package" and named, and one that a
known limit of an older installed package explains (Debian's SQLAlchemy 1.4
for tests that only compile SQL, an older fsspec) as "old package", so that
the failures that are the emulator's stand out.
"""
import collections
import re
import sys
import xml.etree.ElementTree as ET

# Tried in order: the first that matches names the missing module.
MISSING = [
    re.compile(r"No module named '([\w.]+)'"),
    re.compile(r"ImportError: cannot import name \S+ from '([\w.]+)'"),
    re.compile(r"(?:requires|needs) (?:the )?([\w-]+) (?:package|module)"),
]


def _version(module):
    try:
        return __import__(module).__version__
    except Exception:
        return None


def old_packages():
    """Known failures of too old a package: (file regex, text regex, label)."""
    rules = []
    sqlalchemy = _version("sqlalchemy")
    if sqlalchemy and int(sqlalchemy.split(".")[0]) < 2:
        # These files compile SQL text and never call the server.
        old = f"sqlalchemy {sqlalchemy} < 2"
        rules += [
            (r"sqlalchemy/test_compiler\.py$", r"", old),
            # SQLAlchemy 2 APIs that PyAthena's dialect calls.
            (r"", r"_render_string_type\(\) takes \d+ positional arguments", old),
            (r"", r"module 'sqlalchemy\.types' has no attribute", old),
            (r"", r"sqlalchemy/sql/sqltypes\.py:\d+: TypeError", old),
        ]
    fsspec = _version("fsspec")
    if fsspec and fsspec < "2023":
        rules.append((r"", r"got multiple values for argument 'mode'", f"fsspec {fsspec}"))
        rules.append((r"filesystem/test_init\.py$", r"will be overwritten", f"fsspec {fsspec}"))
        # Older fsspec globs a path ending in "/" as that folder's listing
        # (path + "/*"), whatever the filesystem; newer fsspec returns nothing.
        rules.append((r"filesystem/test_s3(_async)?\.py$", r"_glob/nested/test_[0-9a-f-]+' not in ", f"fsspec {fsspec}"))
    return [(re.compile(f), re.compile(t), label) for f, t, label in rules]


def old_package(rules, file, text):
    for file_re, text_re, label in rules:
        if file_re.search(file) and text_re.search(text or ""):
            return label
    return None


def missing_module(text):
    for pattern in MISSING:
        m = pattern.search(text or "")
        if m:
            return m.group(1).split(".")[0]
    return None


def main(path):
    root = ET.parse(path).getroot()
    rules = old_packages()
    counts = collections.defaultdict(collections.Counter)
    modules = collections.defaultdict(collections.Counter)
    emulator = collections.defaultdict(list)
    for case in root.iter("testcase"):
        file = case.get("file") or case.get("classname", "?").replace(".", "/") + ".py"
        outcome, text = "passed", ""
        for child in case:
            if child.tag in ("failure", "error"):
                outcome = "failed" if child.tag == "failure" else "error"
                text = (child.get("message") or "") + "\n" + (child.text or "")
            elif child.tag == "skipped":
                outcome = "skipped"
        if outcome in ("failed", "error"):
            mod = missing_module(text)
            old = old_package(rules, file, text)
            if mod:
                outcome = "missing package"
                modules[file][mod] += 1
            elif old:
                outcome = "old package"
                modules[file][old] += 1
            else:
                first = (text.strip().splitlines() or ["?"])[0][:160]
                emulator[file].append(f"{case.get('name')}: {first}")
        counts[file][outcome] += 1

    cols = ["passed", "failed", "error", "missing package", "old package", "skipped"]
    width = max([len(f) for f in counts] + [4])
    print(f"{'file':<{width}}  " + "  ".join(f"{c:>15}" for c in cols))
    total = collections.Counter()
    for file in sorted(counts):
        c = counts[file]
        total.update(c)
        line = f"{file:<{width}}  " + "  ".join(f"{c[k]:>15}" for k in cols)
        if modules[file]:
            line += "   explained by: " + ", ".join(sorted(modules[file]))
        print(line)
    print(f"{'total':<{width}}  " + "  ".join(f"{total[k]:>15}" for k in cols))
    if emulator:
        print("\nfailures not explained by a missing or old package:")
        for file in sorted(emulator):
            for item in emulator[file]:
                print(f"  {file}::{item}")


if __name__ == "__main__":
    main(sys.argv[1])
