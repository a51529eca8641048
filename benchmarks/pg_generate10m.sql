-- Ten million generated events in a PostgreSQL store, for measuring the viewer on a large team
-- store (docs/PERFORMANCE.md, "First open from the server's copy"). The same rows as
-- bench_workspace's kGenerate10M for SQLite (2001-2021, ten towns and anywhere, 90 % single
-- days, 8 % up to a week, 2 % up to a year, one or two of 40 actors), translated for PostgreSQL.
-- The store's schema must exist and hold article 1 and no event above id 100: import one article
-- into a new database first, e.g.
--   mapline import --db "postgresql://USER@/DB?host=SOCKETDIR&port=PORT" ../shared/corpus/*
--   psql -h SOCKETDIR -p PORT -U USER -d DB -f benchmarks/pg_generate10m.sql
-- About 8 minutes on the 2-core machine (the change log's triggers included); the first
-- `mapline snapshot --db URL` afterwards streams every event once and writes the server's copy.
SET search_path = mapline, public;
SET jit = off;
INSERT INTO actors (name) SELECT 'Actor ' || x FROM generate_series(1, 40) x ON CONFLICT DO NOTHING;
CREATE TEMP TABLE gen_actor AS SELECT x AS k, (SELECT id FROM actors WHERE name = 'Actor ' || x) AS id FROM generate_series(1, 40) x;
CREATE TEMP TABLE gen_types (i int PRIMARY KEY, name text);
INSERT INTO gen_types VALUES (0,'armed_clash'),(1,'air_strike'),(2,'shelling'),(3,'bombing'),(4,'attack_on_civilians'),
 (5,'killing'),(6,'talks'),(7,'agreement'),(8,'surrender'),(9,'disarmament'),(10,'troop_movement'),(11,'deployment'),
 (12,'territory_taken'),(13,'statement'),(14,'threat');
CREATE TEMP TABLE gen_towns (i int PRIMARY KEY, lon float8, lat float8);
INSERT INTO gen_towns VALUES (0,69.18,34.53),(1,65.71,31.61),(2,62.20,34.35),(3,67.11,36.71),(4,68.87,36.73),
 (5,70.45,34.43),(6,64.37,31.59),(7,68.42,33.55),(8,69.92,33.34),(9,69.53,36.74);
INSERT INTO events (id, article_id, type, date, date_end, date_precision, lon, lat, geo_precision, confidence, flags)
SELECT v.x + 100, 1, t.name, v.start,
       CASE WHEN v.kind < 90 THEN v.start WHEN v.kind < 98 THEN v.start + (1 + v.r2 % 7)::int
            ELSE v.start + (28 + v.r2 % 338)::int END,
       CASE WHEN v.kind < 90 THEN 'day' ELSE 'range' END,
       CASE WHEN v.r7 % 10 < 7 THEN w.lon + (v.jx - 0.5) * 0.4 ELSE 61.0 + v.jx * 10 END,
       CASE WHEN v.r7 % 10 < 7 THEN w.lat + (v.jy - 0.5) * 0.4 ELSE 30.0 + v.jy * 7 END,
       CASE WHEN (v.r7 / 10) % 10 = 0 THEN 'province' ELSE 'city' END, 0.8, 0
FROM (SELECT x, r1, r2, date '2001-01-01' + (r3 % 7670)::int AS start, r4 % 100 AS kind, r5 % 10 AS town,
             (r6 % 1000000) / 1e6::float8 AS jx, (r8 % 1000000) / 1e6::float8 AS jy, r7
      FROM (SELECT x, a * 48271 % 2147483647 AS r1, a * 69621 % 2147483647 AS r2, a * 16807 % 2147483647 AS r3,
                   a * 39373 % 2147483647 AS r4, a * 40692 % 2147483647 AS r5, a * 40014 % 2147483647 AS r6,
                   a * 53668 % 2147483647 AS r7, a * 12211 % 2147483647 AS r8
            FROM (SELECT x, (x * 2654435761 + 12345) % 2147483647 AS a FROM generate_series(1::bigint, 10000000::bigint) x) s) r) v
JOIN gen_types t ON t.i = v.r2 % 15 JOIN gen_towns w ON w.i = v.town;
INSERT INTO event_actors (event_id, actor_id) SELECT e.id, g.id FROM events e JOIN gen_actor g ON g.k = 1 + (e.id * 7919 + (e.id / 3)) % 40 WHERE e.id > 100;
INSERT INTO event_actors (event_id, actor_id) SELECT e.id, g.id FROM events e JOIN gen_actor g ON g.k = 1 + (e.id * 104729 % 2147483647) % 40 WHERE e.id > 100 AND e.id % 2 = 0 ON CONFLICT DO NOTHING;
SELECT setval(pg_get_serial_sequence('events', 'id'), (SELECT max(id) FROM events));
ANALYZE;
