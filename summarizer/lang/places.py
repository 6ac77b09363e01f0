"""Cities news reports meetings in, as English and Arabic write them: one table for every stage.

`CITY_NAMES` gives each city's English name and its Arabic spellings, the first the one an Arabic
brief writes; `CITIES` is the same table keyed by the folded Arabic spelling, for matching text.
"""

from __future__ import annotations

from summarizer.lang.arabic import fold

CITY_NAMES = {
    "Amman": ("عمّان",), "Cairo": ("القاهرة",), "Doha": ("الدوحة",), "Riyadh": ("الرياض",), "Jeddah": ("جدة",),
    "Abu Dhabi": ("أبوظبي", "أبو ظبي"), "Dubai": ("دبي",), "Beirut": ("بيروت",), "Damascus": ("دمشق",),
    "Baghdad": ("بغداد",), "Tel Aviv": ("تل أبيب",), "Jerusalem": ("القدس",), "Ramallah": ("رام الله",),
    "Gaza": ("غزة",), "Rafah": ("رفح",), "Kuwait City": ("الكويت",), "Manama": ("المنامة",), "Muscat": ("مسقط",),
    "Rabat": ("الرباط",), "Algiers": ("الجزائر",), "Tunis": ("تونس",), "Tripoli": ("طرابلس",),
    "Khartoum": ("الخرطوم",), "Sanaa": ("صنعاء",), "Ankara": ("أنقرة",), "Istanbul": ("إسطنبول", "اسطنبول"),
    "Tehran": ("طهران",), "Washington": ("واشنطن",), "New York": ("نيويورك",), "Paris": ("باريس",),
    "London": ("لندن",), "Moscow": ("موسكو",), "Beijing": ("بكين",), "Geneva": ("جنيف",), "Brussels": ("بروكسل",),
    "Munich": ("ميونخ",),
}
# Folded Arabic spelling -> English name. Ambiguous «عمان» (Amman / Oman) counts as Amman unless
# written «سلطنة عمان».
CITIES = {fold(arabic): english for english, spellings in CITY_NAMES.items() for arabic in spellings}
# How an Arabic brief writes each city.
ARABIC_CITY_NAMES = {english: spellings[0] for english, spellings in CITY_NAMES.items()}
# Places that name the subject of the news rather than where a meeting sits.
SUBJECT_PLACES = {"Gaza", "Rafah", "Jerusalem", "Tel Aviv", "Washington"}
