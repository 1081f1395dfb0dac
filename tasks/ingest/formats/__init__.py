"""Agency delivery formats: one reader per format (ANPA-1312, IPTC 7901, NITF, NewsML-G2,
NewsML 1.2, ninjs, Ritzau XML), each turning a raw file's bytes into items with the fields it
carries.

Every reader is a `reader.Reader` (name, container, how it claims a document, units, convert);
`registry.READERS` lists them, and sniffing, dispatch and the unknown-format rejects all derive
from that list. `containers` opens a file's bytes into the documents readers claim.
"""
