"""Release stage: the codebook tables, their checks, the evaluation, and the published folder."""
