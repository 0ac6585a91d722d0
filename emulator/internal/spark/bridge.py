# The emulator runs this prelude with python3 -I -u -X utf8 -c, one process
# per session. It waits for code blocks and runs each in the session's
# namespace, so that names carry over from one calculation to the next as in
# a notebook. It gives the code a stand-in for PySpark: a `spark` session
# and a `pyspark` package whose DataFrames are SQL queries that run on the
# emulator's SQL engine. It talks to the emulator over two pipes, one JSON
# object a line: requests on fd 3, answers (and code blocks) on fd 4. While a
# block runs, fds 1 and 2 are the files the emulator named for its stdout and
# stderr; a traceback goes to stderr in the form Athena shows (the frames of
# the code block, named "<stdin>", and the exception line).
import ast
import datetime
import decimal
import json
import math
import os
import re
import resource
import signal
import sys
import traceback
import types

_to_emulator = os.fdopen(3, "w", encoding="utf-8")
_from_emulator = os.fdopen(4, "r", encoding="utf-8")
os.set_inheritable(3, False)
os.set_inheritable(4, False)

# No file the process (or a child of it) writes grows past the emulator's
# limit (argv[1], bytes): a block that prints without end fails with
# "OSError: [Errno 27] File too large" instead of filling the disk. SIGXFSZ
# is ignored so that the write fails rather than the process dying.
if len(sys.argv) > 1:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))


class AnalysisException(Exception):
    """An error of a SQL statement, as PySpark raises it."""


class UnsupportedOperation(NotImplementedError):
    """A part of the PySpark API that the emulator does not have."""


def _unsupported(what):
    raise UnsupportedOperation("%s is not supported by the athenaq emulator" % what)


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


# _views are the session's temporary views: name (lower case) -> SQL.
_views = {}


def _run_sql(sql):
    t = _call({"op": "sql", "sql": sql, "views": _views}).get("table") or {}
    return {"columns": t.get("columns") or [], "rows": t.get("rows") or []}


# Values and rows.

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
    """A row: a tuple whose fields are also attributes, like pyspark.sql.Row.
    Row(a=1, b=2) makes a row; Row("a", "b") makes a factory of rows."""

    def __new__(cls, *args, **kwargs):
        if args and kwargs:
            raise ValueError("Can not use both args and kwargs to create Row")
        if kwargs:
            return cls._make(list(kwargs), list(kwargs.values()))
        row = tuple.__new__(cls, args)
        row.__fields__ = None
        return row

    @classmethod
    def _make(cls, fields, values):
        row = tuple.__new__(cls, values)
        row.__fields__ = list(fields)
        return row

    def __call__(self, *values):
        return Row._make(list(self), values)

    def __getattr__(self, name):
        if name.startswith("__") or not self.__fields__:
            raise AttributeError(name)
        try:
            return tuple.__getitem__(self, self.__fields__.index(name))
        except ValueError:
            raise AttributeError(name) from None

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                key = (self.__fields__ or []).index(key)
            except ValueError:
                raise ValueError(key) from None
        return tuple.__getitem__(self, key)

    def __contains__(self, item):
        if self.__fields__:
            return item in self.__fields__
        return tuple.__contains__(self, item)

    def asDict(self, recursive=False):
        if not self.__fields__:
            raise TypeError("Cannot convert a Row class into dict")
        return dict(zip(self.__fields__, self))

    def __repr__(self):
        if not self.__fields__:
            return "<Row(" + ", ".join(repr(v) for v in self) + ")>"
        return "Row(" + ", ".join("%s=%r" % (k, v) for k, v in zip(self.__fields__, self)) + ")"


# SQL text.

def _ident(name):
    return '"' + str(name).replace('"', '""') + '"'


def _literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan()"
        if math.isinf(v):
            return "infinity()" if v > 0 else "-infinity()"
        r = repr(v)
        return r if "e" in r or "E" in r else r + "E0"
    if isinstance(v, decimal.Decimal):
        return "DECIMAL '%s'" % v
    if isinstance(v, datetime.datetime):
        return "TIMESTAMP '%s'" % v.isoformat(sep=" ")
    if isinstance(v, datetime.date):
        return "DATE '%s'" % v.isoformat()
    if isinstance(v, str):
        return "'" + v.replace("'", "''") + "'"
    _unsupported("a literal of type %s" % type(v).__name__)


_CAST_TYPES = {
    "string": "VARCHAR", "str": "VARCHAR", "int": "INTEGER", "integer": "INTEGER", "long": "BIGINT",
    "bigint": "BIGINT", "short": "SMALLINT", "smallint": "SMALLINT", "byte": "TINYINT", "tinyint": "TINYINT",
    "double": "DOUBLE", "float": "REAL", "boolean": "BOOLEAN", "bool": "BOOLEAN", "date": "DATE",
    "timestamp": "TIMESTAMP", "binary": "VARBINARY",
}


