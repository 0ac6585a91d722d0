"""Makes a site directory for running PyAthena's tests from a source tree.

    python3 .ci/pyathena_site.py PYATHENA_SRC SITE_DIR [EXTRA_SITE_DIR]

PyAthena's SQLAlchemy dialects are found through its package entry points,
which exist only once it is installed. A dist-info directory holding the entry
points of its pyproject.toml stands in for installing it. SITE_DIR also gets a
sitecustomize module that adds SITE_DIR, and then EXTRA_SITE_DIR (such as
Debian's dist-packages), to the end of sys.path, so that python3's own
packages (its boto3) come first. Put SITE_DIR on PYTHONPATH.
"""
import pathlib
import sys
import tomllib

src, site_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
extra = sys.argv[3:]
project = tomllib.loads((src / "pyproject.toml").read_text())["project"]
info = site_dir / "PyAthena-0.0.0.dist-info"
info.mkdir(parents=True, exist_ok=True)
(info / "METADATA").write_text("Metadata-Version: 2.1\nName: PyAthena\nVersion: 0.0.0\n")
lines = []
for group, entries in project.get("entry-points", {}).items():
    lines.append(f"[{group}]")
    lines += [f"{name} = {target}" for name, target in entries.items()]
(info / "entry_points.txt").write_text("\n".join(lines) + "\n")
dirs = [str(site_dir)] + extra
(site_dir / "sitecustomize.py").write_text(
    "import site\n" + "".join(f"site.addsitedir({d!r})\n" for d in dirs)
)
