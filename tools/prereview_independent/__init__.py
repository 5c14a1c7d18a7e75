"""An evaluation set for pre-review written without the existing generator or the reviewer:
fictitious applications for items of knowledge/sample, drawn from scratch. See README.md."""