def _sql_type(t):
    if not isinstance(t, str):
        t = t.simpleString()
    low = t.strip().lower()
    if low in _CAST_TYPES:
        return _CAST_TYPES[low]
    if re.fullmatch(r"decimal\(\s*\d+\s*,\s*\d+\s*\)", low):
        return low.upper()
    _unsupported("the type %r" % t)


# Columns.

class Column:
    """An expression over a DataFrame's columns, like pyspark.sql.Column."""

    def __init__(self, sql, name, agg=False, order=None):
        self._sql = sql
        self._name = name
        self._agg = agg
        self._order = order  # "ASC NULLS FIRST" ... for sorting

    def _binary(self, other, op, reverse=False, name_op=None):
        o = _col_or_lit(other)
        a, b = (o, self) if reverse else (self, o)
        return Column("(%s %s %s)" % (a._sql, op, b._sql), "(%s %s %s)" % (a._name, name_op or op, b._name),
                      a._agg or b._agg)

    def __add__(self, o): return self._binary(o, "+")
    def __radd__(self, o): return self._binary(o, "+", True)
    def __sub__(self, o): return self._binary(o, "-")
    def __rsub__(self, o): return self._binary(o, "-", True)
    def __mul__(self, o): return self._binary(o, "*")
    def __rmul__(self, o): return self._binary(o, "*", True)
    def __mod__(self, o): return self._binary(o, "%")
    def __rmod__(self, o): return self._binary(o, "%", True)

    def __truediv__(self, o):
        # Spark's / always divides as double.
        o = _col_or_lit(o)
        return Column("(CAST(%s AS DOUBLE) / %s)" % (self._sql, o._sql), "(%s / %s)" % (self._name, o._name),
                      self._agg or o._agg)

    def __rtruediv__(self, o):
        return _col_or_lit(o).__truediv__(self)

    def __neg__(self):
        return Column("(- %s)" % self._sql, "(- %s)" % self._name, self._agg)

    def __eq__(self, o): return self._binary(o, "=")
    def __ne__(self, o): return self._binary(o, "<>", name_op="!=")
    def __lt__(self, o): return self._binary(o, "<")
    def __le__(self, o): return self._binary(o, "<=")
    def __gt__(self, o): return self._binary(o, ">")
    def __ge__(self, o): return self._binary(o, ">=")
    def __and__(self, o): return self._binary(o, "AND")
    def __rand__(self, o): return self._binary(o, "AND", True)
    def __or__(self, o): return self._binary(o, "OR")
    def __ror__(self, o): return self._binary(o, "OR", True)

    def __invert__(self):
        return Column("(NOT %s)" % self._sql, "(NOT %s)" % self._name, self._agg)

    def __bool__(self):
        raise ValueError("Cannot convert column into bool: please use '&' for 'and', '|' for 'or', "
                         "'~' for 'not' when building DataFrame boolean expressions.")

    __hash__ = None

    def eqNullSafe(self, o):
        return self._binary(o, "IS NOT DISTINCT FROM", name_op="<=>")

    def isNull(self):
        return Column("(%s IS NULL)" % self._sql, "(%s IS NULL)" % self._name, self._agg)

    def isNotNull(self):
        return Column("(%s IS NOT NULL)" % self._sql, "(%s IS NOT NULL)" % self._name, self._agg)

    def isin(self, *values):
        if len(values) == 1 and isinstance(values[0], (list, tuple, set)):
            values = list(values[0])
        items = [_col_or_lit(v) for v in values]
        return Column("(%s IN (%s))" % (self._sql, ", ".join(i._sql for i in items)),
                      "(%s IN (%s))" % (self._name, ", ".join(i._name for i in items)), self._agg)

    def between(self, lower, upper):
        return (self >= lower) & (self <= upper)

    def like(self, pattern):
        return Column("(%s LIKE %s)" % (self._sql, _literal(pattern)), "%s LIKE %s" % (self._name, pattern), self._agg)

    def startswith(self, prefix):
        return Column("starts_with(%s, %s)" % (self._sql, _col_or_lit(prefix)._sql),
                      "startswith(%s, %s)" % (self._name, prefix), self._agg)

    def contains(self, other):
        return Column("(strpos(%s, %s) > 0)" % (self._sql, _col_or_lit(other)._sql),
                      "contains(%s, %s)" % (self._name, other), self._agg)

    def cast(self, dataType):
        return Column("CAST(%s AS %s)" % (self._sql, _sql_type(dataType)), self._name, self._agg)

    astype = cast

    def alias(self, *alias, **kwargs):
        if len(alias) != 1:
            _unsupported("Column.alias with %d names" % len(alias))
        return Column(self._sql, alias[0], self._agg, self._order)

    name = alias

    def asc(self):
        return Column(self._sql, self._name, self._agg, "ASC NULLS FIRST")

    def desc(self):
        return Column(self._sql, self._name, self._agg, "DESC NULLS LAST")

    def asc_nulls_first(self): return Column(self._sql, self._name, self._agg, "ASC NULLS FIRST")
    def asc_nulls_last(self): return Column(self._sql, self._name, self._agg, "ASC NULLS LAST")
    def desc_nulls_first(self): return Column(self._sql, self._name, self._agg, "DESC NULLS FIRST")
    def desc_nulls_last(self): return Column(self._sql, self._name, self._agg, "DESC NULLS LAST")

    def when(self, condition, value):
        if not self._sql.startswith("CASE ") or not self._sql.endswith(" END"):
            raise ValueError("when() can only be applied on a Column previously generated by when() function")
        v = _col_or_lit(value)
        return Column(self._sql[:-4] + " WHEN %s THEN %s END" % (condition._sql, v._sql),
                      self._name[:-4] + " WHEN %s THEN %s END" % (condition._name, v._name), self._agg)

    def otherwise(self, value):
        if not self._sql.startswith("CASE ") or not self._sql.endswith(" END"):
            raise ValueError("otherwise() can only be applied on a Column previously generated by when()")
        v = _col_or_lit(value)
        return Column(self._sql[:-4] + " ELSE %s END" % v._sql, self._name[:-4] + " ELSE %s END" % v._name, self._agg)

    def over(self, window):
        _unsupported("Column.over (window functions)")

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        _unsupported("Column.%s" % name)

    def __repr__(self):
        return "Column<'%s'>" % self._name


