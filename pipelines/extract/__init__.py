"""Extract stage: units → person mentions and incidents, per report."""
