"""The accuracy evaluations behind ``teller eval ...``: each reads a public data set, runs the
pipeline through its front door and returns a dict whose keys are a documented contract
(docs/evaluation.md)."""
