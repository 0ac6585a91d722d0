-- Compatibility corpus: Athena (Trino) statements and the rows Trino's
-- documentation gives for them. Format: see corpus_test.go.

SELECT regexp_replace('abab', 'a(b)', 'x$1')
=> xbxb

SELECT regexp_replace('aaa', 'a', 'b')
=> bbb

SELECT regexp_replace('1a 2b 14m', '\d+[ab] ')
=> 14m

SELECT regexp_replace('Hello World', '(\w+) (\w+)', '$2 $1')
=> World Hello

SELECT regexp_replace('a.b.c', '\.', '\$')
=> a$b$c

SELECT regexp_extract('abc', 'z') IS NULL
=> true

SELECT regexp_extract('1a 2b 14m', '\d+')
=> 1

SELECT regexp_extract('1a 2b 14m', '(\d+)([a-z]+)', 2)
=> a

SELECT regexp_extract_all('1a 2b 14m', '\d+')
=> [1, 2, 14]

SELECT regexp_like('1a 2b 14m', '\d+b')
=> true

SELECT regexp_like('abc', '^b')
=> false

SELECT regexp_count('1a 2b 14m', '\s*[a-z]+\s*')
=> 3

SELECT regexp_split('1a 2b 14m', '\s')
=> [1a, 2b, 14m]

SELECT date_diff('day', TIMESTAMP '2026-01-01 23:00', TIMESTAMP '2026-01-02 01:00')
=> 0

SELECT date_diff('day', DATE '2026-01-01', DATE '2026-03-01')
=> 59

SELECT date_diff('hour', TIMESTAMP '2026-01-01 00:30', TIMESTAMP '2026-01-01 02:29')
=> 1

SELECT date_diff('month', DATE '2026-01-15', DATE '2026-02-14')
=> 0

SELECT date_diff('year', DATE '2020-06-01', DATE '2026-05-31')
=> 5

