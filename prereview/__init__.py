"""Pre-review of uploaded materials (智能预审): every defect of an application told at once.

`review.PreReview` runs intake → decode → quality → OCR → classify → extract → rules → report;
`jobs.PrereviewJobs` keeps uploads for the retention period and runs reviews in the
background; `synthetic` generates fictitious documents to test and evaluate it all.
"""
