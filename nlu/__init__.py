"""Text understanding shared by search, bot and pre-review: normalisation, segmentation, synonyms, aspects."""
