"""The pricing engine: a trip request and the data in, a quote out. Pure functions: no I/O, no
terminal. By job: `calendar` (the sessions' dates and the ways that fit), `vat` (the refund,
session by session), `lines` (one trip's lines, exact in KRW), `model` (what a quote is),
`quote` (a request priced, every way, rounded once; `price` is the entry), `labels` and `notes`
(its words), `compare` (rows of tiers and clinics), `itinerary` (plan's days)."""
