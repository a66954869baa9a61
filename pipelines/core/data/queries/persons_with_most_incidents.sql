-- Persons with the most incidents, with the reports that name them and the types of incident.
SELECT p.person_id, p.name, count(DISTINCT ip.incident_id) AS incidents,
       count(DISTINCT i.report_id) AS reports,
       string_agg(DISTINCT i.event_type, ', ' ORDER BY i.event_type) AS event_types
FROM persons p
JOIN incident_persons ip USING (person_id)
JOIN incidents i USING (incident_id)
GROUP BY p.person_id, p.name
ORDER BY incidents DESC, p.name
LIMIT 20;
