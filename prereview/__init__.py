"""Pre-review of uploaded materials (智能预审) — coming with the pre-review issue."""
