"""Pre-review of uploaded materials (智能预审): every defect of an application told at once.

`review.PreReview` runs intake → decode → quality → OCR → classify → extract → rules → report;
`jobs.PrereviewJobs` keeps uploads for the retention period and runs reviews in the
background. The fictitious documents that test and evaluate it all come from
`tools/prereview_synthetic` (development only, not in the wheel).
"""
