-- Incidents per year and event type (undated incidents under year NULL).
-- Run in a release folder: duckdb -init views.sql -c ".read query_incidents_per_year_and_type.sql"
SELECT year(event_date) AS year, event_type, count(*) AS incidents
FROM incidents
GROUP BY ALL
ORDER BY year NULLS LAST, incidents DESC, event_type;
