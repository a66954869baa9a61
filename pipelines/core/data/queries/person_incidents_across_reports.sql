-- One person's incidents across reports, each with the sentence of the report it rests on.
-- Choose the person first (by name or id):  SET VARIABLE person = 'Elena Semenova';
-- Without it, the person named in the most reports is shown.
WITH chosen AS (
    SELECT person_id FROM persons
    WHERE getvariable('person') IN (person_id, name)
       OR (getvariable('person') IS NULL AND person_id = (
            SELECT person_id FROM persons
            ORDER BY n_reports DESC, n_incidents DESC, person_id LIMIT 1))
)
SELECT p.name, i.event_date, i.event_type, i.location, ip.role, r.source_file, i.evidence
FROM chosen
JOIN persons p USING (person_id)
JOIN incident_persons ip USING (person_id)
JOIN incidents i USING (incident_id)
JOIN reports r ON r.report_id = i.report_id
ORDER BY i.event_date NULLS LAST, i.incident_id;