def _col_or_lit(v):
    return v if isinstance(v, Column) else lit(v)


def _to_col(c):
    if isinstance(c, Column):
        return c
    if isinstance(c, str):
        return col(c)
    raise TypeError("expected a column name or a Column, got %s" % type(c).__name__)


def col(name):
    """The column called name ("*" for all)."""
    if name == "*":
        return Column("*", "*")
    return Column(_ident(name), name)


def lit(value):
    """A literal value."""
    if isinstance(value, Column):
        return value
    return Column(_literal(value), "NULL" if value is None else str(value).lower() if isinstance(value, bool) else str(value))


def expr(text):
    """A SQL expression in the emulator's (Athena's) SQL."""
    return Column(text, text)


def _agg(fn, c, name=None, distinct=False):
    c = _to_col(c) if not (isinstance(c, str) and c == "*") else Column("*", "1")
    inner = ("DISTINCT " if distinct else "") + c._sql
    label = name or fn
    return Column("%s(%s)" % (fn, inner), "%s(%s%s)" % (label, "DISTINCT " if distinct else "", c._name), agg=True)


def _sum(c): return _agg("sum", c)
def count(c): return _agg("count", c)
def avg(c): return _agg("avg", c)
def mean(c): return _agg("avg", c, "avg")
def _min(c): return _agg("min", c)
def _max(c): return _agg("max", c)
def sum_distinct(c): return _agg("sum", c, distinct=True)


def count_distinct(c, *cols):
    if cols:
        _unsupported("countDistinct over several columns")
    return _agg("count", c, distinct=True)


def _fn(sql_name, spark_name=None):
    def f(c):
        c = _to_col(c)
        return Column("%s(%s)" % (sql_name, c._sql), "%s(%s)" % (spark_name or sql_name, c._name), c._agg)
    f.__name__ = spark_name or sql_name
    return f


def _round(c, scale=0):
    c = _to_col(c)
    return Column("round(%s, %d)" % (c._sql, scale), "round(%s, %d)" % (c._name, scale), c._agg)


def coalesce(*cols):
    cs = [_to_col(c) for c in cols]
    return Column("coalesce(%s)" % ", ".join(c._sql for c in cs), "coalesce(%s)" % ", ".join(c._name for c in cs),
                  any(c._agg for c in cs))


def concat(*cols):
    cs = [_to_col(c) for c in cols]
    return Column("concat(%s)" % ", ".join(c._sql for c in cs), "concat(%s)" % ", ".join(c._name for c in cs),
                  any(c._agg for c in cs))


def concat_ws(sep, *cols):
    cs = [_to_col(c) for c in cols]
    return Column("concat_ws(%s, %s)" % (_literal(sep), ", ".join(c._sql for c in cs)),
                  "concat_ws(%s, %s)" % (sep, ", ".join(c._name for c in cs)), any(c._agg for c in cs))


def when(condition, value):
    v = _col_or_lit(value)
    return Column("CASE WHEN %s THEN %s END" % (condition._sql, v._sql),
                  "CASE WHEN %s THEN %s END" % (condition._name, v._name), condition._agg or v._agg)


def asc(name): return _to_col(name).asc()
def desc(name): return _to_col(name).desc()


def current_date(): return Column("current_date", "current_date()")
def current_timestamp(): return Column("current_timestamp", "current_timestamp()")


# DataFrames.

_QUERY = re.compile(r"\s*(\(|select\b|with\b|values\b|table\b)", re.IGNORECASE)


