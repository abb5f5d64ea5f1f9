"""The office reader's digest: what the councils and destinations they follow said and did in a
period, as a page, an e-mail, an Atom feed and CSV and JSON exports of the same figures."""
