SELECT range AS id,
  CAST(range % 1000 AS INTEGER) AS small,
  range * 7 AS big,
  range * 1.5e0 AS d1,
  range / 3.0e0 AS d2,
  sqrt(range) AS d3,
  'name_' || range AS s1,
  'tag "' || (range % 97) || '", ok' AS s2,
  TIMESTAMP '2026-01-01' + to_seconds(range) AS ts1,
  TIMESTAMP '2026-01-01 00:00:00.123' + to_milliseconds(range) AS ts2
FROM range(1000000)
