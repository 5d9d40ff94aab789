"""The safety warnings a page for a client carries, whatever the trip: the seed's own warnings
(its WARNINGS AND TIPS, PROS AND CONS), checked against the domain brief, with the source they
cite. One owner: every output that shows them takes them from here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SafetyWarning:
    id: str
    title: str
    text: str
    source: str  # a source id of the dataset


SAFETY_WARNINGS = (
    SafetyWarning(
        "non_medical_spas",
        "No exosome injections at non-medical spas",
        "Have exosomes only at a medical, dermatological clinic: injections at a non-medical spa "
        "or a non-dermatological clinic, with a product that is not pure or needles that are not "
        "sterile, can leave permanent inflammatory nodules.",
        "seed",
    ),
    SafetyWarning(
        "drug_screening",
        "Korea's drug screening is zero-tolerance",
        "A medical visa (C-3-3) whose check-up includes drug screening: Korea's is zero-tolerance, "
        "CBD and THC included, even when they are legal where you live.",
        "seed",
    ),
)