def _values_sql(columns, rows):
    """A query whose rows are rows (Athena text values) typed as columns."""
    if not columns:
        return "SELECT 1 AS " + _ident("_empty") + " WHERE FALSE"
    if not rows:
        return "SELECT " + ", ".join("CAST(NULL AS %s) AS %s" % (c["type"].upper(), _ident(c["name"])) for c in columns) + \
            " WHERE FALSE"
    body = ", ".join("(" + ", ".join(_literal(v) for v in r) + ")" for r in rows)
    names = ", ".join("c%d" % i for i in range(len(columns)))
    sel = ", ".join("CAST(c%d AS %s) AS %s" % (i, c["type"].upper(), _ident(c["name"])) for i, c in enumerate(columns))
    return "SELECT %s FROM (VALUES %s) AS _v(%s)" % (sel, body, names)


class DataFrame:
    """A query on the emulator's SQL engine, like a PySpark DataFrame: the
    transformations build SQL, and the actions (collect, show, count, ...)
    run it."""

    def __init__(self, sql, table=None):
        self._sql = sql
        self._table = table  # the rows, once run

    # The query that other DataFrames build on.
    def _query(self):
        if _QUERY.match(self._sql):
            return self._sql
        t = self._materialize()
        return _values_sql(t["columns"], t["rows"])

    def _from(self):
        return "FROM (%s) AS _t" % self._query()

    def _materialize(self):
        if self._table is None:
            self._table = _run_sql(self._sql)
        return self._table

    def _schema(self):
        if self._table is not None:
            return self._table["columns"]
        return _run_sql("SELECT * %s LIMIT 0" % self._from())["columns"]

    def _derive(self, sql):
        return DataFrame(sql)

    # Schema.

    @property
    def columns(self):
        return [c["name"] for c in self._schema()]

    @property
    def dtypes(self):
        return [(c["name"], _SPARK_TYPES.get(c["type"], c["type"])) for c in self._schema()]

    def printSchema(self):
        lines = ["root"]
        for name, typ in self.dtypes:
            lines.append(" |-- %s: %s (nullable = true)" % (name, "integer" if typ == "int" else "long" if typ == "bigint" else typ))
        print("\n".join(lines) + "\n")

    # Transformations.

    def select(self, *cols):
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = cols[0]
        if not cols:
            _unsupported("DataFrame.select with no columns")
        cs = [_to_col(c) for c in cols]
        if any(c._agg for c in cs):
            return self._aggregate([], cs)
        return self._derive("SELECT %s %s" % (", ".join(_select_item(c) for c in cs), self._from()))

    def selectExpr(self, *exprs):
        if len(exprs) == 1 and isinstance(exprs[0], (list, tuple)):
            exprs = exprs[0]
        return self._derive("SELECT %s %s" % (", ".join(exprs), self._from()))

    def filter(self, condition):
        cond = condition if isinstance(condition, str) else _to_col(condition)._sql
        return self._derive("SELECT * %s WHERE %s" % (self._from(), cond))

    where = filter

    def groupBy(self, *cols):
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = cols[0]
        return GroupedData(self, [_to_col(c) for c in cols])

    groupby = groupBy

    def agg(self, *exprs):
        return GroupedData(self, []).agg(*exprs)

    def _aggregate(self, keys, aggs):
        items = [_select_item(k) for k in keys] + [_select_item(a) for a in aggs]
        sql = "SELECT %s %s" % (", ".join(items), self._from())
        if keys:
            ordinals = ", ".join(str(i + 1) for i in range(len(keys)))
            # Spark leaves the order of groups open; the emulator sorts them
            # by their keys so that output is stable.
            sql += " GROUP BY %s ORDER BY %s" % (ordinals, ordinals)
        return self._derive(sql)

    def orderBy(self, *cols, ascending=None):
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = cols[0]
        cs = [_to_col(c) for c in cols]
        if ascending is not None:
            flags = ascending if isinstance(ascending, (list, tuple)) else [ascending] * len(cs)
            cs = [c.asc() if bool(f) else c.desc() for c, f in zip(cs, flags)]
        keys = ", ".join("%s %s" % (c._sql, c._order or "ASC NULLS FIRST") for c in cs)
        return self._derive("SELECT * %s ORDER BY %s" % (self._from(), keys))

    sort = orderBy

    def limit(self, num):
        return self._derive("SELECT * %s LIMIT %d" % (self._from(), int(num)))

    def withColumn(self, colName, col):
        if not isinstance(col, Column):
            raise TypeError("col should be Column")
        items, replaced = [], False
        for name in self.columns:
            if name.lower() == colName.lower():
                items.append("%s AS %s" % (col._sql, _ident(colName)))
                replaced = True
            else:
                items.append(_ident(name))
        if not replaced:
            items.append("%s AS %s" % (col._sql, _ident(colName)))
        return self._derive("SELECT %s %s" % (", ".join(items), self._from()))

    def withColumnRenamed(self, existing, new):
        items = ["%s AS %s" % (_ident(n), _ident(new if n.lower() == existing.lower() else n)) for n in self.columns]
        return self._derive("SELECT %s %s" % (", ".join(items), self._from()))

    def drop(self, *cols):
        names = {(c if isinstance(c, str) else c._name).lower() for c in cols}
        keep = [_ident(n) for n in self.columns if n.lower() not in names]
        return self._derive("SELECT %s %s" % (", ".join(keep), self._from()))

    def distinct(self):
        return self._derive("SELECT DISTINCT * %s" % self._from())

    def union(self, other):
        return self._derive("SELECT * FROM (%s) AS _a UNION ALL SELECT * FROM (%s) AS _b" % (self._query(), other._query()))

    unionAll = union

    def join(self, other, on=None, how=None):
        kind = _JOINS.get((how or "inner").lower().replace("_", ""))
        if kind is None:
            _unsupported("DataFrame.join with how=%r" % how)
        if on is None:
            if kind != "CROSS JOIN" and how is not None:
                _unsupported("DataFrame.join without join columns")
            kind = "CROSS JOIN"
        elif kind == "CROSS JOIN":
            _unsupported("a cross join with join columns")
        if isinstance(on, str):
            on = [on]
        if on is not None and (not isinstance(on, (list, tuple)) or not all(isinstance(c, str) for c in on)):
            _unsupported("DataFrame.join on a Column condition (join on column names)")
        sql = "SELECT * FROM (%s) AS _l %s (%s) AS _r" % (self._query(), kind, other._query())
        if on is not None:
            sql += " USING (%s)" % ", ".join(_ident(c) for c in on)
        return self._derive(sql)

    def crossJoin(self, other):
        return self.join(other)

    def alias(self, alias):
        return self

    def cache(self):
        return self

    persist = cache

    def unpersist(self, blocking=False):
        return self

    def createOrReplaceTempView(self, name):
        _views[name.lower()] = self._query()

    registerTempTable = createOrReplaceTempView

    def createTempView(self, name):
        if name.lower() in _views:
            raise AnalysisException("Temporary view '%s' already exists" % name)
        self.createOrReplaceTempView(name)

    @property
    def write(self):
        return DataFrameWriter(self)

    # Actions.

    def _row(self, columns, values):
        return Row._make([c["name"] for c in columns], [_value(v, c["type"]) for v, c in zip(values, columns)])

    def collect(self):
        t = self._materialize()
        return [self._row(t["columns"], r) for r in t["rows"]]

    def count(self):
        if self._table is not None:
            return len(self._table["rows"])
        return int(_run_sql("SELECT count(*) %s" % self._from())["rows"][0][0])

    def _first_rows(self, n):
        """The table of the first n rows, without running the whole query
        when it has not run yet."""
        if self._table is not None:
            return {"columns": self._table["columns"], "rows": self._table["rows"][:n]}
        return _run_sql("SELECT * %s LIMIT %d" % (self._from(), n))

    def take(self, num):
        t = self._first_rows(max(int(num), 0))
        return [self._row(t["columns"], r) for r in t["rows"]]

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
        t = self._first_rows(max(n, 0) + 1)
        reply = _call({
            "op": "show",
            "table": t,
            "n": n, "truncate": int(truncate), "vertical": bool(vertical),
        })
        print(reply["text"])

    def toPandas(self):
        import pandas

        return pandas.DataFrame.from_records([tuple(r) for r in self.collect()], columns=self.columns)

    def isEmpty(self):
        return len(self.limit(1).collect()) == 0

    # Column access: df.name, df["name"], df[["a", "b"]], df[condition].

    def __getitem__(self, item):
        if isinstance(item, str):
            return col(item)
        if isinstance(item, Column):
            return self.filter(item)
        if isinstance(item, (list, tuple)):
            return self.select(*item)
        raise TypeError("unexpected item type: %s" % type(item).__name__)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in _DATAFRAME_UNSUPPORTED:
            _unsupported("DataFrame.%s" % name)
        if name in self.columns:
            return col(name)
        raise AttributeError("'DataFrame' object has no attribute '%s'" % name)

    def __repr__(self):
        return "DataFrame[" + ", ".join("%s: %s" % t for t in self.dtypes) + "]"


