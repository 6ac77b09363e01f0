"""Polarity cues on real sentences of the seeds and their English restatements."""

from __future__ import annotations

import pytest

from summarizer.checks.polarity import negated, negation_cues


@pytest.mark.parametrize(("text", "cues"), [
    ("Blinken refused a ceasefire", ["refused"]),
    ("Netanyahu publicly rejected the idea", ["rejected"]),
    ("the US abandoned the two-state solution", ["abandoned"]),
    ("He can't accept it", ["not"]),  # contractions count
    ("ولكن بعد ساعات رفض نتنياهو الفكرة علنًا", ["رفض"]),
    ("ولا لتهجير الفلسطينيين من أرضهم", ["لا"]),  # و + لا
    ("ورفضوا وصف ما تقوم به إسرائيل في غزة بالدفاع عن النفس", ["رفضوا"]),
    ("على ضرورة عدم امتداد الصراع", ["عدم"]),
    ("والرفض القاطع", ["رفض"]),  # و + the article + رفض
])
def test_negation_cues_are_found_with_their_proclitics(text, cues):
    assert negation_cues(text) == cues and negated(text)


@pytest.mark.parametrize("text", [
    "Netanyahu accepted the humanitarian pause",
    "The Arab ministers called for an immediate ceasefire without conditions",  # privative, not a refusal
    "أكد الوزير الأمريكي مرة أخرى دعم الولايات المتحدة للهدنة الإنسانية",
    "لردع أي دولة أو جهة غير حكومية من فتح جبهة أخرى",  # «غير حكومية» is privative
    "Another note about a notion",  # "not" only as a whole word
    # the 1.5B model's rendering of Blinken's opposition to a ceasefire (003): "against" is no refusal
    "Blinken said that the US would continue to call for a ceasefire against Gaza",
])
def test_affirmative_sentences_are_not_negated(text):
    assert not negated(text), negation_cues(text)