SELECT date_diff('second', TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-01 00:01:30')
=> 90

SELECT date_diff('week', DATE '2026-01-01', DATE '2026-01-15')
=> 2

SELECT element_at(ARRAY[1, 2, 3], -1)
=> 3

SELECT element_at(ARRAY[1], 5) IS NULL
=> true

SELECT element_at(ARRAY['a', 'b', 'c'], 2)
=> b

SELECT element_at(ARRAY[1, 2, 3], -3)
=> 1

SELECT element_at(MAP(ARRAY['a', 'b'], ARRAY[1, 2]), 'b')
=> 2

SELECT element_at(MAP(ARRAY['a'], ARRAY[1]), 'z') IS NULL
=> true

SELECT date_format(TIMESTAMP '2026-01-02 03:04:05', '%Y-%m-%d %H:%i:%s')
=> 2026-01-02 03:04:05

SELECT date_format(TIMESTAMP '2026-01-02 15:04:05', '%T')
=> 15:04:05

SELECT date_format(TIMESTAMP '2026-01-02 15:04:05', '%r')
=> 03:04:05 PM

SELECT date_format(DATE '2026-03-07', '%W %M %e %Y')
=> Saturday March 7 2026

SELECT date_format(TIMESTAMP '2026-03-07 08:09:10.123', '%y%m%d %k %l %f')
=> 260307 8 8 123000

SELECT date_format(TIMESTAMP '2026-12-31 00:00:00', '%j %a %b %c')
=> 365 Thu Dec 12

SELECT date_format(TIMESTAMP '2026-01-02 03:04:05', '%Y%%')
=> 2026%

SELECT date_parse('2026-01-02 03:04:05', '%Y-%m-%d %H:%i:%s')
=> 2026-01-02 03:04:05.000

SELECT date_parse('02/01/2026', '%d/%m/%Y')
=> 2026-01-02 00:00:00.000

SELECT date_parse('20260102', '%Y%m%d')
=> 2026-01-02 00:00:00.000

SELECT date_parse('2026-01-02 3:04 PM', '%Y-%m-%d %h:%i %p')
=> 2026-01-02 15:04:00.000

SELECT date_format(TIMESTAMP '2026-01-02', '%D')
=> ERROR not supported

SELECT format_datetime(TIMESTAMP '2026-01-02 03:04:05', 'yyyy-MM-dd HH:mm')
=> 2026-01-02 03:04

SELECT format_datetime(TIMESTAMP '2026-01-02 03:04:05.678', 'yyyyMMdd''T''HHmmss.SSS')
=> 20260102T030405.678

SELECT format_datetime(TIMESTAMP '2026-03-07 15:04:05', 'EEEE, MMMM d, yyyy h:mm a')
=> Saturday, March 7, 2026 3:04 PM

SELECT format_datetime(TIMESTAMP '2026-03-07 15:04:05', 'EEE MMM dd yy')
=> Sat Mar 07 26

SELECT format_datetime(DATE '2026-03-07', 'D')
=> ERROR not supported

SELECT parse_datetime('2026-01-02 03:04', 'yyyy-MM-dd HH:mm')
=> 2026-01-02 03:04:00.000 UTC

SELECT parse_datetime('02/01/2026', 'dd/MM/yyyy')
=> 2026-01-02 00:00:00.000 UTC

SELECT format_datetime(from_unixtime(0), 'yyyy-MM-dd HH:mm:ss')
=> 1970-01-01 00:00:00

SELECT transform(ARRAY[1, 2, 3], x -> x * 2)
=> [2, 4, 6]

SELECT transform(ARRAY['a', 'b'], x -> upper(x))
=> [A, B]

SELECT transform(ARRAY[ARRAY[1, 2], ARRAY[3]], a -> cardinality(a))
=> [2, 1]

SELECT filter(ARRAY[5, -6, NULL, 7], x -> x > 0)
=> [5, 7]

SELECT filter(ARRAY[], x -> true)
=> []

SELECT reduce(ARRAY[5, 20, 50], 0, (s, x) -> s + x, s -> s)
=> 75

SELECT reduce(ARRAY[5, 6, 10, 20], CAST(0.0 AS DOUBLE), (s, x) -> s + x, s -> s / 4)
=> 10.25

SELECT reduce(ARRAY[2, 3], 1, (s, x) -> s * x, s -> s + 100)
=> 106

SELECT any_match(ARRAY[1, 2, 3], x -> x > 2)
=> true

SELECT any_match(ARRAY[1, 2, 3], x -> x > 5)
=> false

SELECT all_match(ARRAY[1, 2, 3], x -> x > 0)
=> true

SELECT all_match(ARRAY[1, 2, 3], x -> x > 1)
=> false

SELECT none_match(ARRAY[1, 2, 3], x -> x > 5)
=> true

SELECT none_match(ARRAY[1, 2, 3], x -> x = 2)
=> false

SELECT any_match(ARRAY[NULL, 1], x -> x > 5)
=> NULL

SELECT all_match(ARRAY[], x -> x > 5)
=> true

SELECT map_filter(MAP(ARRAY['k1', 'k2', 'k3'], ARRAY[20, 3, 15]), (k, v) -> v > 10)
=> {k1=20, k3=15}

SELECT map_filter(MAP(ARRAY[10, 20, 30], ARRAY['a', NULL, 'c']), (k, v) -> v IS NOT NULL)
=> {10=a, 30=c}

SELECT transform_values(MAP(ARRAY[1, 2], ARRAY[10, 20]), (k, v) -> k + v)
=> {1=11, 2=22}

SELECT transform_values(MAP(ARRAY['a', 'b'], ARRAY[1, 2]), (k, v) -> k || CAST(v AS VARCHAR))
=> {a=a1, b=b2}

SELECT transform_keys(MAP(ARRAY[1, 2], ARRAY['a', 'b']), (k, v) -> k * 10)
=> {10=a, 20=b}

SELECT zip_with(ARRAY[1, 3, 5], ARRAY['a', 'b', 'c'], (x, y) -> CAST(x AS VARCHAR) || y)
=> [1a, 3b, 5c]

SELECT zip_with(ARRAY[1, 2], ARRAY[3, 4], (x, y) -> x + y)
=> [4, 6]

SELECT zip_with(ARRAY[1, 2, 3], ARRAY[10], (x, y) -> coalesce(y, 0) + x)
=> [11, 2, 3]

SELECT ROW(1, 'a')
=> {1, a}

SELECT CAST(ROW(1, 'a') AS ROW(x integer, y varchar))
=> {x=1, y=a}

SELECT CAST(ROW(1, 2.5) AS ROW(a bigint, b double)).b
=> 2.5

SELECT ARRAY[ROW(1, 'a'), ROW(2, 'b')]
=> [{1, a}, {2, b}]

SELECT CAST(ARRAY[1, 2] AS array(varchar))
=> [1, 2]

SELECT CAST(ARRAY['1', '2'] AS array(integer))
=> [1, 2]

SELECT CAST(MAP(ARRAY['a'], ARRAY[1]) AS map(varchar, bigint))
=> {a=1}

SELECT CAST(ARRAY[ARRAY[1], ARRAY[2, 3]] AS array(array(bigint)))
=> [[1], [2, 3]]

SELECT TRY_CAST('x' AS integer)
=> NULL

SELECT TRY_CAST(ARRAY['1', 'x'] AS array(integer))
-- known: DuckDB's TRY_CAST makes only the failing element NULL
=> NULL

SELECT CAST('2026-01-02 03:04:05' AS timestamp(3))
=> 2026-01-02 03:04:05.000

SELECT CAST('2026-01-02 03:04:05' AS timestamp with time zone)
=> 2026-01-02 03:04:05.000 UTC

SELECT CAST(1 AS double precision)
=> 1.0

SELECT CAST(ROW(1, ARRAY[2]) AS row(a integer, b array(integer)))
=> {a=1, b=[2]}

SELECT CAST(JSON '[1,2]' AS array(integer))
=> [1, 2]

SELECT listagg(x, ',') WITHIN GROUP (ORDER BY x) FROM (VALUES 'b', 'a', 'c') AS t(x)
=> a,b,c

SELECT listagg(x, '-') WITHIN GROUP (ORDER BY x DESC) FROM (VALUES 'b', 'a', 'c') AS t(x)
=> c-b-a

SELECT g, listagg(x, ';') WITHIN GROUP (ORDER BY x) FROM (VALUES (1, 'b'), (1, 'a'), (2, 'z')) AS t(g, x) GROUP BY g ORDER BY g
=> 1 | a;b
=> 2 | z

SELECT count(*) FROM (VALUES 1, 2, 3, 4) AS t(x) TABLESAMPLE BERNOULLI (100)
=> 4

SELECT count(*) FROM (VALUES 1, 2, 3, 4) AS t(x) TABLESAMPLE BERNOULLI (0)
=> 0

SELECT count(*) FROM (VALUES 1, 2, 3, 4) AS t(x) TABLESAMPLE SYSTEM (100)
=> 4

SELECT x, n FROM UNNEST(ARRAY['a', 'b']) WITH ORDINALITY AS t(x, n)
=> a | 1
=> b | 2

SELECT a, b FROM UNNEST(ARRAY[ROW(1, 'x'), ROW(2, 'y')]) AS t(a, b)
=> 1 | x
=> 2 | y

SELECT a, b, n FROM UNNEST(ARRAY[ROW(1, 'x'), ROW(2, 'y')]) WITH ORDINALITY AS t(a, b, n)
=> 1 | x | 1
=> 2 | y | 2

SELECT x, y FROM UNNEST(ARRAY[1, 2], ARRAY['a', 'b', 'c']) AS t(x, y)
=> 1 | a
=> 2 | b
=> NULL | c

SELECT id, v FROM (VALUES (1, ARRAY[10, 20]), (2, ARRAY[30])) AS s(id, arr) CROSS JOIN UNNEST(arr) AS t(v) ORDER BY id, v
=> 1 | 10
=> 1 | 20
=> 2 | 30

SELECT id, v, n FROM (VALUES (1, ARRAY['p', 'q'])) AS s(id, arr) CROSS JOIN UNNEST(arr) WITH ORDINALITY AS t(v, n) ORDER BY n
=> 1 | p | 1
=> 1 | q | 2

SELECT k, v FROM UNNEST(MAP(ARRAY['a'], ARRAY[1])) AS t(k, v)
=> a | 1

SELECT hour(TIMESTAMP '2026-01-01 00:00' AT TIME ZONE 'America/New_York')
=> 19

SELECT TIMESTAMP '2026-01-01 12:00' AT TIME ZONE 'UTC'
=> 2026-01-01 12:00:00.000 UTC

SELECT TIMESTAMP '2026-01-01 00:00' AT TIME ZONE 'America/New_York'
-- known: DuckDB values carry no zone; the local wall-clock time is returned without the zone name
=> 2025-12-31 19:00:00.000 America/New_York

SELECT to_unixtime(with_timezone(TIMESTAMP '2026-01-01 00:00', 'America/New_York'))
=> 1.7672436E9

SELECT with_timezone(TIMESTAMP '2026-01-01 00:00', 'UTC')
=> 2026-01-01 00:00:00.000 UTC

SELECT date_format(at_timezone(TIMESTAMP '2026-01-01 00:00 UTC', 'Asia/Tokyo'), '%H:%i')
=> 09:00

SELECT TIMESTAMP '2026-01-01 00:00:00 UTC'
=> 2026-01-01 00:00:00.000 UTC

SELECT TIMESTAMP '2026-01-01 05:00:00 +02:00' = TIMESTAMP '2026-01-01 03:00:00 UTC'
=> true

SELECT try(1 / 0)
=> NULL

SELECT try(10 / 2)
=> 5

SELECT try(7 % 0)
=> NULL

SELECT coalesce(try(CAST('x' AS integer)), -1)
=> -1

SELECT try(2 * 10 / 0 + 1)
=> NULL

SELECT try(abs(4 / 0))
=> NULL

SELECT 1 / 0
=> ERROR Division by zero

SELECT 2147483647 + 1
=> ERROR overflow

SELECT 9223372036854775807 + 1
=> ERROR overflow

SELECT CAST(2147483647 AS bigint) + 1
=> 2147483648

SELECT -2147483648 - 1
=> -2147483649

SELECT CAST(-2147483648 AS integer) - 1
=> ERROR overflow

SELECT CAST(300 AS tinyint)
=> ERROR Out of range

SELECT try(2147483647 + 1)
=> NULL

SELECT approx_distinct(x) FROM (VALUES 1, 2, 2, 3, NULL) AS t(x)
=> 3

SELECT approx_distinct(x) FROM UNNEST(sequence(1, 100)) AS t(x)
=> 100

SELECT approx_percentile(x, 0.5) FROM (VALUES 1, 2, 3, 4, 5) AS t(x)
=> 3

SELECT approx_percentile(x, ARRAY[0.2, 1.0]) FROM (VALUES 1, 2, 3, 4, 5) AS t(x)
=> [1, 5]

SELECT count_if(x > 1) FROM (VALUES 1, 2, 3) AS t(x)
=> 2

SELECT typeof(count_if(true))
=> bigint

SELECT every(x > 0) FROM (VALUES 1, 2, 3) AS t(x)
=> true

SELECT every(x > 1) FROM (VALUES 1, 2, 3) AS t(x)
=> false

SELECT cardinality(ARRAY[1, 2, 3])
=> 3

SELECT cardinality(MAP(ARRAY['a', 'b'], ARRAY[1, 2]))
=> 2

SELECT cardinality(a) FROM (VALUES ARRAY[1, 2], ARRAY[]) AS t(a)
=> 2
=> 0

SELECT cardinality(m) FROM (VALUES MAP(ARRAY[1], ARRAY['x'])) AS t(m)
=> 1

SELECT cardinality(split('a,b,c', ','))
=> 3

SELECT json_extract_scalar('{"a": {"b": "x"}}', '$.a.b')
=> x

SELECT json_extract_scalar('{"a": [1, 2]}', '$.a[1]')
=> 2

SELECT json_extract_scalar('{"a": {"b": 1}}', '$.a') IS NULL
=> true

SELECT json_extract_scalar('{"a": 1}', '$.z') IS NULL
=> true

SELECT json_format(json_parse('{"a":1,"b":[1,2]}'))
=> {"a":1,"b":[1,2]}

SELECT json_format(JSON '[1,2,3]')
=> [1,2,3]

SELECT json_size('{"x": {"a": 1, "b": 2}}', '$.x')
=> 2

SELECT json_size('{"x": [1, 2, 3]}', '$.x')
=> 3

SELECT json_size('{"x": 1}', '$.x')
=> 0

SELECT json_array_length('[1, 2, 3]')
=> 3

SELECT json_array_get('["a", "b"]', 1)
=> "b"

SELECT json_extract('{"a": {"b": 1}}', '$.a')
=> {"b":1}

SELECT date_add('day', 1, DATE '2026-01-31')
=> 2026-02-01

SELECT date_add('month', 1, DATE '2026-01-31')
=> 2026-02-28

SELECT date_add('hour', 3, TIMESTAMP '2026-01-01 23:00')
=> 2026-01-02 02:00:00.000

SELECT date_add('year', -1, DATE '2024-02-29')
=> 2023-02-28

SELECT date_add('minute', 90, TIMESTAMP '2026-01-01 00:00')
=> 2026-01-01 01:30:00.000

SELECT date_add('week', 2, DATE '2026-01-01')
=> 2026-01-15

SELECT date_add('quarter', 1, DATE '2026-01-15')
=> 2026-04-15

SELECT date_add(DATE '2026-01-01', INTERVAL 1 DAY)
=> 2026-01-02 00:00:00.000

SELECT date_add('fortnight', 1, DATE '2026-01-01')
=> ERROR not supported

SELECT from_iso8601_timestamp('2020-05-11T11:15:05.123Z')
=> 2020-05-11 11:15:05.123 UTC

SELECT from_iso8601_timestamp('2020-05-11T11:15:05+02:00')
-- known: DuckDB values carry no zone; the instant is shown in UTC
=> 2020-05-11 11:15:05.000 +02:00

SELECT to_unixtime(from_iso8601_timestamp('2020-05-11T11:15:05+02:00'))
=> 1.589188505E9

SELECT from_iso8601_date('2020-05-11')
=> 2020-05-11

SELECT from_unixtime(1700000000)
=> 2023-11-14 22:13:20.000 UTC

SELECT from_unixtime(0.5)
=> 1970-01-01 00:00:00.500 UTC

SELECT to_unixtime(TIMESTAMP '1970-01-02 00:00:00')
=> 86400.0

SELECT array_join(ARRAY[1, 2, 3], ',')
=> 1,2,3

SELECT array_join(ARRAY['a', NULL, 'c'], '-')
=> a-c

SELECT array_join(ARRAY['a', NULL, 'c'], '-', 'N')
=> a-N-c

SELECT array_max(ARRAY[1, 7, 3])
=> 7

SELECT array_min(ARRAY['b', 'a', 'c'])
=> a

SELECT sequence(1, 5)
=> [1, 2, 3, 4, 5]

SELECT sequence(1, 10, 3)
=> [1, 4, 7, 10]

SELECT sequence(5, 1, -2)
=> [5, 3, 1]

SELECT slice(ARRAY[1, 2, 3, 4], 2, 2)
=> [2, 3]

SELECT slice(ARRAY[1, 2, 3, 4], -2, 2)
=> [3, 4]

SELECT slice(ARRAY[1, 2, 3, 4], 3, 10)
=> [3, 4]

SELECT zip(ARRAY[1, 2], ARRAY['a', 'b'])
=> [{1, a}, {2, b}]

SELECT map_agg(k, v) FROM (VALUES ('a', 1), ('b', 2)) AS t(k, v)
=> {a=1, b=2}

SELECT map_agg(k, v)['b'] FROM (VALUES ('a', 1), ('b', 2)) AS t(k, v)
=> 2

SELECT arrays_overlap(ARRAY[1, 2], ARRAY[2, 3])
=> true

SELECT arrays_overlap(ARRAY[1, 2], ARRAY[3, 4])
=> false

SELECT to_utf8('abc')
=> 61 62 63

SELECT from_utf8(to_utf8('héllo'))
=> héllo

SELECT to_hex(to_utf8('abc'))
=> 616263

SELECT from_hex('616263')
=> 61 62 63

SELECT md5(to_utf8('abc'))
=> 90 01 50 98 3c d2 4f b0 d6 96 3f 7d 28 e1 7f 72

SELECT to_hex(md5(to_utf8('abc')))
=> 900150983CD24FB0D6963F7D28E17F72

SELECT lower(to_hex(sha256(to_utf8('abc'))))
=> ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad

SELECT to_base64(to_utf8('abc'))
=> YWJj

SELECT from_utf8(from_base64('YWJj'))
=> abc

SELECT day_of_week(DATE '2026-01-04')
=> 7

SELECT dow(DATE '2026-01-05')
=> 1

SELECT day_of_year(DATE '2026-02-01')
=> 32

SELECT doy(DATE '2026-12-31')
=> 365

SELECT week(DATE '2026-01-01')
=> 1

SELECT week_of_year(DATE '2027-01-01')
=> 53

SELECT year_of_week(DATE '2027-01-01')
=> 2026

SELECT extract(dow FROM DATE '2026-01-04')
=> 7

SELECT extract(day_of_week FROM DATE '2026-01-05')
=> 1

SELECT extract(doy FROM DATE '2026-02-01')
=> 32

SELECT extract(year FROM DATE '2026-02-01')
=> 2026

SELECT day_of_month(DATE '2026-02-17')
=> 17

SELECT millisecond(TIMESTAMP '2026-01-01 00:00:01.234')
=> 234

SELECT last_day_of_month(DATE '2024-02-10')
=> 2024-02-29

SELECT codepoint('A')
=> 65

SELECT levenshtein_distance('kitten', 'sitting')
=> 3

SELECT normalize('abc')
=> abc

SELECT normalize('abc', NFC)
=> abc

SELECT normalize('abc', NFD)
=> abc

SELECT normalize(s, NFD) FROM (VALUES 'abc') AS t(s)
=> ERROR not supported

SELECT url_extract_host('https://www.example.com:8080/path/to?a=1&b=x#frag')
=> www.example.com

SELECT url_extract_path('https://www.example.com:8080/path/to?a=1&b=x#frag')
=> /path/to

SELECT url_extract_port('https://www.example.com:8080/path/to?a=1&b=x#frag')
=> 8080

SELECT url_extract_port('https://www.example.com/') IS NULL
=> true

SELECT url_extract_protocol('https://www.example.com/')
=> https

SELECT url_extract_query('https://www.example.com/p?a=1&b=x#frag')
=> a=1&b=x

SELECT url_extract_fragment('https://www.example.com/p?a=1#frag')
=> frag

SELECT url_extract_parameter('https://www.example.com/p?a=1&b=x#frag', 'b')
=> x

SELECT url_extract_parameter('https://www.example.com/p?a=1&b=x', 'c') IS NULL
=> true

SELECT url_extract_host('http://user@host.example.org/x')
=> host.example.org

SELECT url_encode('a b&c')
=> a+b%26c

SELECT url_decode('a%20b')
=> a b

SELECT array_position(ARRAY[10, 20, 30], 20)
=> 2

SELECT array_position(ARRAY[10, 20, 30], 99)
=> 0

SELECT array_remove(ARRAY[1, 2, 1, 3], 1)
=> [2, 3]

SELECT array_distinct(ARRAY[3, 1, 3, 2, 1])
=> [3, 1, 2]

SELECT array_union(ARRAY[1, 2], ARRAY[2, 3])
=> [1, 2, 3]

SELECT array_except(ARRAY[1, 2, 3, 2], ARRAY[2])
=> [1, 3]

SELECT array_sort(ARRAY[3, NULL, 1, 2])
=> [1, 2, 3, null]

SELECT array_sort(ARRAY[3, 1], (a, b) -> IF(a < b, 1, -1))
=> [3, 1]

SELECT repeat('ab', 3)
=> [ab, ab, ab]

SELECT contains(ARRAY[1, 2], 2)
=> true

SELECT flatten(ARRAY[ARRAY[1], ARRAY[2, 3]])
=> [1, 2, 3]

SELECT ARRAY[1, 2] || ARRAY[3]
=> [1, 2, 3]

SELECT concat(ARRAY[1], ARRAY[2, 3])
=> [1, 2, 3]

SELECT map_keys(MAP(ARRAY['a', 'b'], ARRAY[1, 2]))
=> [a, b]

SELECT map_values(MAP(ARRAY['a', 'b'], ARRAY[1, 2]))
=> [1, 2]

SELECT MAP(ARRAY['x'], ARRAY[5])['x']
=> 5

SELECT ARRAY[10, 20, 30][2]
=> 20

SELECT split('a,b,c', ',')
=> [a, b, c]

SELECT split_part('a,b,c', ',', 2)
=> b

SELECT strpos('hello', 'l')
=> 3

SELECT position('l' IN 'hello')
=> 3

SELECT substr('hello', 2, 3)
=> ell

SELECT substring('hello' FROM 2 FOR 3)
=> ell

SELECT length('héllo')
=> 5

SELECT upper('abc') || lower('DEF')
=> ABCdef

SELECT lpad('7', 3, '0'), rpad('7', 3, '0')
=> 007 | 700

SELECT trim('  x  '), ltrim('  x'), rtrim('x  ')
=> x | x | x

SELECT reverse('abc')
=> cba

SELECT replace('aXbX', 'X', '-')
=> a-b-

SELECT starts_with('hello', 'he')
=> true

SELECT concat_ws('-', 'a', 'b', 'c')
=> a-b-c

SELECT chr(65)
=> A

SELECT format('%s-%d', 'a', 3)
=> a-3

SELECT hamming_distance('abc', 'abd')
=> 1

SELECT IF(1 > 0, 'yes', 'no')
=> yes

SELECT IF(1 > 2, 'yes')
=> NULL

SELECT CASE WHEN 1 = 1 THEN 'a' ELSE 'b' END
=> a

SELECT coalesce(NULL, 2), nullif(1, 1)
=> 2 | NULL

SELECT greatest(1, 5, 3), least(1, 5, 3)
=> 5 | 1

SELECT 5 / 2
=> 2

SELECT 5.0 / 2
=> 2.5

SELECT 7 % 3
=> 1

SELECT truncate(3.7)
=> 3.0

SELECT is_nan(nan())
=> true

SELECT is_infinite(infinity())
=> true

SELECT is_finite(1.0)
=> true

SELECT bitwise_and(12, 10), bitwise_or(12, 10), bitwise_xor(12, 10)
=> 8 | 14 | 6

SELECT round(2.567, 2)
=> 2.57

SELECT abs(-3), sign(-3), ceil(1.2), floor(1.8)
=> 3 | -1 | 2.0 | 1.0

SELECT power(2, 10)
=> 1024.0

SELECT sqrt(16)
=> 4.0

SELECT mod(10, 3)
=> 1

SELECT 0.1 + 0.2
=> 0.30000000000000004

SELECT current_timezone()
=> UTC

SELECT date_trunc('month', DATE '2026-03-17')
=> 2026-03-01

SELECT date_trunc('hour', TIMESTAMP '2026-03-17 10:45:12')
=> 2026-03-17 10:00:00.000

SELECT year(DATE '2026-03-17'), month(DATE '2026-03-17'), day(DATE '2026-03-17')
=> 2026 | 3 | 17

SELECT quarter(DATE '2026-08-01')
=> 3

SELECT hour(TIMESTAMP '2026-01-01 13:14:15'), minute(TIMESTAMP '2026-01-01 13:14:15'), second(TIMESTAMP '2026-01-01 13:14:15')
=> 13 | 14 | 15

SELECT DATE '2026-01-01' + INTERVAL '1' DAY
=> 2026-01-02

SELECT TIMESTAMP '2026-01-01 00:00' + INTERVAL '90' MINUTE
=> 2026-01-01 01:30:00.000

SELECT CAST(TIMESTAMP '2026-01-01 10:00' AS DATE)
=> 2026-01-01

SELECT date('2026-01-05')
=> 2026-01-05

SELECT arbitrary(x) FROM (VALUES 7) AS t(x)
=> 7

SELECT max_by(name, v), min_by(name, v) FROM (VALUES ('a', 1), ('b', 3), ('c', 2)) AS t(name, v)
=> b | a

SELECT bool_and(x), bool_or(x) FROM (VALUES true, false) AS t(x)
=> false | true

SELECT array_agg(x ORDER BY x) FROM (VALUES 3, 1, 2) AS t(x)
=> [1, 2, 3]

SELECT count(*), sum(x), avg(x) FROM (VALUES 1, 2, 3) AS t(x)
=> 3 | 6 | 2.0

SELECT count(DISTINCT x) FROM (VALUES 1, 1, 2) AS t(x)
=> 2

SELECT histogram(x) FROM (VALUES 'a', 'b', 'a') AS t(x)
=> {a=2, b=1}

SELECT geometric_mean(x) FROM (VALUES 2, 8) AS t(x)
=> 4.0

SELECT stddev_samp(x) FROM (VALUES 2, 4, 4, 4, 5, 5, 7, 9) AS t(x)
=> 2.138089935299395

SELECT x, row_number() OVER (ORDER BY x DESC) FROM (VALUES 1, 2) AS t(x) ORDER BY x
=> 1 | 2
=> 2 | 1

SELECT x, sum(x) OVER (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM (VALUES 1, 2, 3) AS t(x) ORDER BY x
=> 1 | 1
=> 2 | 3
=> 3 | 6

SELECT x, lag(x) OVER (ORDER BY x) FROM (VALUES 1, 2) AS t(x) ORDER BY x
=> 1 | NULL
=> 2 | 1

SELECT count(*) FILTER (WHERE x > 1) FROM (VALUES 1, 2, 3) AS t(x)
=> 2

WITH t AS (SELECT 1 AS a UNION ALL SELECT 2) SELECT sum(a) FROM t
=> 3

WITH sequence(a) AS (SELECT 1) SELECT a FROM sequence
=> 1

SELECT zip.x FROM (SELECT 1 AS x) AS zip
=> 1

SELECT x FROM (VALUES 3, 1, 2) AS t(x) ORDER BY x LIMIT 2
=> 1
=> 2

SELECT x FROM (VALUES 3, 1, 2) AS t(x) ORDER BY x OFFSET 1 LIMIT 1
=> 2

SELECT x FROM (VALUES 3, 1, 2) AS t(x) ORDER BY x OFFSET 1 ROWS FETCH FIRST 1 ROWS ONLY
=> 2

SELECT g, count(*) FROM (VALUES 'a', 'b', 'a') AS t(g) GROUP BY g HAVING count(*) > 1
=> a | 2

SELECT x FROM (VALUES 1, 2) AS t(x) WHERE x IN (SELECT 2)
=> 2

SELECT EXISTS (SELECT 1)
=> true

SELECT 'a' LIKE 'a%', 'abc' NOT LIKE '_b_'
=> true | false

SELECT 1 BETWEEN 0 AND 2, NULL IS NULL, 1 IS DISTINCT FROM NULL
=> true | true | true

SELECT 'it''s'
=> it's

SELECT "x" FROM (SELECT 1 AS "x")
=> 1

SELECT x AS "Mixed Case" FROM (VALUES 1) AS t(x)
=> 1

SELECT uuid() IS NOT NULL
=> true

SELECT typeof(1)
=> integer

SELECT CAST(x AS varchar) FROM (VALUES 1.5) AS t(x)
=> 1.5

SELECT CAST('1.50' AS decimal(5, 2))
=> 1.50

SELECT CAST(2.5 AS integer)
=> 3

SELECT CAST('true' AS boolean)
=> true

SELECT CAST(NULL AS array(integer)) IS NULL
=> true

SELECT TRY_CAST('2026-13-01' AS date)
=> NULL

SELECT DATE '2026-01-01' < DATE '2026-01-02'
=> true

SELECT INTERVAL '3' DAY
=> 3 00:00:00.000

SELECT TIME '01:02:03'
=> 01:02:03.000

SELECT X'0102'
=> 01 02

SELECT ARRAY[1, NULL]
=> [1, null]

SELECT MAP(ARRAY[2, 10], ARRAY['a', 'b'])
=> {2=a, 10=b}

SELECT ARRAY[]
=> []

SELECT 1 UNION SELECT 2 ORDER BY 1
=> 1
=> 2

SELECT * FROM (VALUES (1, 'a')) AS t(x, y)
=> 1 | a

SELECT a.x, b.y FROM (VALUES (1, 'a')) AS a(x, k) JOIN (VALUES (1, 'b')) AS b(x, y) ON a.x = b.x
=> 1 | b

SELECT t.r.f FROM (SELECT CAST(ROW(5) AS ROW(f integer)) AS r) AS t
=> 5

SELECT transform(filter(ARRAY[1, 2, 3, 4], x -> x % 2 = 0), x -> x * x)
=> [4, 16]

SELECT cardinality(filter(ARRAY[1, 2, 3], x -> x > 1))
=> 2

SELECT element_at(transform(ARRAY[1, 2], x -> x + 1), -1)
=> 3

SELECT array_join(transform(sequence(1, 3), x -> CAST(x AS varchar)), '+')
=> 1+2+3

SELECT regexp_replace(upper('a1b2'), '(\d)', '<$1>')
=> A<1>B<2>

SELECT date_format(date_add('day', 1, TIMESTAMP '2026-01-31 10:00'), '%Y-%m-%d')
=> 2026-02-01

SELECT date_diff('day', from_iso8601_date('2026-01-01'), from_iso8601_date('2026-01-31'))
=> 30

SELECT map_filter(map_agg(k, v), (k, v) -> v > 1) FROM (VALUES ('a', 1), ('b', 2)) AS t(k, v)
=> {b=2}

SELECT reduce(transform(ARRAY[1, 2, 3], x -> x * 10), 0, (s, x) -> s + x, s -> s)
=> 60

SELECT slice(sequence(1, 10), 3, 3)
=> [3, 4, 5]

SELECT any_match(split('a,b', ','), s -> s = 'b')
=> true

SELECT url_extract_host(u) FROM (VALUES 'http://a.com/x', 'https://b.org') AS t(u) ORDER BY 1
=> a.com
=> b.org

SELECT json_extract_scalar(j, '$.name') FROM (VALUES '{"name": "ann"}', '{"name": "bob"}') AS t(j) ORDER BY 1
=> ann
=> bob

SELECT count_if(regexp_like(s, '^a')) FROM (VALUES 'ab', 'ba', 'ac') AS t(s)
=> 2

SELECT sum(cardinality(a)) FROM (VALUES ARRAY[1], ARRAY[1, 2]) AS t(a)
=> 3

SELECT x FROM (VALUES 1, 2, 3) AS t(x) WHERE any_match(ARRAY[2, 3], y -> y = x) ORDER BY x
=> 2
=> 3

SELECT levenshtein_distance(a, b) FROM (VALUES ('abc', 'abd')) AS t(a, b)
=> 1

SELECT format_datetime(CAST('2026-07-04 09:05:00' AS timestamp), 'yyyy/MM/dd HH:mm:ss')
=> 2026/07/04 09:05:00

SELECT date_parse(s, '%Y-%m-%d') FROM (VALUES '2026-01-02') AS t(s)
=> 2026-01-02 00:00:00.000

SELECT date_format(ts, fmt) FROM (VALUES (TIMESTAMP '2026-01-01 00:00', '%Y')) AS t(ts, fmt)
=> ERROR not supported

SELECT json_parse('[1,2]')
=> [1,2]

SELECT CAST(json_parse('{"a":1}') AS map(varchar, integer))
=> {a=1}

SELECT approx_distinct(x, 0.01) FROM (VALUES 'a', 'b') AS t(x)
=> 2

SELECT every(x) FROM (VALUES CAST(NULL AS boolean)) AS t(x)
=> NULL

SELECT array_max(ARRAY[]) IS NULL
=> true

SELECT sequence(DATE '2026-01-01', DATE '2026-01-03', INTERVAL '1' DAY)
=> [2026-01-01, 2026-01-02, 2026-01-03]

SELECT word_stem('running')
-- known: word_stem needs DuckDB's fts extension, which is not linked
=> run

-- Legacy type syntax in CAST: array<t> and map<k, v>, nested.
SELECT CAST(ARRAY[1, 2] AS ARRAY<INTEGER>)
=> [1, 2]

SELECT CAST(MAP(ARRAY['a'], ARRAY[1]) AS MAP<VARCHAR,INTEGER>)
=> {a=1}

SELECT CAST(JSON '{"a": [1, 2]}' AS MAP<VARCHAR, ARRAY<BIGINT>>)
=> {a=[1, 2]}

SELECT CAST(JSON '[{"k": [3]}]' AS ARRAY<MAP<VARCHAR,ARRAY<BIGINT>>>)
=> [{k=[3]}]

SELECT TRY_CAST(NULL AS array<map<varchar, array<bigint>>>) IS NULL
=> true

-- Casting a varchar to JSON makes a JSON string; JSON '...' and
-- json_parse parse the text.
SELECT json_format(CAST('{"a":1}' AS JSON))
=> "{\"a\":1}"

SELECT CAST('abc' AS JSON)
=> "abc"

SELECT json_extract_scalar(CAST('x' AS JSON), '$')
=> x

SELECT json_format(CAST(ARRAY[1, 2] AS JSON))
=> [1,2]

SELECT json_format(CAST(MAP(ARRAY['k'], ARRAY[true]) AS JSON))
=> {"k":true}

SELECT json_format(JSON '{"a":1}')
=> {"a":1}

SELECT CAST(NULL AS JSON) IS NULL
=> true

-- A decimal literal cast to DECIMAL keeps its exact value.
SELECT CAST(12345678901234567890.123 AS DECIMAL(38,3))
=> 12345678901234567890.123

SELECT CAST(-0.1 AS decimal(3, 2))
=> -0.10

SELECT CAST(99999999999999999.99 AS decimal(19, 2)) - 1
=> 99999999999999998.99

-- Errors Trino raises where DuckDB returns NULL or a value.
SELECT ARRAY[1, 2, 3][5]
=> ERROR INVALID_FUNCTION_ARGUMENT: Array subscript must be less than or equal to array length: 5 > 3

SELECT ARRAY[1, 2, 3][0]
=> ERROR INVALID_FUNCTION_ARGUMENT: SQL array indices start at 1

SELECT ARRAY[1, 2, 3][-1]
=> ERROR INVALID_FUNCTION_ARGUMENT: Array subscript is negative: -1

SELECT ARRAY[1, NULL, 3][2], ARRAY[1, 2, 3][3], ARRAY[1][NULL]
=> NULL | 3 | NULL

SELECT x[2] FROM (VALUES ARRAY[1, 2], ARRAY[3]) AS t(x)
=> ERROR INVALID_FUNCTION_ARGUMENT: Array subscript must be less than or equal to array length: 2 > 1

SELECT try(ARRAY[1][2])
=> NULL

SELECT element_at(ARRAY[1, 2], 0)
=> ERROR INVALID_FUNCTION_ARGUMENT: SQL array indices start at 1

SELECT MAP(ARRAY['a'], ARRAY[1])['b']
=> ERROR INVALID_FUNCTION_ARGUMENT: Key not present in map: b

SELECT MAP(ARRAY['a', 'b'], ARRAY[1, NULL])['b'], MAP(ARRAY[7], ARRAY['x'])[7]
=> NULL | x

SELECT mod(7, 0)
=> ERROR DIVISION_BY_ZERO: Division by zero

SELECT mod(7, 3), mod(-7, 3), try(mod(7, 0))
=> 1 | -1 | NULL

SELECT split_part('a,b', ',', 0)
=> ERROR INVALID_FUNCTION_ARGUMENT: Index must be greater than zero

SELECT split_part('a,b', ',', 2), split_part('a,b', ',', 3)
=> b | NULL

SELECT nth_value(x, 0) OVER (ORDER BY x) FROM (VALUES 1, 2) AS t(x)
=> ERROR INVALID_FUNCTION_ARGUMENT: Offset must be at least 1

SELECT x, nth_value(x, 2) OVER (ORDER BY x) FROM (VALUES 1, 2) AS t(x)
=> 1 | NULL
=> 2 | 2

SELECT concat('a')
=> ERROR INVALID_FUNCTION_ARGUMENT: There must be two or more concatenation arguments

SELECT CASE WHEN rand() < 2 THEN 1 ELSE 'a' END
=> ERROR TYPE_MISMATCH: line 1:8: All CASE results must be the same type or coercible to a common type. Cannot find common type between integer and varchar(1), all types (without duplicates): [integer, varchar(1)]

SELECT CASE WHEN rand() < 2 THEN 1 ELSE 2.5e0 END
=> 1.0

SELECT sqrt('4')
=> ERROR FUNCTION_NOT_FOUND: Unexpected parameters (varchar(1)) for function sqrt. Expected: sqrt(double)

SELECT CAST('yes' AS boolean)
=> ERROR INVALID_CAST_ARGUMENT: Cannot cast 'yes' to BOOLEAN

SELECT CAST('TRUE' AS boolean), CAST('f' AS boolean), CAST('0' AS boolean), CAST(NULL AS boolean), try_cast('yes' AS boolean)
=> true | false | false | NULL | NULL

SELECT DISTINCT a FROM (VALUES (1, 2)) AS t(a, b) ORDER BY b
=> ERROR EXPRESSION_NOT_IN_DISTINCT: line 1:1: For SELECT DISTINCT, ORDER BY expressions must appear in select list

SELECT DISTINCT a AS x, b FROM (VALUES (2, 1), (1, 2), (1, 2)) AS t(a, b) ORDER BY x, t.b DESC
=> 1 | 2
=> 2 | 1

-- NULL semantics.
SELECT concat('a', NULL), concat('a', 'b', 'c'), concat(ARRAY[1], ARRAY[2])
=> NULL | abc | [1, 2]

SELECT greatest(1, NULL, 3), greatest(1, 5, 3), least(2, NULL), least('b', 'a')
=> NULL | 5 | NULL | a

SELECT arrays_overlap(ARRAY[1, NULL], ARRAY[3]), arrays_overlap(ARRAY[1, NULL], ARRAY[1]), arrays_overlap(ARRAY[1], ARRAY[2])
=> NULL | true | false

-- Missing functions and forms. Expected rows follow Trino's documentation
-- (trino.io/docs/current/functions/*.html): its examples where it gives
-- them, its stated semantics otherwise.
SELECT element_at(multimap_agg(k, v), 'a'), element_at(multimap_agg(k, v), 'b') FROM (VALUES ('a', 1), ('b', 2), ('a', 3)) AS t(k, v)
=> [1, 3] | [2]

SELECT cardinality(multimap_agg(k, v)) FROM (VALUES ('a', 1), (NULL, 2)) AS t(k, v)
=> 1

SELECT combinations(ARRAY['foo', 'bar', 'baz'], 2)
=> [[foo, bar], [foo, baz], [bar, baz]]

SELECT combinations(ARRAY[1, 2, 3], 2)
=> [[1, 2], [1, 3], [2, 3]]

SELECT combinations(ARRAY[1, 2, 2], 2)
=> [[1, 2], [1, 2], [2, 2]]

SELECT combinations(ARRAY[1, 2, 3, 4], 3)
=> [[1, 2, 3], [1, 2, 4], [1, 3, 4], [2, 3, 4]]

SELECT ngrams(ARRAY['foo', 'bar', 'baz', 'foo'], 2)
=> [[foo, bar], [bar, baz], [baz, foo]]

SELECT ngrams(ARRAY['foo', 'bar', 'baz', 'foo'], 3)
=> [[foo, bar, baz], [bar, baz, foo]]

SELECT ngrams(ARRAY['foo', 'bar', 'baz', 'foo'], 5)
=> [[foo, bar, baz, foo]]

SELECT ngrams(ARRAY[1, 2, 3, 4], 2)
=> [[1, 2], [2, 3], [3, 4]]

SELECT contains_sequence(ARRAY[1, 2, 3, 4, 5, 6], ARRAY[1, 2])
=> true

SELECT contains_sequence(ARRAY[1, 2, 3, 4, 5, 6], ARRAY[2, 4])
=> false

SELECT element_at(split_to_map('userid=1234&reftype=email&device=mobile', '&', '='), 'userid')
=> 1234

SELECT cardinality(split_to_map('a=1,b=2,c=3', ',', '='))
=> 3

SELECT element_at(split_to_multimap('a=1,b=2,a=3', ',', '='), 'a')
=> [1, 3]

SELECT e()
=> 2.718281828459045

SELECT from_base('ff', 16), from_base('-1010', 2), from_base('zz', 36)
=> 255 | -10 | 1295

SELECT from_base('g', 16)
=> ERROR Not a valid base-16 number

SELECT to_base(255, 16), to_base(-10, 2), to_base(0, 7)
=> ff | -1010 | 0

SELECT from_utf8(to_utf8('héllo'))
=> héllo

SELECT from_utf8(X'61FF62')
=> a�b

SELECT from_utf8(X'61FF62', '?')
=> a?b

SELECT is_json_scalar('1'), is_json_scalar('[1, 2, 3]'), is_json_scalar('"x"')
=> true | false | true

SELECT json_array_contains('[1, 2, 3]', 2), json_array_contains('[1, 2, 3]', 4), json_array_contains('["a"]', 'a')
=> true | false | true

SELECT luhn_check('79927398713')
=> true

SELECT luhn_check('79927398714')
=> false

SELECT regexp_position('I have 23 apples, 5 pears and 13 oranges', '\b\d+\b')
=> 8

SELECT regexp_position('I have 23 apples, 5 pears and 13 oranges', '\b\d+\b', 5)
=> 8

SELECT regexp_position('I have 23 apples, 5 pears and 13 oranges', '\b\d+\b', 12)
=> 19

SELECT regexp_position('I have 23 apples, 5 pears and 13 oranges', '\b\d+\b', 12, 2)
=> 31

SELECT regexp_position('I have 23 apples, 5 pears and 13 oranges', '\b\d+\b', 12, 3)
=> -1

SELECT soundex('CHINA') = soundex('CHYNA'), soundex('Robert'), soundex('Tymczak'), soundex('Ashcraft')
=> true | R163 | T522 | A261

SELECT to_iso8601(DATE '2026-01-02')
=> 2026-01-02

SELECT to_iso8601(TIMESTAMP '2026-01-02 03:04:05.123')
=> 2026-01-02T03:04:05.123

SELECT width_bucket(5.3, 0.2, 10.6, 5), width_bucket(-1, 0, 10, 5), width_bucket(10, 0, 10, 5)
=> 3 | 0 | 6

SELECT width_bucket(3, 10, 0, 5)
=> 4

SELECT width_bucket(-1, ARRAY[0, 2, 4]), width_bucket(0, ARRAY[0, 2, 4]), width_bucket(3, ARRAY[0, 2, 4]), width_bucket(9, ARRAY[0, 2, 4])
=> 0 | 1 | 2 | 3

SELECT bitwise_not(-12), bitwise_not(0)
=> 11 | -1

SELECT bit_count(9, 64), bit_count(9, 8), bit_count(-7, 64), bit_count(-7, 8)
=> 2 | 2 | 62 | 6

SELECT reverse(ARRAY[1, 2, 3]), reverse('abc')
=> [3, 2, 1] | cba

SELECT split('a.b.c', '.', 2), split('a.b.c', '.', 5), split('a.b.c', '.', 1)
=> [a, b.c] | [a, b, c] | [a.b.c]

SELECT strpos('abcabc', 'bc', 2), strpos('abcabc', 'bc', -1), strpos('abcabc', 'bc', -2), strpos('abcabc', 'bc', 3)
=> 5 | 5 | 2 | 0

SELECT replace('a-b-c', '-')
=> abc

SELECT length(to_utf8('é')), length(X'0102'), length('é')
=> 2 | 2 | 1

SELECT to_milliseconds(INTERVAL '1' DAY), to_milliseconds(INTERVAL '1.5' SECOND)
=> 86400000 | 1500

SELECT parse_duration('42.8ms')
=> 0 00:00:00.043

SELECT parse_duration('3.81 d')
=> 3 19:26:24.000

SELECT parse_duration('5m')
=> 0 00:05:00.000

SELECT array_sort(ARRAY[3, 2, 5, 1, 2], (x, y) -> IF(x < y, 1, IF(x = y, 0, -1)))
=> [5, 3, 2, 2, 1]

SELECT array_sort(ARRAY['bc', 'ab', 'dc'], (x, y) -> IF(x < y, 1, IF(x = y, 0, -1)))
=> [dc, bc, ab]

SELECT array_sort(ARRAY[3, 2, null, 5, null, 1, 2], (x, y) -> CASE WHEN x IS NULL THEN -1 WHEN y IS NULL THEN 1 WHEN x < y THEN 1 WHEN x = y THEN 0 ELSE -1 END)
=> [null, null, 5, 3, 2, 2, 1]

SELECT array_sort(ARRAY[3, 2, null, 5, null, 1, 2], (x, y) -> CASE WHEN x IS NULL THEN 1 WHEN y IS NULL THEN -1 WHEN x < y THEN 1 WHEN x = y THEN 0 ELSE -1 END)
=> [5, 3, 2, 2, 1, null, null]

SELECT array_sort(ARRAY['a', 'abcd', 'abc'], (x, y) -> IF(length(x) < length(y), -1, IF(length(x) = length(y), 0, 1)))
=> [a, abc, abcd]

SELECT array_sort(ARRAY[ARRAY[2, 3, 1], ARRAY[4, 2, 1, 4], ARRAY[1, 2]], (x, y) -> IF(cardinality(x) < cardinality(y), -1, IF(cardinality(x) = cardinality(y), 0, 1)))
=> [[1, 2], [2, 3, 1], [4, 2, 1, 4]]

SELECT regexp_replace('new york', '(\w)(\w*)', x -> upper(x[1]) || lower(x[2]))
=> New York

SELECT regexp_replace('a1b22c', '(\d+)', x -> '<' || x[1] || '>')
=> a<1>b<22>c

SELECT sequence(5, 1), sequence(1, 3), sequence(1, 10, 4)
=> [5, 4, 3, 2, 1] | [1, 2, 3] | [1, 5, 9]

SELECT sequence(DATE '2026-01-03', DATE '2026-01-01')
=> [2026-01-03, 2026-01-02, 2026-01-01]

SELECT sequence(DATE '2026-01-01', DATE '2026-04-01', INTERVAL '1' MONTH)
=> [2026-01-01, 2026-02-01, 2026-03-01, 2026-04-01]

SELECT ARRAY[1] || ARRAY[2]
=> [1, 2]

SELECT ARRAY['a', 'b'] || ARRAY['c']
=> [a, b, c]

SELECT ARRAY[1] || 2, 2 || ARRAY[1], ARRAY['a'] || 'b'
=> [1, 2] | [2, 1] | [a, b]

SELECT 'a' || 'b', 1 || 'b'
=> ab | 1b

SELECT x, last_value(y) IGNORE NULLS OVER (ORDER BY x) FROM (VALUES (1, 10), (2, NULL), (3, 30)) AS t(x, y) ORDER BY x
=> 1 | 10
=> 2 | 10
=> 3 | 30

SELECT x, lag(y) IGNORE NULLS OVER (ORDER BY x), first_value(y) RESPECT NULLS OVER (ORDER BY x) FROM (VALUES (1, NULL), (2, 20), (3, NULL), (4, 40)) AS t(x, y) ORDER BY x
=> 1 | NULL | NULL
=> 2 | NULL | NULL
=> 3 | 20 | NULL
=> 4 | 20 | NULL

SELECT x FROM (VALUES 1, 1, 2, 3) AS t(x) ORDER BY x FETCH FIRST 1 ROWS WITH TIES
=> 1
=> 1

SELECT k, count(*) AS c FROM (VALUES 'a', 'a', 'b', 'b', 'c') AS t(k) GROUP BY k ORDER BY c DESC, k FETCH FIRST ROW WITH TIES
=> a | 2

SELECT * FROM (SELECT k, count(*) AS c FROM (VALUES 'a', 'a', 'b', 'b', 'c') AS t(k) GROUP BY k ORDER BY c DESC FETCH FIRST 1 ROWS WITH TIES) ORDER BY k
=> a | 2
=> b | 2

SELECT U&'\0041\00E9', translate('abcd', 'b', U&'\+01F600')
=> Aé | a😀cd

SELECT length(normalize(U&'e\0301', NFC)), length(normalize(U&'\00E9', NFD)), normalize(U&'\FB01', NFKC), length(normalize(U&'\FB01', NFKD))
=> 1 | 2 | fi | 2

SELECT normalize(U&'\00E9', NFD) = U&'e\0301'
=> true

SELECT from_iso8601_date('2020-05-11'), from_iso8601_date('2020-W10'), from_iso8601_date('2020-123')
=> 2020-05-11 | 2020-03-02 | 2020-05-02

SELECT from_iso8601_date('2020-W10-5'), from_iso8601_date('2021-W01-1'), from_iso8601_date('2020')
=> 2020-03-06 | 2021-01-04 | 2020-01-01

SELECT json_extract_scalar('{"a": {"b c": 1}}', '$["a"]["b c"]')
=> 1

SELECT json_extract_scalar('{"store": {"book": [{"title": "x"}]}}', '$["store"].book[0]["title"]')
=> x

SELECT json_format(json_extract('{"a": {"b": [1, 2]}}', '$["a"]["b"]'))
=> [1,2]

SELECT k, v FROM UNNEST(map_from_entries(ARRAY[ROW('a', 1), ROW('b', 2)])) AS t(k, v) ORDER BY k
=> a | 1
=> b | 2

SELECT trim_array(ARRAY[1, 2, 3, 4], 1), trim_array(ARRAY[1, 2, 3, 4], 2)
=> [1, 2, 3] | [1, 2]

SELECT array_first(ARRAY[1, 2, 3]), array_last(ARRAY[1, 2, 3]), array_first(ARRAY[]) IS NULL
=> 1 | 3 | true

SELECT element_at(array_histogram(ARRAY[42, 7, 42, NULL]), 42), cardinality(array_histogram(ARRAY[42, 7, 42, NULL]))
=> 2 | 2

-- Functions past the issue's list: math, statistics, windows, binary,
-- maps. Expected rows follow the semantics Trino's documentation gives.
SELECT acos(1), asin(1), atan(1), atan2(1, 1)
=> 0.0 | 1.5707963267948966 | 0.7853981633974483 | 0.7853981633974483

SELECT cos(0), cosh(0), sin(0), sinh(0), tan(0), tanh(0)
=> 1.0 | 1.0 | 0.0 | 0.0 | 0.0 | 0.0

SELECT cbrt(27), exp(0), ln(1), log2(8), log10(100), log(2, 8)
=> 3.0 | 1.0 | 0.0 | 3.0 | 2.0 | 3.0

SELECT pi(), degrees(pi()), radians(180), pow(2, 10), ceiling(DOUBLE '1.2')
=> 3.141592653589793 | 180.0 | 3.141592653589793 | 1024.0 | 2.0

SELECT min(x), max(x), any_value(x) BETWEEN 1 AND 3 FROM (VALUES 3, 1, 2) AS t(x)
=> 1 | 3 | true

SELECT stddev(x), stddev_pop(x), variance(x), var_samp(x), var_pop(x) FROM (VALUES 1, 2, 3, 4) AS t(x)
=> 1.2909944487358056 | 1.118033988749895 | 1.6666666666666667 | 1.6666666666666667 | 1.25

SELECT corr(y, x), covar_pop(y, x), covar_samp(y, x), regr_slope(y, x), regr_intercept(y, x) FROM (VALUES (1, 2), (2, 4), (3, 6)) AS t(x, y)
=> 1.0 | 1.3333333333333333 | 2.0 | 2.0 | 0.0

SELECT round(kurtosis(x), 10), skewness(x) FROM (VALUES 1, 2, 3, 4) AS t(x)
=> -1.2 | 0.0

SELECT bitwise_and_agg(x), bitwise_or_agg(x) FROM (VALUES 12, 10) AS t(x)
=> 8 | 14

SELECT bitwise_left_shift(1, 2), bitwise_right_shift(8, 2), bitwise_right_shift_arithmetic(-8, 1)
=> 4 | 2 | -4

SELECT bitwise_right_shift(BIGINT '-1', 60)
=> 15

SELECT to_hex(to_big_endian_64(BIGINT '-2')), from_big_endian_64(X'FFFFFFFFFFFFFFFE'), from_big_endian_32(X'FFFFFFFF')
=> FFFFFFFFFFFFFFFE | -2 | -1

SELECT x, rank() OVER (ORDER BY x), dense_rank() OVER (ORDER BY x), percent_rank() OVER (ORDER BY x), cume_dist() OVER (ORDER BY x), ntile(2) OVER (ORDER BY x) FROM (VALUES 1, 1, 2, 3) AS t(x) ORDER BY x
=> 1 | 1 | 1 | 0.0 | 0.5 | 1
=> 1 | 1 | 1 | 0.0 | 0.5 | 1
=> 2 | 3 | 2 | 0.6666666666666666 | 0.75 | 2
=> 3 | 4 | 3 | 1.0 | 1.0 | 2

SELECT x, lead(x) OVER (ORDER BY x), nth_value(x, 2) OVER (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM (VALUES 1, 2, 3) AS t(x) ORDER BY x
=> 1 | 2 | 2
=> 2 | 3 | 2
=> 3 | NULL | 2

SELECT ends_with('abc', 'bc'), ends_with('abc', 'b')
=> true | false

SELECT to_hex(sha1(to_utf8('abc')))
=> A9993E364706816ABA3E25717850C26C9CD0D89D

SELECT to_base64url(X'FBFF'), to_hex(from_base64url('-_8='))
=> -_8= | FBFF

SELECT to_hex(to_big_endian_32(1)), to_hex(to_big_endian_64(1)), from_big_endian_32(X'00000001'), from_big_endian_64(X'0000000000000002')
=> 00000001 | 0000000000000001 | 1 | 2

SELECT map_concat(MAP(ARRAY['a'], ARRAY[1]), MAP(ARRAY['b'], ARRAY[2]))
=> {a=1, b=2}

SELECT cardinality(map_entries(MAP(ARRAY['a', 'b'], ARRAY[1, 2])))
=> 2

SELECT map_zip_with(MAP(ARRAY[1, 2], ARRAY['a', 'b']), MAP(ARRAY[1, 2], ARRAY['c', 'd']), (k, v1, v2) -> concat(v1, v2))
=> {1=ac, 2=bd}

SELECT element_at(multimap_from_entries(ARRAY[ROW(1, 'x'), ROW(2, 'y'), ROW(1, 'z')]), 1)
=> [x, z]

SELECT array_sort(array_intersect(ARRAY[1, 2, 3], ARRAY[2, 3, 4]))
=> [2, 3]

SELECT now() IS NOT NULL, current_date IS NOT NULL, current_time IS NOT NULL, current_timestamp IS NOT NULL, localtime IS NOT NULL, localtimestamp IS NOT NULL, current_user IS NOT NULL
=> true | true | true | true | true | true | true

SELECT rand() < 1, random() < 1, random(10) < 10, random(5, 10) BETWEEN 5 AND 9
=> true | true | true | true

SELECT array_sort(shuffle(ARRAY[3, 1, 2]))
=> [1, 2, 3]

SELECT yow(DATE '2026-01-01'), yow(DATE '2021-01-01')
=> 2026 | 2020

SELECT version() IS NOT NULL
=> true

SELECT human_readable_seconds(96), human_readable_seconds(3762), human_readable_seconds(56363463)
=> 1 minute, 36 seconds | 1 hour, 2 minutes, 42 seconds | 93 weeks, 1 day, 8 hours, 31 minutes, 3 seconds

SELECT format_number(123456), format_number(1000000), format_number(1234), format_number(12345), format_number(12)
=> 123K | 1M | 1.23K | 12.3K | 12

SELECT parse_data_size('1B'), parse_data_size('1kB'), parse_data_size('1MB'), parse_data_size('2.3MB')
=> 1 | 1024 | 1048576 | 2411724

SELECT round(wilson_interval_lower(1250, 1310, 1.96), 10), round(wilson_interval_upper(1250, 1310, 1.96), 10)
=> 0.9414883725 | 0.9642524717

SELECT element_at(map_union(m), 'a'), cardinality(map_union(m)) FROM (VALUES MAP(ARRAY['a'], ARRAY[1]), MAP(ARRAY['b'], ARRAY[2])) AS t(m)
=> 1 | 2

SELECT reduce_agg(x, 0, (a, b) -> a + b, (a, b) -> a + b) FROM (VALUES 1, 2, 3) AS t(x)
=> 6

SELECT index('high', 'ig'), to_char(TIMESTAMP '1988-04-08 14:15:16', 'yyyy/mm/dd hh24:mi:ss')
=> 2 | 1988/04/08 14:15:16

SELECT to_date('1988/04/08', 'yyyy/mm/dd'), to_timestamp('1988/04/08 02:15:16', 'yyyy/mm/dd hh:mi:ss')
=> 1988-04-08 | 1988-04-08 02:15:16.000

-- Types: decimal arithmetic keeps Trino's result types (functions/decimal:
-- x / y is decimal(min(38, xp + ys + max(0, ys - xs)), max(xs, ys)),
-- rounded half up).
SELECT DECIMAL '10.00' / DECIMAL '3'
=> 3.33

SELECT typeof(DECIMAL '10.00' / DECIMAL '3')
=> decimal(4,2)

SELECT DECIMAL '2.00' / DECIMAL '3', DECIMAL '-2.00' / DECIMAL '3'
=> 0.67 | -0.67

SELECT DECIMAL '1' / DECIMAL '0.3'
=> 3.3

SELECT DECIMAL '5.0' / 2
=> 2.5

SELECT x / y FROM (VALUES (DECIMAL '7.50', DECIMAL '2.0')) AS t(x, y)
=> 3.75

SELECT (DECIMAL '1.00' + DECIMAL '2.00') / DECIMAL '4' * 2
=> 1.50

SELECT DECIMAL '1.00' / DECIMAL '0'
=> ERROR Division by zero

SELECT round(DECIMAL '2.55', 1)
=> 2.60

SELECT typeof(DECIMAL '12.50'), typeof(DECIMAL '12.50' * DECIMAL '1.5')
=> decimal(4,2) | decimal(6,3)

-- Types: floor, ceil, round and sign keep their argument's type
-- (functions/math: "[same as input]").
SELECT floor(5), typeof(floor(5)), ceil(CAST(7 AS bigint)), typeof(ceil(CAST(7 AS bigint)))
=> 5 | integer | 7 | bigint

SELECT floor(5.5e0), ceiling(-5.5e0), round(2.5e0), round(-2.5e0)
=> 5.0 | -5.0 | 3.0 | -3.0

SELECT typeof(floor(5.5e0)), typeof(round(7)), typeof(round(15, -1)), round(15, -1)
=> double | integer | integer | 20

SELECT sign(-5), typeof(sign(-5)), sign(2.5e0), typeof(sign(2.5e0))
=> -1 | integer | 1.0 | double

-- Types: CAST(double AS integer) rounds half away from zero.
SELECT CAST(2.5e0 AS integer), CAST(-2.5e0 AS integer), CAST(3.5e0 AS bigint), CAST(2.4e0 AS smallint)
=> 3 | -3 | 4 | 2

SELECT TRY_CAST(-2.5e0 AS integer), CAST('12' AS integer), CAST(true AS integer)
=> -3 | 12 | 1

-- Types: DATE ± INTERVAL stays a date (functions/datetime operators).
SELECT date '2012-08-08' + interval '2' day
=> 2012-08-10

SELECT date '2012-08-08' - interval '2' day
=> 2012-08-06

SELECT typeof(date '2012-08-08' + interval '2' day)
=> date

SELECT timestamp '2012-10-31 01:00' + interval '1' month
=> 2012-11-30 01:00:00.000

SELECT timestamp '2012-10-31 01:00' - interval '1' month
=> 2012-09-30 01:00:00.000

SELECT interval '2' day + interval '3' hour
=> 2 03:00:00.000

SELECT interval '3' year + interval '5' month
=> 3-5

SELECT interval '3' year - interval '5' month
=> 2-7

SELECT interval '2' day - interval '3' hour
=> 1 21:00:00.000

-- Types: interval literals in Trino's forms.
SELECT INTERVAL '14' MONTH
=> 1-2

SELECT INTERVAL '1-2' YEAR TO MONTH
=> 1-2

SELECT INTERVAL '1 12:30:00' DAY TO SECOND
=> 1 12:30:00.000

SELECT DATE '2026-01-31' + INTERVAL '1-1' YEAR TO MONTH
=> 2027-02-28

-- Types: typeof uses Trino's names (functions/conversion).
SELECT typeof(123)
=> integer

SELECT typeof('cat')
=> varchar(3)

SELECT typeof(cos(2) + 1.5)
=> double

SELECT typeof(ARRAY[1, 2]), typeof(CAST('2020-01-01' AS timestamp)), typeof(x)
FROM (VALUES CAST('a' AS varchar)) AS t(x)
=> array(integer) | timestamp(3) | varchar

SELECT typeof(sum(x)), sum(x) FROM (VALUES 1, 2, 3) AS t(x)
=> bigint | 6

SELECT typeof(CAST(MAP(ARRAY['a'], ARRAY[1]) AS map(varchar, integer))), typeof(CAST(ROW(1, 'a') AS ROW(x integer, y varchar)))
=> map(varchar, integer) | row(x integer, y varchar)

SELECT typeof(ARRAY['a', 'bc'])
-- known: DuckDB types string literals varchar without a length, which typeof keeps only for a bare literal
=> array(varchar(2))

SELECT typeof(CAST(1 AS real)), typeof(CAST(1 AS tinyint)), typeof(true), typeof(DATE '2026-01-01')
=> real | tinyint | boolean | date

-- Types: IEEE doubles.
SELECT 1e0 / 0
=> Infinity

SELECT 0e0 / 0
=> NaN

SELECT -1e0 / 0
=> -Infinity

SELECT ln(0)
=> -Infinity

SELECT sqrt(-1)
=> NaN

SELECT nan() = nan()
=> false

-- Types: JSON casts (functions/json).
SELECT CAST(JSON '"abc"' AS VARCHAR)
=> abc

SELECT CAST(JSON 'null' AS VARCHAR)
=> NULL

SELECT CAST(JSON '128' AS VARCHAR)
=> 128

SELECT json_format(CAST('abc' AS JSON))
=> "abc"

SELECT CAST('123456789012345678901234567890123.45' AS decimal(38, 2)) / DECIMAL '1.00'
=> 123456789012345678901234567890123.45

SELECT nan() <> nan(), nan() > 1e0, 1e0 < nan(), nan() = 1e0 + 0e0
=> true | false | false | false

SELECT count(*) FROM (VALUES 1e0, nan(), 2e0) AS t(x) WHERE x = x
=> 2

SELECT typeof(INTERVAL '3' MONTH), typeof(INTERVAL '1-2' YEAR TO MONTH), typeof(INTERVAL '3' DAY)
=> interval year to month | interval year to month | interval day to second

SELECT 'héllo wörld', typeof(1), DECIMAL '1.0' / 3
=> héllo wörld | integer | 0.3

-- Typed macros cannot take aggregate arguments; these keep DuckDB's
-- functions and still give Trino's values.
SELECT round(avg(x), 2), sum(x), typeof(sum(x)) FROM (VALUES 1, 2, 4) AS t(x)
=> 2.33 | 7 | bigint

-- Hashes and binary encodings. Expected digests are the published test
-- vectors (FIPS 180 "abc", RFC 2202/4231-style HMAC of the pangram with key
-- "key", CRC-32 check value of "123456789").
SELECT to_hex(sha512(to_utf8('abc')))
=> DDAF35A193617ABACC417349AE20413112E6FA4E89A97EA20A9EEEE64B55D39A2192992A274FC1A836BA3C23A3FEEBBD454D4423643CE80E2A9AC94FA54CA49F

SELECT to_hex(hmac_md5(to_utf8('The quick brown fox jumps over the lazy dog'), to_utf8('key')))
=> 80070713463E7749B90C2DC24911E275

SELECT to_hex(hmac_sha1(to_utf8('The quick brown fox jumps over the lazy dog'), to_utf8('key')))
=> DE7C9B85B8B78AA6BC8A7A36F70A90701C9DB4D9

SELECT to_hex(hmac_sha256(to_utf8('The quick brown fox jumps over the lazy dog'), to_utf8('key')))
=> F7BC83F430538424B13298E6AA6FB143EF4D59A14946175997479DBC2D1A3CD8

SELECT to_hex(hmac_sha512(to_utf8('The quick brown fox jumps over the lazy dog'), to_utf8('key')))
=> B42AF09057BAC1E2D41708E48A902E09B5FF7F12AB428A4FE86653C73DD248FB82F948A549F7B791A5B41915EE4D1EC3935357E4E2317250D0372AFA2EBEEB3A

SELECT crc32(to_utf8('123456789')), crc32(to_utf8(''))
=> 3421780262 | 0

SELECT to_hex(xxhash64(to_utf8(''))), to_hex(xxhash64(to_utf8('abc')))
=> EF46DB3751D8E999 | 44BC2CF5AD770999

SELECT to_hex(murmur3(to_utf8(''))), to_hex(murmur3(to_utf8('The quick brown fox jumps over the lazy dog')))
=> 00000000000000000000000000000000 | 6C1B07BC7BBC4BE347939AC4A93C437A

SELECT to_base32(to_utf8('abc')), to_base32(to_utf8('hello')), from_utf8(from_base32('MFRGG==='))
=> MFRGG=== | NBSWY3DP | abc

SELECT to_hex(to_ieee754_32(CAST(1.5 AS REAL))), to_hex(to_ieee754_64(3.14))
=> 3FC00000 | 40091EB851EB851F

SELECT from_ieee754_32(from_hex('3FC00000')), from_ieee754_64(from_hex('40091EB851EB851F'))
=> 1.5 | 3.14

SELECT from_ieee754_32(from_hex('3FC000'))
=> ERROR exactly 4 bytes

SELECT char2hexint('Hello')
=> 00480065006C006C006F

-- Distributions. Expected values are the mathematical ones (the standard
-- normal's 0.975 quantile is 1.959964; Beta(2, 1) has CDF v squared),
-- rounded past the last bits in which implementations may differ.
SELECT normal_cdf(0, 1, 0), normal_cdf(10, 9, 10), round(normal_cdf(0, 1, 1.96), 10)
=> 0.5 | 0.5 | 0.9750021049

SELECT normal_cdf(0, 0, 1)
=> ERROR standardDeviation must be > 0

SELECT inverse_normal_cdf(0, 1, 0.5), round(inverse_normal_cdf(0, 1, 0.975), 6), round(inverse_normal_cdf(0, 1, 0.3), 6)
=> 0.0 | 1.959964 | -0.524401

SELECT inverse_normal_cdf(0, 1, 1)
=> ERROR p must be 0 > p > 1

SELECT round(beta_cdf(1, 1, 0.3), 12), round(beta_cdf(2, 1, 0.6), 12), round(beta_cdf(2, 2, 0.5), 12)
=> 0.3 | 0.36 | 0.5

SELECT beta_cdf(2, 2, 1.5)
=> ERROR value must be in the interval [0, 1]

SELECT round(inverse_beta_cdf(2, 2, 0.5), 9), round(inverse_beta_cdf(2, 1, 0.36), 9), inverse_beta_cdf(1, 1, 0)
=> 0.5 | 0.6 | 0.0

-- Trino's test: Nashville to Los Angeles is 2886.448973436703 km.
SELECT round(great_circle_distance(36.12, -86.67, 33.94, -118.40), 6), great_circle_distance(0, 0, 0, 0)
=> 2886.448973 | 0.0

SELECT great_circle_distance(91, 0, 0, 0)
=> ERROR Latitude must be between -90 and 90

SELECT cosine_similarity(MAP(ARRAY['a'], ARRAY[1.0]), MAP(ARRAY['a'], ARRAY[2.0]))
=> 1.0

SELECT cosine_similarity(MAP(ARRAY['a', 'b'], ARRAY[3.0, 4.0]), MAP(ARRAY['b', 'c'], ARRAY[4.0, 3.0])), cosine_similarity(MAP(ARRAY['a'], ARRAY[1.0]), MAP(ARRAY['b'], ARRAY[2.0]))
=> 0.64 | 0.0

SELECT cosine_distance(MAP(ARRAY['a'], ARRAY[1.0]), MAP(ARRAY['a'], ARRAY[2.0]))
=> 0.0

SELECT cosine_similarity(ARRAY[3.0, 4.0], ARRAY[4.0, 3.0]), cosine_distance(ARRAY[1.0, 0.0], ARRAY[0.0, 2.0])
=> 0.96 | 1.0

-- Nanosecond timestamps and zones. Athena's session zone is UTC.
SELECT from_unixtime_nanos(1500000000) = from_unixtime(1.5), millisecond(from_unixtime_nanos(-1500000000))
=> true | 500

SELECT from_iso8601_timestamp_nanos('2020-05-11T11:15:05.5Z') = from_iso8601_timestamp('2020-05-11T11:15:05.500Z')
=> true

SELECT timezone_hour(current_timestamp), timezone_minute(current_timestamp), timezone(current_timestamp)
=> 0 | 0 | UTC

-- Sketches on small inputs, where Trino's are exact: HyperLogLog and set
-- digests count distinct values; digests give the values at quantiles.
SELECT cardinality(approx_set(x)), cardinality(approx_set(x, 0.01)) FROM (VALUES 1, 2, 2, 3, NULL) AS t(x)
=> 3 | 3

SELECT cardinality(merge(h)) FROM (SELECT approx_set(x) AS h FROM (VALUES 1, 2, 3) AS t(x) UNION ALL SELECT approx_set(x) FROM (VALUES 3, 4) AS t(x) UNION ALL SELECT empty_approx_set())
=> 4

SELECT cardinality(empty_approx_set())
=> 0

SELECT cardinality(make_set_digest(value)) FROM (VALUES 1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5) AS t(value)
=> 5

SELECT intersection_cardinality(make_set_digest(v1), make_set_digest(v2)), jaccard_index(make_set_digest(v1), make_set_digest(v2)) FROM (VALUES (1, 1), (NULL, 2), (2, 3), (NULL, 4)) AS t(v1, v2)
=> 2 | 0.5

SELECT cardinality(merge_set_digest(d)) FROM (SELECT make_set_digest(x) AS d FROM (VALUES 'a', 'b') AS t(x) UNION ALL SELECT make_set_digest(x) FROM (VALUES 'b', 'c') AS t(x))
=> 3

SELECT value_at_quantile(qdigest_agg(x), 0.5), values_at_quantiles(qdigest_agg(x), ARRAY[0.0, 0.5, 1.0]), value_at_quantile(tdigest_agg(x), 0.5) FROM (VALUES 5, 1, 4, 2, 3) AS t(x)
=> 3 | [1, 3, 5] | 3.0

SELECT value_at_quantile(merge(d), 0.5), values_at_quantiles(merge(t), ARRAY[0.0, 1.0]) FROM (SELECT qdigest_agg(x) AS d, tdigest_agg(x) AS t FROM (VALUES 1, 2) AS t(x) UNION ALL SELECT qdigest_agg(x), tdigest_agg(x) FROM (VALUES 2, 3, 9) AS t(x))
=> 2 | [1.0, 9.0]

SELECT numeric_histogram(10, x) FROM (VALUES 2, 1, 2, 3.5) AS t(x)
=> {1.0=1.0, 2.0=2.0, 3.5=1.0}

SELECT numeric_histogram(10, x, w) FROM (VALUES (2, 0.5), (1, 1), (2, 1.5)) AS t(x, w)
=> {1.0=1.0, 2.0=2.0}

-- Color functions write ANSI 256-color escapes (chr(27) shown as ESC): an
-- RGB color selects the nearest cell of the 6x6x6 cube, 16 + 36r + 6g + b
-- with each channel scaled to 0-5; bar colors its blocks from red to green.
SELECT replace(render('ok', color('green')), chr(27), 'ESC'), replace(render(42, rgb(255, 0, 0)), chr(27), 'ESC'), replace(render(1.5, color('#00F')), chr(27), 'ESC')
=> ESC[38;5;2mokESC[0m | ESC[38;5;196m42ESC[0m | ESC[38;5;21m1.5ESC[0m

SELECT replace(render(true), chr(27), 'ESC'), replace(render(false), chr(27), 'ESC')
=> ESC[38;5;2m✓ESC[0m | ESC[38;5;1m✗ESC[0m

-- The documentation's colors: #CDE is 0xCCDDEE (cell 16 + 36*4 + 6*5 + 5),
-- rgb(0xFF, 0xCC, 0xAA) is 0xFFCCAA; halfway from red to green is yellow.
SELECT replace(render('x', color('#CDE')), chr(27), 'ESC'), replace(render('x', rgb(255, 204, 170)), chr(27), 'ESC')
=> ESC[38;5;195mxESC[0m | ESC[38;5;223mxESC[0m

SELECT replace(render('x', color(0.5, rgb(255, 0, 0), rgb(0, 255, 0))), chr(27), 'ESC'), replace(render('x', color(5, 0, 10, color('#F00'), color('#0F0'))), chr(27), 'ESC')
=> ESC[38;5;226mxESC[0m | ESC[38;5;226mxESC[0m

SELECT color('pink')
=> ERROR Invalid color: 'pink'

SELECT rgb(256, 0, 0)
=> ERROR red must be between 0 and 255

SELECT replace(bar(1.0, 2), chr(27), 'ESC'), '[' || replace(bar(0.5, 5), chr(27), 'ESC') || ']'
=> ESC[38;5;196m█ESC[38;5;46m█ESC[0m | [ESC[38;5;196m█ESC[38;5;214m█ESC[0m   ]

-- The documentation's bar: 25% of 40 draws 10 blocks, padded to 40.
SELECT length(regexp_replace(bar(0.25, 40), chr(27) || '\[[0-9;]*m', '')), length(replace(regexp_replace(bar(0.25, 40), chr(27) || '\[[0-9;]*m', ''), ' ', ''))
=> 40 | 10

SELECT replace(bar(0.5, 2, color('blue'), color('red')), chr(27), 'ESC')
=> ERROR color is not a valid rgb value

-- Geospatial functions. A Geometry is shown as Trino writes its text: a
-- polygon's exterior ring counter-clockwise and closed. Expected values
-- are those of Trino's own geospatial tests.
SELECT ST_AsText(ST_Point(1, 4)), ST_AsText(ST_Point(122.3, 10.55)), ST_AsText(ST_Polygon('POLYGON ((1 1, 1 4, 4 4, 4 1))'))
=> POINT (1 4) | POINT (122.3 10.55) | POLYGON ((1 1, 4 1, 4 4, 1 4, 1 1))

SELECT ST_AsText(ST_LineFromText('LINESTRING (1 1, 2 2, 1 3)')), ST_AsText(ST_LineFromText('LINESTRING EMPTY'))
=> LINESTRING (1 1, 2 2, 1 3) | LINESTRING EMPTY

SELECT ST_AsText(ST_LineFromText('MULTILINESTRING EMPTY'))
=> ERROR ST_LineFromText only applies to LINE_STRING. Input type is: MULTI_LINE_STRING

SELECT ST_Area(ST_GeometryFromText('POLYGON ((2 2, 2 6, 6 6, 6 2))')), ST_Area(ST_GeometryFromText('GEOMETRYCOLLECTION (POINT (8 8), LINESTRING (5 5, 6 6), POLYGON ((1 1, 3 1, 3 4, 1 4, 1 1)))')), ST_Area(ST_GeometryFromText('LINESTRING (1 4, 2 5)'))
=> 16.0 | 6.0 | 0.0

SELECT ST_AsText(ST_Centroid(ST_GeometryFromText(w))) FROM (VALUES (1, 'LINESTRING EMPTY'), (2, 'MULTIPOINT (1 2, 2 4, 3 6, 4 8)'), (3, 'MULTILINESTRING ((1 1, 5 1), (2 4, 4 4))'), (4, 'POLYGON ((1 1, 5 1, 3 4))'), (5, 'MULTIPOLYGON (((1 1, 1 3, 3 3, 3 1)), ((2 4, 2 6, 6 6, 6 4)))'), (6, 'POLYGON ((0 0, 0 5, 5 5, 5 0, 0 0), (1 1, 1 2, 2 2, 2 1, 1 1))')) AS t(i, w) ORDER BY i
=> POINT EMPTY
=> POINT (2.5 5)
=> POINT (3 2)
=> POINT (3 2)
=> POINT (3.3333333333333335 4)
=> POINT (2.5416666666666665 2.5416666666666665)

SELECT ST_CoordDim(ST_GeometryFromText('POINT (1 4)')), ST_Dimension(ST_GeometryFromText('POINT (1 4)')), ST_Dimension(ST_GeometryFromText('LINESTRING EMPTY')), ST_Dimension(ST_GeometryFromText('POLYGON EMPTY'))
=> 2 | 0 | 1 | 2

SELECT ST_IsClosed(ST_GeometryFromText('LINESTRING (1 1, 2 2, 1 3, 1 1)')), ST_IsClosed(ST_GeometryFromText('LINESTRING (1 1, 2 2, 1 3)')), ST_IsEmpty(ST_GeometryFromText('POINT (1.5 2.5)')), ST_IsEmpty(ST_GeometryFromText('POLYGON EMPTY'))
=> true | false | false | true

SELECT ST_IsClosed(ST_GeometryFromText('POLYGON ((1 1, 1 4, 4 4, 4 1))'))
=> ERROR ST_IsClosed only applies to LINE_STRING or MULTI_LINE_STRING. Input type is: POLYGON

SELECT ST_Length(ST_GeometryFromText('LINESTRING (0 0, 2 2)')), ST_Length(ST_GeometryFromText('MULTILINESTRING ((1 1, 5 1), (2 4, 4 4))')), ST_Length(ST_GeometryFromText('LINESTRING EMPTY'))
=> 2.8284271247461903 | 6.0 | 0.0

SELECT ST_X(ST_GeometryFromText('POINT (1 2)')), ST_Y(ST_GeometryFromText('POINT (1 2)')), ST_Y(ST_GeometryFromText('POINT EMPTY'))
=> 1.0 | 2.0 | NULL

SELECT ST_Y(ST_GeometryFromText('POLYGON ((2 0, 2 1, 3 1))'))
=> ERROR ST_Y only applies to POINT. Input type is: POLYGON

SELECT ST_XMin(g), ST_XMax(g), ST_YMin(g), ST_YMax(g) FROM (SELECT ST_GeometryFromText('GEOMETRYCOLLECTION (POINT (5 1), LINESTRING (3 4, 4 4))') AS g)
=> 3.0 | 5.0 | 1.0 | 4.0

SELECT ST_XMax(ST_GeometryFromText('MULTIPOLYGON (((1 1, 1 3, 3 3, 3 1)), ((2 4, 2 6, 6 6, 6 4)))')), ST_YMin(ST_GeometryFromText('POLYGON ((2 0, 2 1, 3 1))')), ST_XMin(ST_GeometryFromText('POLYGON EMPTY'))
=> 6.0 | 0.0 | NULL

SELECT ST_NumPoints(ST_GeometryFromText(w)) FROM (VALUES (1, 'POINT EMPTY'), (2, 'MULTIPOINT (1 2, 2 4, 3 6, 4 8)'), (3, 'MULTILINESTRING ((1 1, 5 1), (2 4, 4 4))'), (4, 'POLYGON ((0 0, 8 0, 0 8, 0 0), (1 1, 1 5, 5 1, 1 1))'), (5, 'MULTIPOLYGON (((1 1, 1 3, 3 3, 3 1)), ((2 4, 2 6, 6 6, 6 4)))'), (6, 'GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (8 4, 5 7), POLYGON EMPTY)')) AS t(i, w) ORDER BY i
=> 0
=> 4
=> 4
=> 6
=> 8
=> 3

SELECT ST_AsText(ST_Envelope(ST_GeometryFromText(w))) FROM (VALUES (1, 'MULTIPOINT (1 2, 2 4, 3 6, 4 8)'), (2, 'LINESTRING EMPTY'), (3, 'LINESTRING (8 4, 5 7)'), (4, 'POLYGON ((1 1, 4 1, 1 4))'), (5, 'MULTIPOLYGON (((1 1, 1 3, 3 3, 3 1)), ((0 0, 0 2, 2 2, 2 0)))')) AS t(i, w) ORDER BY i
=> POLYGON ((1 2, 4 2, 4 8, 1 8, 1 2))
=> POLYGON EMPTY
=> POLYGON ((5 4, 8 4, 8 7, 5 7, 5 4))
=> POLYGON ((1 1, 4 1, 4 4, 1 4, 1 1))
=> POLYGON ((0 0, 3 0, 3 3, 0 3, 0 0))

SELECT transform(ST_EnvelopeAsPts(ST_GeometryFromText('LINESTRING (8 4, 5 7)')), x -> ST_AsText(x)), ST_EnvelopeAsPts(ST_GeometryFromText('LINESTRING EMPTY'))
=> [POINT (5 4), POINT (8 7)] | NULL

SELECT ST_GeometryType(ST_GeometryFromText(w)) FROM (VALUES (1, 'POINT (1 2)'), (2, 'LINESTRING (1 2, 3 4)'), (3, 'POLYGON ((1 1, 4 1, 1 4))'), (4, 'MULTIPOINT (1 2, 3 4)'), (5, 'MULTILINESTRING ((1 1, 5 1), (2 4, 4 4))'), (6, 'MULTIPOLYGON (((1 1, 1 3, 3 3, 3 1)))'), (7, 'GEOMETRYCOLLECTION (POINT (1 2))')) AS t(i, w) ORDER BY i
=> ST_Point
=> ST_LineString
=> ST_Polygon
=> ST_MultiPoint
=> ST_MultiLineString
=> ST_MultiPolygon
=> ST_GeomCollection

SELECT transform(ST_Points(ST_GeometryFromText('POLYGON ((8 4, 3 9, 5 6, 7 2, 8 4))')), x -> ST_AsText(x)), transform(ST_Points(ST_GeometryFromText('LINESTRING (8 4, 3 9, 5 6)')), x -> ST_AsText(x)), ST_Points(ST_GeometryFromText('POINT EMPTY'))
=> [POINT (8 4), POINT (7 2), POINT (5 6), POINT (3 9), POINT (8 4)] | [POINT (8 4), POINT (3 9), POINT (5 6)] | NULL

SELECT ST_AsText(ST_StartPoint(ST_GeometryFromText('LINESTRING (8 4, 4 8, 5 6)'))), ST_AsText(ST_EndPoint(ST_GeometryFromText('LINESTRING (8 4, 4 8, 5 6)'))), ST_AsText(ST_PointN(ST_GeometryFromText('LINESTRING (8 4, 4 8, 5 6)'), 2)), ST_PointN(ST_GeometryFromText('LINESTRING (8 4, 4 8, 5 6)'), 4)
=> POINT (8 4) | POINT (5 6) | POINT (4 8) | NULL

SELECT ST_AsText(ST_StartPoint(ST_GeometryFromText('POLYGON ((2 0, 2 1, 3 1))')))
=> ERROR ST_StartPoint only applies to LINE_STRING. Input type is: POLYGON

SELECT ST_Distance(ST_Point(50, 100), ST_Point(150, 150)), ST_Distance(ST_GeometryFromText('MULTIPOINT (50 100, 50 200)'), ST_GeometryFromText('Point (50 100)')), ST_Distance(ST_GeometryFromText('POINT EMPTY'), ST_Point(150, 150))
=> 111.80339887498948 | 0.0 | NULL

SELECT ST_Distance(ST_GeometryFromText('LINESTRING (50 100, 50 200)'), ST_GeometryFromText('LINESTRING (10 10, 20 20)')), ST_Distance(ST_GeometryFromText('MULTILINESTRING ((1 1, 5 1), (2 4, 4 4))'), ST_GeometryFromText('LINESTRING (10 20, 20 50)'))
=> 85.44003745317531 | 17.08800749063506

SELECT ST_Distance(ST_GeometryFromText('POLYGON ((1 1, 1 3, 3 3, 3 1))'), ST_GeometryFromText('POLYGON ((4 4, 4 5, 5 5, 5 4))')), ST_Distance(ST_GeometryFromText('MULTIPOLYGON (((1 1, 1 3, 3 3, 3 1)), ((0 0, 0 2, 2 2, 2 0)))'), ST_GeometryFromText('POLYGON ((10 100, 30 10))'))
=> 1.4142135623730951 | 27.892651361962706

-- A point in a hole or on the boundary is not contained.
SELECT x, y, ST_Contains(ST_GeometryFromText('POLYGON ((0 0, 0 4, 4 4, 4 0, 0 0), (1 1, 1 2, 2 2, 2 1, 1 1))'), ST_Point(x, y)), ST_Within(ST_Point(x, y), ST_GeometryFromText('MULTIPOLYGON (((0 0, 0 4, 4 4, 4 0)), ((10 10, 10 11, 11 11, 11 10)))')) FROM (VALUES (3, 3), (1.5, 1.5), (0, 2), (5, 5), (10.5, 10.5)) AS t(x, y)
=> 3.0 | 3.0 | true | true
=> 1.5 | 1.5 | false | true
=> 0.0 | 2.0 | false | false
=> 5.0 | 5.0 | false | false
=> 10.5 | 10.5 | false | true

SELECT ST_AsText(ST_ExteriorRing(ST_GeometryFromText('POLYGON ((1 1, 1 4, 4 1))'))), ST_AsText(ST_ExteriorRing(ST_GeometryFromText('POLYGON ((0 0, 0 5, 5 5, 5 0, 0 0), (1 1, 1 2, 2 2, 2 1, 1 1))'))), ST_NumInteriorRing(ST_GeometryFromText('POLYGON ((0 0, 8 0, 0 8, 0 0), (1 1, 1 5, 5 1, 1 1))'))
=> LINESTRING (1 1, 4 1, 1 4, 1 1) | LINESTRING (0 0, 5 0, 5 5, 0 5, 0 0) | 1

SELECT ST_AsText(ST_Boundary(ST_GeometryFromText('LINESTRING (100 150,50 60, 70 80, 160 170)'))), ST_AsText(ST_Boundary(ST_GeometryFromText('MULTIPOLYGON (((1 1, 1 3, 3 3, 3 1)), ((0 0, 0 2, 2 2, 2 0)))'))), ST_AsText(ST_Boundary(ST_GeometryFromText('POINT (1 2)')))
=> MULTIPOINT ((100 150), (160 170)) | MULTILINESTRING ((1 1, 3 1, 3 3, 1 3, 1 1), (0 0, 2 0, 2 2, 0 2, 0 0)) | MULTIPOINT EMPTY

SELECT ST_NumGeometries(ST_GeometryFromText('MULTIPOINT (1 2, 3 4)')), ST_AsText(ST_GeometryN(ST_GeometryFromText('MULTIPOINT (1 2, 3 4)'), 2)), ST_AsText(ST_GeometryN(ST_GeometryFromText('POINT (1 2)'), 1)), ST_GeometryN(ST_GeometryFromText('MULTIPOINT (1 2, 3 4)'), 3)
=> 2 | POINT (3 4) | POINT (1 2) | NULL

SELECT ST_AsText(ST_LineString(ARRAY[ST_Point(1, 2), ST_Point(3, 4)])), ST_AsText(ST_MultiPoint(ARRAY[ST_Point(1, 2), ST_Point(3, 4)]))
=> LINESTRING (1 2, 3 4) | MULTIPOINT ((1 2), (3 4))

-- Well-known binary: byte order 01 (little-endian), type 1 (point), x, y.
SELECT to_hex(ST_AsBinary(ST_Point(1, 2))), ST_AsText(ST_GeomFromBinary(from_hex('000000000140000000000000004010000000000000')))
=> 0101000000000000000000F03F0000000000000040 | POINT (2 4)

SELECT line_locate_point(ST_GeometryFromText(l), ST_Point(x, y)) FROM (VALUES (1, 'LINESTRING (0 0, 0 1)', 0, 0.2), (2, 'LINESTRING (0 0, 0 1)', 0, -1), (3, 'LINESTRING (0 0, 0 1)', 0, 2), (4, 'LINESTRING (0 0, 0 1, 2 1)', 0, 0.2), (5, 'LINESTRING (0 0, 0 1, 2 1)', 0.9, 1), (6, 'LINESTRING (1 3, 5 4)', 2, 3), (7, 'MULTILINESTRING ((0 0, 0 1), (2 2, 4 2))', 3, 1)) AS t(i, l, x, y) ORDER BY i
=> 0.2
=> 0.0
=> 1.0
=> 0.06666666666666667
=> 0.6333333333333333
=> 0.23529411764705882
=> 0.6666666666666666

SELECT ST_AsText(line_interpolate_point(ST_GeometryFromText(l), f)) FROM (VALUES (1, 'LINESTRING (0 0, 1 1, 10 10)', 0.4), (2, 'LINESTRING (0 0, 1 1)', 0.05), (3, 'LINESTRING (0 0, 1 1)', 0.4), (4, 'LINESTRING (0 0, 1 0, 1 9)', 0.05), (5, 'LINESTRING (0 0, 1 0, 1 9)', 0.5), (6, 'LINESTRING (0 0, 1 0, 1 9)', 1.0)) AS t(i, l, f) ORDER BY i
=> POINT (4.000000000000001 4.000000000000001)
=> POINT (0.05 0.05)
=> POINT (0.4 0.4)
=> POINT (0.5 0)
=> POINT (1 4)
=> POINT (1 9)

SELECT transform(line_interpolate_points(ST_GeometryFromText('LINESTRING (0 0, 1 1, 10 10)'), 0.4), x -> ST_AsText(x)), transform(line_interpolate_points(ST_GeometryFromText('LINESTRING (0 0, 1 1, 10 10)'), 0.5), x -> ST_AsText(x))
=> [POINT (4.000000000000001 4.000000000000001), POINT (8 8)] | [POINT (5.000000000000001 5.000000000000001), POINT (10 10)]

SELECT line_interpolate_point(ST_GeometryFromText('LINESTRING (0 0, 1 0, 1 9)'), 2.0)
=> ERROR fraction must be between 0 and 1

SELECT ST_AsText(from_encoded_polyline('_p~iF~ps|U_ulLnnqC_mqNvxq`@')), ST_AsText(from_encoded_polyline('iiqeFjs_jV')), ST_AsText(from_encoded_polyline(''))
=> LINESTRING (-120.2 38.5, -120.95 40.7, -126.45300000000002 43.252) | LINESTRING EMPTY | LINESTRING EMPTY

SELECT to_encoded_polyline(ST_GeometryFromText('LINESTRING (-120.2 38.5, -120.95 40.7, -126.453 43.252, -128.318 46.102)')), to_encoded_polyline(ST_GeometryFromText('MULTIPOINT (-120.2 38.5)')), '[' || to_encoded_polyline(ST_GeometryFromText('LINESTRING EMPTY')) || ']'
=> _p~iF~ps|U_ulLnnqC_mqNvxq`@oskPfgkJ | _p~iF~ps|U | []

SELECT to_encoded_polyline(ST_GeometryFromText('POINT (-120.2 38.5)'))
=> ERROR encode_polyline only applies to LINE_STRING or MULTI_POINT. Input type is: POINT

SELECT ST_Contains(ST_GeometryFromText('POINT (20 20)'), ST_GeometryFromText('POINT (25 25)')), ST_Contains(ST_GeometryFromText('MULTIPOINT (20 20, 25 25)'), ST_GeometryFromText('POINT (25 25)')), ST_Contains(ST_GeometryFromText('LINESTRING (20 20, 30 30)'), ST_GeometryFromText('POINT (25 25)')), ST_Contains(ST_GeometryFromText('LINESTRING (20 20, 30 30)'), ST_GeometryFromText('MULTIPOINT (25 25, 31 31)'))
=> false | true | true | false

SELECT i, ST_Disjoint(ST_GeometryFromText(a), ST_GeometryFromText(b)), ST_Intersects(ST_GeometryFromText(a), ST_GeometryFromText(b)) FROM (VALUES (1, 'POINT (50 100)', 'POINT (150 150)'), (2, 'MULTIPOINT (50 100, 50 200)', 'POINT (50 100)'), (3, 'LINESTRING (0 0, 0 1)', 'LINESTRING (1 1, 1 0)'), (4, 'LINESTRING (2 1, 1 2)', 'LINESTRING (3 1, 1 3)'), (5, 'LINESTRING (1 1, 3 3)', 'LINESTRING (3 1, 1 3)'), (6, 'LINESTRING (50 100, 50 200)', 'LINESTRING (20 150, 100 150)'), (7, 'MULTILINESTRING ((1 1, 5 1), (2 4, 4 4))', 'MULTILINESTRING ((3 4, 6 4), (5 0, 5 4))'), (8, 'POLYGON ((1 1, 1 3, 3 3, 3 1))', 'POLYGON ((4 4, 4 5, 5 5, 5 4))'), (9, 'MULTIPOLYGON (((1 1, 1 3, 3 3, 3 1)), ((0 0, 0 2, 2 2, 2 0)))', 'POLYGON ((0 1, 3 1, 3 3, 0 3))'), (10, 'POLYGON ((16.5 54, 16.5 54.1, 16.51 54.1, 16.8 54))', 'LINESTRING (16.6 53, 16.6 56)'), (11, 'POLYGON ((16.5 54, 16.5 54.1, 16.51 54.1, 16.8 54))', 'LINESTRING (16.6667 54.05, 16.8667 54.05)')) AS t(i, a, b) ORDER BY i
=> 1 | true | false
=> 2 | false | true
=> 3 | true | false
=> 4 | true | false
=> 5 | false | true
=> 6 | false | true
=> 7 | false | true
=> 8 | true | false
=> 9 | false | true
=> 10 | false | true
=> 11 | true | false

SELECT i, ST_AsText(ST_ConvexHull(ST_GeometryFromText(w))) FROM (VALUES (1, 'MULTIPOINT EMPTY'), (2, 'GEOMETRYCOLLECTION (POINT (1 1), POINT EMPTY)'), (3, 'LINESTRING (1 1, 1 9, 2 2)'), (4, 'POLYGON ((0 0, 0 3, 4 4, 1 1, 3 0))'), (5, 'MULTILINESTRING ((0 0, 3 3), (1 1, 2 2), (2 2, 4 4), (5 5, 8 8))'), (6, 'MULTILINESTRING ((1 1, 5 1, 6 6), (2 4, 4 0), (2 -4, 4 4), (3 -2, 4 -3))'), (7, 'MULTIPOINT (0 2, 1 0, 3 0, 4 0, 4 2, 2 2, 2 4)'), (8, 'GEOMETRYCOLLECTION (POINT (2 3), LINESTRING (2 8, 7 10), POINT (8 10), POLYGON ((4 4, 4 8, 9 8, 6 6, 6 4, 8 3, 6 1)), POINT (4 2), LINESTRING (3 6, 5 5), POLYGON ((7 5, 7 6, 8 6, 8 5)))')) AS t(i, w) ORDER BY i
=> 1 | MULTIPOINT EMPTY
=> 2 | POINT (1 1)
=> 3 | POLYGON ((1 1, 2 2, 1 9, 1 1))
=> 4 | POLYGON ((0 0, 3 0, 4 4, 0 3, 0 0))
=> 5 | LINESTRING (0 0, 8 8)
=> 6 | POLYGON ((1 1, 2 -4, 4 -3, 5 1, 6 6, 2 4, 1 1))
=> 7 | POLYGON ((0 2, 1 0, 4 0, 4 2, 2 4, 0 2))
=> 8 | POLYGON ((2 3, 6 1, 8 3, 9 8, 8 10, 7 10, 2 8, 2 3))

-- convex_hull_agg is ST_ConvexHull of all its inputs together.
SELECT ST_AsText(convex_hull_agg(ST_Point(x, y))) FROM (VALUES (0, 0), (4, 0), (2, 1), (0, 3)) AS t(x, y)
=> POLYGON ((0 0, 4 0, 0 3, 0 0))

SELECT i, geometry_nearest_points(ST_GeometryFromText(a), ST_GeometryFromText(b)) FROM (VALUES (1, 'POINT (50 100)', 'POINT (150 150)'), (2, 'MULTIPOINT (50 100, 50 200)', 'POINT (50 100)'), (3, 'LINESTRING (50 100, 50 200)', 'LINESTRING (10 10, 20 20)'), (4, 'MULTILINESTRING ((1 1, 5 1), (2 4, 4 4))', 'LINESTRING (10 20, 20 50)'), (5, 'POLYGON ((1 1, 1 3, 3 3, 3 1, 1 1))', 'POLYGON ((4 4, 4 5, 5 5, 5 4, 4 4))'), (6, 'MULTIPOLYGON (((1 1, 1 3, 3 3, 3 1, 1 1)), ((0 0, 0 2, 2 2, 2 0, 0 0)))', 'POLYGON ((10 100, 30 10, 30 100, 10 100))'), (7, 'GEOMETRYCOLLECTION (POINT (0 0), LINESTRING (0 20, 20 0))', 'POLYGON ((5 5, 5 6, 6 6, 6 5, 5 5))'), (8, 'POINT EMPTY', 'POINT (150 150)')) AS t(i, a, b) ORDER BY i
=> 1 | {POINT (50 100), POINT (150 150)}
=> 2 | {POINT (50 100), POINT (50 100)}
=> 3 | {POINT (50 100), POINT (20 20)}
=> 4 | {POINT (4 4), POINT (10 20)}
=> 5 | {POINT (3 3), POINT (4 4)}
=> 6 | {POINT (3 3), POINT (30 10)}
=> 7 | {POINT (10 10), POINT (6 6)}
=> 8 | NULL

SELECT i, ST_IsSimple(ST_GeometryFromText(w)) FROM (VALUES (1, 'POINT (1.5 2.5)'), (2, 'MULTIPOINT (1 2, 2 4, 3 6, 4 8)'), (3, 'MULTIPOINT (1 2, 2 4, 3 6, 1 2)'), (4, 'LINESTRING (8 4, 5 7)'), (5, 'LINESTRING (1 1, 2 2, 1 3, 1 1)'), (6, 'LINESTRING (0 0, 1 1, 1 0, 0 1)'), (7, 'MULTILINESTRING ((1 1, 5 1), (2 4, 4 4))'), (8, 'MULTILINESTRING ((1 1, 5 1), (2 4, 4 0))'), (9, 'POLYGON ((2 0, 2 1, 3 1))')) AS t(i, w) ORDER BY i
=> 1 | true
=> 2 | true
=> 3 | false
=> 4 | true
=> 5 | true
=> 6 | false
=> 7 | true
=> 8 | false
=> 9 | true

SELECT ST_IsRing(ST_GeometryFromText('LINESTRING (8 4, 4 8)')), ST_IsRing(ST_GeometryFromText('LINESTRING (0 0, 1 1, 0 2, 0 0)'))
=> false | true

SELECT ST_IsRing(ST_GeometryFromText('POLYGON ((2 0, 2 1, 3 1))'))
=> ERROR ST_IsRing only applies to LINE_STRING. Input type is: POLYGON

SELECT transform(ST_InteriorRings(ST_GeometryFromText('POLYGON ((0 0, 0 5, 5 5, 5 0, 0 0), (1 1, 1 2, 2 2, 2 1, 1 1), (3 3, 3 4, 4 4, 4 3, 3 3))')), x -> ST_AsText(x)), ST_InteriorRings(ST_GeometryFromText('POLYGON EMPTY')), ST_AsText(ST_InteriorRingN(ST_GeometryFromText('POLYGON ((0 0, 0 3, 3 3, 3 0, 0 0), (1 1, 1 2, 2 2, 2 1, 1 1))'), 1))
=> [LINESTRING (1 1, 1 2, 2 2, 2 1, 1 1), LINESTRING (3 3, 3 4, 4 4, 4 3, 3 3)] | NULL | LINESTRING (1 1, 1 2, 2 2, 2 1, 1 1)

SELECT ST_InteriorRings(ST_GeometryFromText('MULTIPOINT (30 20, 60 70)'))
=> ERROR ST_InteriorRings only applies to POLYGON. Input type is: MULTI_POINT

SELECT transform(ST_Geometries(ST_GeometryFromText('GEOMETRYCOLLECTION (POINT (2 3), LINESTRING (2 3, 3 4))')), x -> ST_AsText(x)), transform(ST_Geometries(ST_GeometryFromText('POINT (1 2)')), x -> ST_AsText(x)), ST_Geometries(ST_GeometryFromText('POINT EMPTY'))
=> [POINT (2 3), LINESTRING (2 3, 3 4)] | [POINT (1 2)] | NULL

-- Bing tiles, with the values of Trino's tests.
SELECT bing_tile_quadkey(bing_tile('213')), bing_tile_quadkey(bing_tile(3, 5, 3)), bing_tile_quadkey(bing_tile(21845, 13506, 15)), bing_tile_zoom_level(bing_tile('123030123010121'))
=> 213 | 213 | 123030123010121 | 15

SELECT bing_tile_coordinates(bing_tile('213')).x, bing_tile_coordinates(bing_tile('123030123010121')).y, bing_tile_coordinates(bing_tile('213'))
=> 3 | 13506 | {x=3, y=5}

SELECT bing_tile_quadkey(bing_tile_at(30.12, 60, 15)), bing_tile_coordinates(bing_tile_at(0, -0.002, 1)), bing_tile_coordinates(bing_tile_at(1e0/512, 0, 1)), bing_tile_coordinates(bing_tile_at(1e0/512, 0, 9))
=> 123030123010121 | {x=0, y=1} | {x=1, y=0} | {x=256, y=255}

SELECT bing_tile('12345')
=> ERROR Invalid QuadKey digit sequence: 12345

SELECT bing_tile(10, 2, 3)
=> ERROR XY coordinates for a Bing tile at zoom level 3 must be within [0, 8) range

SELECT bing_tile_at(300.12, 60, 15)
=> ERROR Latitude must be between -85.05112878 and 85.05112878

SELECT bing_tile_at(30.12, 60, 0)
=> ERROR Zoom level must be > 0

-- The bottom right corner of the last tile of a level.
SELECT ST_XMax(bing_tile_polygon(bing_tile(7, 7, 3))), ST_YMin(bing_tile_polygon(bing_tile(7, 7, 3))), round(ST_XMin(bing_tile_polygon(bing_tile('123030123010121'))), 9), round(ST_YMax(bing_tile_polygon(bing_tile('123030123010121'))), 9)
=> 180.0 | -85.05112877980659 | 59.996337891 | 30.126124364

SELECT transform(bing_tiles_around(30.12, 60, 15), x -> bing_tile_quadkey(x)), transform(bing_tiles_around(30.12, 60, 1), x -> bing_tile_quadkey(x))
=> [123030123010102, 123030123010120, 123030123010122, 123030123010103, 123030123010121, 123030123010123, 123030123010112, 123030123010130, 123030123010132] | [0, 2, 1, 3]

SELECT transform(bing_tiles_around(-85.05112878, 0, 3), x -> bing_tile_quadkey(x)), transform(bing_tiles_around(0, -180, 2), x -> bing_tile_quadkey(x)), transform(bing_tiles_around(85.05112878, 180, 2), x -> bing_tile_quadkey(x))
=> [231, 233, 320, 322, 321, 323] | [02, 20, 22, 03, 21, 23] | [10, 12, 11, 13]

-- approx_most_frequent is exact while the distinct values fit its capacity.
SELECT approx_most_frequent(2, x, 10) FROM (VALUES 'a', 'b', 'a', 'c', 'a', 'b', NULL) AS t(x)
=> {a=3, b=2}

SELECT element_at(approx_most_frequent(3, x, 10), 2), cardinality(approx_most_frequent(3, x, 10)) FROM (VALUES 1, 2, 2) AS t(x)
=> 2 | 2

SELECT i, ST_AsText(geometry_from_hadoop_shape(from_hex(h))) FROM (VALUES (1, '000000000101000000FFFFFFFFFFFFEFFFFFFFFFFFFFFFEFFF'), (2, '000000000305000000000000000000F87F000000000000F87F000000000000F87F000000000000F87F0000000000000000'), (3, '000000000101000000000000000000F03F0000000000000040'), (4, '000000000203000000000000000000000000000000000000000000000000000840000000000000104001000000030000000000000000000000000000000000000000000000000000000000F03F000000000000004000000000000008400000000000001040'), (5, '00000000030500000000000000000000000000000000000000000000000000F03F000000000000F03F010000000500000000000000000000000000000000000000000000000000000000000000000000000000F03F000000000000F03F000000000000F03F000000000000F03F000000000000000000000000000000000000000000000000'), (6, '000000000408000000000000000000F03F00000000000000400000000000000840000000000000104002000000000000000000F03F000000000000004000000000000008400000000000001040'), (7, '000000000605000000000000000000F03F000000000000F03F00000000000018400000000000001840020000000A0000000000000005000000000000000000F03F000000000000F03F000000000000F03F0000000000000840000000000000084000000000000008400000000000000840000000000000F03F000000000000F03F000000000000F03F0000000000000040000000000000104000000000000000400000000000001840000000000000184000000000000018400000000000001840000000000000104000000000000000400000000000001040')) AS t(i, h) ORDER BY i
=> 1 | POINT EMPTY
=> 2 | POLYGON EMPTY
=> 3 | POINT (1 2)
=> 4 | LINESTRING (0 0, 1 2, 3 4)
=> 5 | POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))
=> 6 | MULTIPOINT ((1 2), (3 4))
=> 7 | MULTIPOLYGON (((1 1, 3 1, 3 3, 1 3, 1 1)), ((2 4, 6 4, 6 6, 2 6, 2 4)))

SELECT geometry_from_hadoop_shape(from_hex('1234'))
=> ERROR Hadoop shape input is too short

SELECT ST_MultiPoint(ARRAY[ST_Point(1, 2), ST_GeometryFromText('POINT EMPTY')])
=> ERROR Invalid input to ST_MultiPoint: empty point at index 2

SELECT typeof(count(*)), typeof(sum(x)), typeof(max(x)) FROM (VALUES 1, 2, 3) AS t(x)
=> bigint | bigint | integer

SELECT max(x) / 2, sum(x) / 4 FROM (VALUES 1, 2, 3) AS t(x)
=> 1 | 1