_JOINS = {
    "inner": "JOIN", "left": "LEFT JOIN", "leftouter": "LEFT JOIN", "right": "RIGHT JOIN",
    "rightouter": "RIGHT JOIN", "full": "FULL JOIN", "outer": "FULL JOIN", "fullouter": "FULL JOIN",
    "cross": "CROSS JOIN",
}

_DATAFRAME_UNSUPPORTED = {
    "unionByName", "intersect", "intersectAll", "subtract", "exceptAll", "dropDuplicates",
    "drop_duplicates", "dropna", "fillna", "na", "replace", "rdd", "repartition", "coalesce", "sample",
    "randomSplit", "describe", "summary", "explain", "schema", "toJSON", "foreach", "foreachPartition",
    "writeTo", "writeStream", "createGlobalTempView", "createOrReplaceGlobalTempView", "pivot", "rollup",
    "cube", "withColumns", "toDF", "transform", "hint", "checkpoint", "localCheckpoint", "withWatermark",
    "sortWithinPartitions", "mapInPandas", "observe", "stat", "cov", "corr", "crosstab", "freqItems",
    "approxQuantile", "tail", "toLocalIterator", "inputFiles", "isStreaming", "storageLevel",
}


def _select_item(c):
    if c._sql == "*":
        return "*"
    return "%s AS %s" % (c._sql, _ident(c._name))


