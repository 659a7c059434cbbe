"""Electronic issue of final documents (NĐ 30/2020 Art. 13 and Phụ lục I part II).

- ``fields``: empty signature fields where Phụ lục I puts the signatures (pyHanko, incremental update);
- ``upload``: the check of a file signed with the province's token software, signature by signature;
- ``testing``: a test certificate and signer (pyHanko + cryptography) for tests and the demo report.
"""
