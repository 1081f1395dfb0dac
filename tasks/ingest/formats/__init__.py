"""Agency delivery formats: one reader per format (ANPA-1312, IPTC 7901, NITF, NewsML-G2,
NewsML 1.2, ninjs), each turning a raw file's bytes into items with the fields it carries.

`registry` sniffs a file's first bytes and dispatches; readers never see a file twice.
"""
