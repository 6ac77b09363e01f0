"""The one name matcher, on spellings from the seeds and the gold data: what merging participants,
checking speakers and scoring against gold each need it to say."""

import pytest

from summarizer.lang.names import name_core, person_words, same_person


@pytest.mark.parametrize("a, b, same", [
    # one spelling's person words inside the other's
    ("بلينكن", "أنتوني بلينكن", True),
    ("شكري", "سامح شكري", True),
    ("الصفدي", "أيمن الصفدي", True),
    ("وزير الخارجية الأمريكي أنتوني بلينكن", "بلينكن", True),
    ("أيمن الصفدي", "وزير الخارجية وشؤون المغتربين الأردني أيمن الصفدي", True),
    ("الأمير فيصل بن فرحان", "فيصل بن فرحان آل سعود", True),
    # after folding: alef maqsura, hamza forms
    ("وزير الخارجية أيمن الصفدى", "أيمن الصفدي", True),
    ("الصفدى", "أيمن الصفدي", True),
    # a Latin rendering by its consonants
    ("Blinken", "أنتوني بلينكن", True),
    ("Antony Blinken", "بلينكن", True),
    ("Secretary of State Antony Blinken", "أنتوني بلينكن", True),
    ("Safadi", "بلينكن", False),
    # a description without a name matches only word for word
    ("الوزراء العرب", "الوزراء العرب", True),
    ("وزير الخارجية الأردني", "وزير الخارجية المصري", False),
    # an office alone never decides
    ("وزير الخارجية الأمريكي", "أنتوني بلينكن", False),
    ("وزير الخارجية", "وزير الخارجية الأردني أيمن الصفدي", False),
    # different people
    ("سامح شكري", "أيمن الصفدي", False),
    ("الصفدي", "شكري", False),
    ("محمد علي", "محمد حسن", False),
    ("محمد بن سلمان", "محمد بن زايد", False),
    ("بلينكن", "بلينك", False),
    ("", "بلينكن", False),
    ("", "", False),
])
def test_same_person(a, b, same):
    assert same_person(a, b) is same
    assert same_person(b, a) is same


def test_office_words_are_not_part_of_a_name():
    assert name_core("وزير الخارجية الأمريكي أنتوني بلينكن") == {"انتوني", "بلينكن"}
    assert person_words("وزير الخارجية وشؤون المغتربين الأردني أيمن الصفدي") == {"ايمن", "صفدي"}
    assert not person_words("الوزراء العرب")
