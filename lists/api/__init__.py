"""The open-data API (/api/v1/): read-only, anonymous, published data only."""
