# The emulator runs this prelude with python3 -I -u -X utf8 -c, one process
# per session. It waits for code blocks and runs each in the session's
# namespace, so that names carry over from one calculation to the next as in
# a notebook, with a small stand-in for PySpark's `spark` session, whose sql()
# runs on the emulator's SQL engine. It talks to the emulator over two pipes,
# one JSON object a line: requests on fd 3, answers (and code blocks) on fd 4.
# While a block runs, fds 1 and 2 are the files the emulator named for its
# stdout and stderr; a traceback goes to stderr in the form Athena shows (the
# frames of the code block, named "<stdin>", and the exception line).
import ast
import datetime
import decimal
import json
import os
import sys
import traceback

_to_emulator = os.fdopen(3, "w", encoding="utf-8")
_from_emulator = os.fdopen(4, "r", encoding="utf-8")
os.set_inheritable(3, False)
os.set_inheritable(4, False)


class AnalysisException(Exception):
    """An error of a SQL statement, as PySpark raises it."""


def _send(request):
    _to_emulator.write(json.dumps(request) + "\n")
    _to_emulator.flush()


def _call(request):
    _send(request)
    line = _from_emulator.readline()
    if not line:
        raise RuntimeError("the emulator's Spark bridge is closed")
    reply = json.loads(line)
    if "error" in reply:
        raise AnalysisException(reply["error"])
    return reply


_INTEGERS = {"tinyint", "smallint", "integer", "bigint"}
_FLOATS = {"double", "float", "real"}
_SPARK_TYPES = {
    "tinyint": "tinyint", "smallint": "smallint", "integer": "int", "bigint": "bigint",
    "double": "double", "float": "float", "real": "float", "decimal": "decimal",
    "boolean": "boolean", "date": "date", "timestamp": "timestamp", "varbinary": "binary",
    "varchar": "string", "char": "string", "string": "string",
}


def _value(text, typ):
    """Returns the Python value of an Athena text value of type typ."""
    if text is None:
        return None
    try:
        if typ in _INTEGERS:
            return int(text)
        if typ in _FLOATS:
            return float(text)
        if typ == "decimal":
            return decimal.Decimal(text)
        if typ == "boolean":
            return text == "true"
        if typ == "date":
            return datetime.date.fromisoformat(text)
        if typ == "timestamp":
            return datetime.datetime.fromisoformat(text)
        if typ == "varbinary":
            return bytearray.fromhex(text)
    except ValueError:
        pass
    return text


class Row(tuple):
    """A result row: a tuple whose fields are also attributes, like pyspark.sql.Row."""

    def __new__(cls, fields, values):
        row = tuple.__new__(cls, values)
        row.__fields__ = list(fields)
        return row

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return tuple.__getitem__(self, self.__fields__.index(name))
        except ValueError:
            raise AttributeError(name) from None

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                key = self.__fields__.index(key)
            except ValueError:
                raise ValueError(key) from None
        return tuple.__getitem__(self, key)

    def asDict(self):
        return dict(zip(self.__fields__, self))

    def __repr__(self):
        return "Row(" + ", ".join("%s=%r" % (k, v) for k, v in zip(self.__fields__, self)) + ")"


class DataFrame:
    """The result of spark.sql: rows held in memory."""

    def __init__(self, table):
        self._columns = table["columns"]
        self._rows = table["rows"]

    @property
    def columns(self):
        return [c["name"] for c in self._columns]

    @property
    def dtypes(self):
        return [(c["name"], _SPARK_TYPES.get(c["type"], c["type"])) for c in self._columns]

    def _row(self, values):
        return Row(self.columns, [_value(v, c["type"]) for v, c in zip(values, self._columns)])

    def collect(self):
        return [self._row(r) for r in self._rows]

    def count(self):
        return len(self._rows)

    def take(self, num):
        return [self._row(r) for r in self._rows[:num]]

    def head(self, n=None):
        if n is None:
            rows = self.take(1)
            return rows[0] if rows else None
        return self.take(n)

    def first(self):
        return self.head()

    def show(self, n=20, truncate=True, vertical=False):
        if isinstance(truncate, bool):
            truncate = 20 if truncate else 0
        n = int(n)
        reply = _call({
            "op": "show",
            "table": {"columns": self._columns, "rows": self._rows[: max(n, 0) + 1]},
            "n": n, "truncate": int(truncate), "vertical": bool(vertical),
        })
        print(reply["text"])

    def toPandas(self):
        import pandas

        return pandas.DataFrame.from_records([tuple(r) for r in self.collect()], columns=self.columns)

    def __repr__(self):
        return "DataFrame[" + ", ".join("%s: %s" % t for t in self.dtypes) + "]"


class SparkSession:
    """The emulator's stand-in for a PySpark SparkSession."""

    version = "3.2.1"

    def sql(self, sqlQuery, args=None, **kwargs):
        if args or kwargs:
            raise NotImplementedError("the emulator's spark.sql takes no parameters")
        return DataFrame(_call({"op": "sql", "sql": sqlQuery})["table"])

    def table(self, tableName):
        return self.sql("SELECT * FROM " + tableName)

    def stop(self):
        pass

    def __repr__(self):
        return "<SparkSession (athenaq emulator)>"


spark = SparkSession()
_scope = {"__name__": "__main__", "__builtins__": __builtins__, "spark": spark, "Row": Row}


def _report(exc):
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<stdin>"]
    text = traceback.format_list(frames) + traceback.format_exception_only(type(exc), exc)
    sys.stderr.write("".join(text))


def _result(value):
    if isinstance(value, DataFrame):
        _call({"op": "result", "table": {"columns": value._columns, "rows": value._rows}})
    elif value is None:
        _call({"op": "result"})
    else:
        _call({"op": "result", "text": repr(value)})


def _run(code):
    """Runs a code block and reports whether it failed."""
    try:
        tree = ast.parse(code, "<stdin>", "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, "<stdin>", "exec"), _scope)
        value = eval(compile(last, "<stdin>", "eval"), _scope) if last is not None else None
        _result(value)
    except SystemExit as exc:
        if exc.code is None or exc.code == 0:
            _result(None)
            return False
        sys.stderr.write("SystemExit: %s\n" % (exc.code,))
        return True
    except BaseException as exc:
        _report(exc)
        return True
    return False


def _redirect(stdout, stderr):
    for f in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            f.flush()
        except Exception:
            pass
    for path, fd in ((stdout, 1), (stderr, 2)):
        f = os.open(path, os.O_WRONLY | os.O_APPEND)
        os.dup2(f, fd)
        os.close(f)


def _main():
    sys.stdin.close()
    sys.stdin = open(os.devnull)
    while True:
        line = _from_emulator.readline()
        if not line:
            return 0
        req = json.loads(line)
        if req.get("op") != "run":
            continue
        _redirect(req["stdout"], req["stderr"])
        failed = _run(req["code"])
        _redirect(os.devnull, os.devnull)
        _send({"op": "done", "failed": failed})


sys.exit(_main())