class GroupedData:
    """The groups of DataFrame.groupBy, to aggregate."""

    def __init__(self, df, keys):
        self._df = df
        self._keys = keys

    def agg(self, *exprs):
        if len(exprs) == 1 and isinstance(exprs[0], dict):
            cs = []
            for name, fn in exprs[0].items():
                f = {"sum": _sum, "count": count, "avg": avg, "mean": mean, "min": _min, "max": _max}.get(fn.lower())
                if f is None:
                    _unsupported("the aggregate %r" % fn)
                cs.append(f(name))
            exprs = cs
        if not exprs:
            raise ValueError("exprs should not be empty")
        return self._df._aggregate(self._keys, [_to_col(e) for e in exprs])

    def count(self):
        return self.agg(Column("count(*)", "count", agg=True))

    def _each(self, f, cols):
        if not cols:
            _unsupported("GroupedData aggregates without column names")
        return self.agg(*[f(c) for c in cols])

    def sum(self, *cols): return self._each(_sum, cols)
    def avg(self, *cols): return self._each(avg, cols)
    def mean(self, *cols): return self._each(mean, cols)
    def min(self, *cols): return self._each(_min, cols)
    def max(self, *cols): return self._each(_max, cols)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        _unsupported("GroupedData.%s" % name)


# Readers and writers.

