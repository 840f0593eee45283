"""The bottom layer every app may use: template tags, caching, pagination, media rules, request guards."""
