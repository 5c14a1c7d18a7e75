"""The guide knowledge base: schema, storage, import/export, validation, indexing and search."""