def _option(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _schema_ddl(schema):
    if schema is None:
        return None
    if isinstance(schema, str):
        return schema
    if hasattr(schema, "simpleString") and hasattr(schema, "fields"):
        return ", ".join("%s %s" % (f.name, f.dataType.simpleString()) for f in schema.fields)
    _unsupported("a reader schema of type %s" % type(schema).__name__)


class DataFrameReader:
    """spark.read: CSV, JSON and Parquet from the emulator's S3."""

    def __init__(self):
        self._format = "parquet"
        self._options = {}

    def format(self, source):
        self._format = source.lower()
        return self

    def option(self, key, value):
        self._options[key.lower()] = _option(value)
        return self

    def options(self, **options):
        for k, v in options.items():
            self.option(k, v)
        return self

    def schema(self, schema):
        self._options["schema"] = _schema_ddl(schema)
        return self

    def load(self, path=None, format=None, schema=None, **options):
        if format is not None:
            self.format(format)
        if schema is not None:
            self.schema(schema)
        self.options(**options)
        if isinstance(path, (list, tuple)):
            if len(path) != 1:
                _unsupported("DataFrameReader.load of several paths")
            path = path[0]
        if path is None:
            path = self._options.get("path")
        if not path:
            _unsupported("DataFrameReader.load without a path")
        if self._format not in ("csv", "json", "parquet"):
            _unsupported("the data source %r" % self._format)
        rel = _call({"op": "read", "path": path, "format": self._format, "options": self._options})["relation"]
        return DataFrame("SELECT * FROM " + rel)

    def csv(self, path, schema=None, sep=None, header=None, inferSchema=None, **options):
        for k, v in (("sep", sep), ("header", header), ("inferSchema", inferSchema)):
            if v is not None:
                options[k] = v
        return self.format("csv").load(path, schema=schema, **options)

    def json(self, path, schema=None, **options):
        return self.format("json").load(path, schema=schema, **options)

    def parquet(self, *paths, **options):
        return self.format("parquet").load(list(paths), **options)

    def table(self, tableName):
        return spark.table(tableName)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        _unsupported("DataFrameReader.%s" % name)


_MODES = {"overwrite": "overwrite", "append": "append", "ignore": "ignore", "error": "error",
          "errorifexists": "error", "default": "error"}


class DataFrameWriter:
    """df.write: files in S3 and tables of the Athena catalog."""

    def __init__(self, df):
        self._df = df
        self._mode = "error"
        self._format = "parquet"
        self._options = {}

    def mode(self, saveMode):
        if saveMode is None:
            return self
        m = _MODES.get(saveMode.lower())
        if m is None:
            raise ValueError("Unknown save mode: %s. Accepted save modes are 'overwrite', 'append', 'ignore', "
                             "'error', 'errorifexists', 'default'." % saveMode)
        self._mode = m
        return self

    def format(self, source):
        self._format = source.lower()
        return self

    def option(self, key, value):
        self._options[key.lower()] = _option(value)
        return self

    def options(self, **options):
        for k, v in options.items():
            self.option(k, v)
        return self

    def partitionBy(self, *cols):
        _unsupported("DataFrameWriter.partitionBy")

    def bucketBy(self, *args, **kwargs):
        _unsupported("DataFrameWriter.bucketBy")

    def sortBy(self, *args, **kwargs):
        _unsupported("DataFrameWriter.sortBy")

    def _write(self, path, table):
        if self._format not in ("parquet", "csv", "json"):
            _unsupported("writing the data source %r" % self._format)
        _call({"op": "write", "sql": self._df._query(), "views": _views, "mode": self._mode, "format": self._format,
               "path": path or "", "name": table or "", "options": self._options})

    def save(self, path=None, format=None, mode=None, **options):
        if format is not None:
            self.format(format)
        self.mode(mode).options(**options)
        self._write(path or self._options.get("path"), None)

    def saveAsTable(self, name, format=None, mode=None, partitionBy=None, **options):
        if partitionBy:
            self.partitionBy(partitionBy)
        if format is not None:
            self.format(format)
        self.mode(mode).options(**options)
        self._write(self._options.get("path"), name)

    def insertInto(self, tableName, overwrite=None):
        if overwrite:
            _unsupported("DataFrameWriter.insertInto with overwrite")
        self._mode = "append"
        self._write(None, tableName)

    def parquet(self, path, mode=None, **options):
        self.format("parquet").save(path, mode=mode, **options)

    def csv(self, path, mode=None, **options):
        self.format("csv").save(path, mode=mode, **options)

    def json(self, path, mode=None, **options):
        self.format("json").save(path, mode=mode, **options)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        _unsupported("DataFrameWriter.%s" % name)


# The session.

class SparkSession:
    """The emulator's stand-in for a PySpark SparkSession."""

    version = "3.2.1"

    def sql(self, sqlQuery, args=None, **kwargs):
        if args or kwargs:
            _unsupported("spark.sql with parameters")
        # Statements run at once, as in Spark (DDL takes effect, errors
        # raise here); the DataFrame keeps the rows and the query.
        return DataFrame(sqlQuery, _run_sql(sqlQuery))

    def table(self, tableName):
        return self.sql("SELECT * FROM " + tableName)

    @property
    def read(self):
        return DataFrameReader()

    def range(self, start, end=None, step=1, numPartitions=None):
        if end is None:
            start, end = 0, start
        if step == 0 or (end - start) * step <= 0:
            return DataFrame("SELECT CAST(NULL AS BIGINT) AS id WHERE FALSE")
        last = start + ((end - start - (1 if step > 0 else -1)) // step) * step
        return DataFrame("SELECT id FROM UNNEST(sequence(CAST(%d AS BIGINT), %d, %d)) AS _r(id)" % (start, last, step))

    def createDataFrame(self, data, schema=None, samplingRatio=None, verifySchema=True):
        if hasattr(data, "to_records") and hasattr(data, "columns"):  # pandas
            schema = schema or [str(c) for c in data.columns]
            data = [tuple(r) for r in data.itertuples(index=False)]
        data = list(data)
        names = None
        if isinstance(schema, str):
            ddl = [f.strip().split(None, 1) for f in schema.split(",")]
            if all(len(f) == 2 for f in ddl):
                names = [f[0] for f in ddl]
                types_ = [_sql_type(f[1]) for f in ddl]
            else:
                names, types_ = [schema], None
        elif isinstance(schema, (list, tuple)):
            names, types_ = list(schema), None
        elif schema is not None and hasattr(schema, "fields"):
            names = [f.name for f in schema.fields]
            types_ = [_sql_type(f.dataType) for f in schema.fields]
        else:
            types_ = None
        rows = []
        for r in data:
            if isinstance(r, Row) and r.__fields__ and names is None:
                names = list(r.__fields__)
            if isinstance(r, dict):
                names = names or list(r)
                r = [r.get(n) for n in names]
            elif not isinstance(r, (list, tuple)):
                r = [r]
            rows.append(list(r))
        width = len(names) if names else (len(rows[0]) if rows else 0)
        if names is None:
            names = ["_%d" % (i + 1) for i in range(width)]
        if not rows:
            if types_ is None:
                raise ValueError("can not infer schema from empty dataset")
            return DataFrame("SELECT %s WHERE FALSE" % ", ".join(
                "CAST(NULL AS %s) AS %s" % (t, _ident(n)) for n, t in zip(names, types_)))
        if types_ is None:
            types_ = []
            for i in range(width):
                vals = [r[i] for r in rows if i < len(r) and r[i] is not None]
                types_.append(_infer_type(vals))
        body = ", ".join("(" + ", ".join(_literal(v) for v in r) + ")" for r in rows)
        cols = ", ".join("c%d" % i for i in range(width))
        sel = ", ".join("CAST(c%d AS %s) AS %s" % (i, t, _ident(n)) for i, (n, t) in enumerate(zip(names, types_)))
        return DataFrame("SELECT %s FROM (VALUES %s) AS _v(%s)" % (sel, body, cols))

    def stop(self):
        pass

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        _unsupported("SparkSession.%s" % name)

    def __repr__(self):
        return "<SparkSession (athenaq emulator)>"


def _infer_type(values):
    if not values:
        return "VARCHAR"
    if all(isinstance(v, bool) for v in values):
        return "BOOLEAN"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "BIGINT"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "DOUBLE"
    if all(isinstance(v, decimal.Decimal) for v in values):
        return "DECIMAL(38,18)"
    if all(isinstance(v, datetime.datetime) for v in values):
        return "TIMESTAMP"
    if all(isinstance(v, datetime.date) for v in values):
        return "DATE"
    if all(isinstance(v, str) for v in values):
        return "VARCHAR"
    _unsupported("createDataFrame with values of mixed or unknown types")


spark = SparkSession()


# The pyspark package that code blocks import.

class _Module(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        _unsupported("%s.%s" % (self.__name__, name))


def _module(name, **attrs):
    m = _Module(name)
    m.__dict__.update(attrs)
    m.__all__ = [k for k in attrs if not k.startswith("_")]
    sys.modules[name] = m
    return m


class DataType:
    """A Spark SQL type, for schemas."""

    _name = None

    def simpleString(self):
        return self._name

    def __repr__(self):
        return type(self).__name__ + "()"

    def __eq__(self, other):
        return type(self) is type(other) and self.simpleString() == other.simpleString()

    def __hash__(self):
        return hash(self.simpleString())


def _type(cls_name, spark_name):
    return type(cls_name, (DataType,), {"_name": spark_name})


StringType = _type("StringType", "string")
IntegerType = _type("IntegerType", "int")
LongType = _type("LongType", "bigint")
ShortType = _type("ShortType", "smallint")
ByteType = _type("ByteType", "tinyint")
DoubleType = _type("DoubleType", "double")
FloatType = _type("FloatType", "float")
BooleanType = _type("BooleanType", "boolean")
DateType = _type("DateType", "date")
TimestampType = _type("TimestampType", "timestamp")
BinaryType = _type("BinaryType", "binary")


class DecimalType(DataType):
    def __init__(self, precision=10, scale=0):
        self.precision, self.scale = precision, scale

    def simpleString(self):
        return "decimal(%d,%d)" % (self.precision, self.scale)


class StructField:
    def __init__(self, name, dataType, nullable=True, metadata=None):
        self.name, self.dataType, self.nullable = name, dataType, nullable

    def __repr__(self):
        return "StructField(%r, %r, %r)" % (self.name, self.dataType, self.nullable)


class StructType(DataType):
    def __init__(self, fields=None):
        self.fields = list(fields or [])

    def add(self, field, data_type=None, nullable=True):
        self.fields.append(field if isinstance(field, StructField) else StructField(field, data_type, nullable))
        return self

    def fieldNames(self):
        return [f.name for f in self.fields]

    def simpleString(self):
        return "struct<%s>" % ",".join("%s:%s" % (f.name, f.dataType.simpleString()) for f in self.fields)


_functions = dict(
    col=col, column=col, lit=lit, expr=expr, sum=_sum, count=count, avg=avg, mean=mean, min=_min, max=_max,
    countDistinct=count_distinct, count_distinct=count_distinct, sumDistinct=sum_distinct, sum_distinct=sum_distinct,
    upper=_fn("upper"), lower=_fn("lower"), length=_fn("length"), trim=_fn("trim"), ltrim=_fn("ltrim"),
    rtrim=_fn("rtrim"), abs=_fn("abs"), sqrt=_fn("sqrt", "SQRT"), floor=_fn("floor", "FLOOR"),
    ceil=_fn("ceil", "CEIL"), year=_fn("year"), month=_fn("month"), dayofmonth=_fn("day", "dayofmonth"),
    to_date=_fn("date", "to_date"), round=_round, coalesce=coalesce, concat=concat, concat_ws=concat_ws,
    when=when, asc=asc, desc=desc, current_date=current_date, current_timestamp=current_timestamp,
)
_types = dict(
    DataType=DataType, StringType=StringType, IntegerType=IntegerType, LongType=LongType, ShortType=ShortType,
    ByteType=ByteType, DoubleType=DoubleType, FloatType=FloatType, BooleanType=BooleanType, DateType=DateType,
    TimestampType=TimestampType, BinaryType=BinaryType, DecimalType=DecimalType, StructField=StructField,
    StructType=StructType,
)
_sql_module = dict(
    SparkSession=SparkSession, DataFrame=DataFrame, Column=Column, Row=Row, GroupedData=GroupedData,
    DataFrameReader=DataFrameReader, DataFrameWriter=DataFrameWriter,
)
_pyspark = _module("pyspark", __version__="3.2.1", __path__=[])
_pyspark_sql = _module("pyspark.sql", __path__=[], **_sql_module)
_pyspark.sql = _pyspark_sql
_pyspark_sql.functions = _module("pyspark.sql.functions", **_functions)
_pyspark_sql.types = _module("pyspark.sql.types", **_types)
_pyspark_sql.utils = _module("pyspark.sql.utils", AnalysisException=AnalysisException)
_pyspark.errors = _module("pyspark.errors", AnalysisException=AnalysisException)


# Running code blocks.

_scope = {"__name__": "__main__", "__builtins__": __builtins__, "spark": spark, "Row": Row}


def _report(exc):
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<stdin>"]
    text = traceback.format_list(frames) + traceback.format_exception_only(type(exc), exc)
    sys.stderr.write("".join(text))


def _result(value):
    if isinstance(value, DataFrame):
        t = value._materialize()
        _call({"op": "result", "table": {"columns": t["columns"], "rows": t["rows"]}})
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
