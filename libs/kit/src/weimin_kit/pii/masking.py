"""Masked forms of personal data for responses, logs and public screens.

Masks keep just enough to let a person recognise their own record (first and last
characters) and never enough to identify someone else.
"""

from typing import Literal

#: Two-character surnames; a name starting with one keeps both characters.
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "司空",
        "夏侯",
        "轩辕",
        "令狐",
        "西门",
        "南宫",
        "独孤",
        "端木",
        "澹台",
        "公冶",
        "宗政",
        "濮阳",
        "淳于",
        "单于",
        "太叔",
        "申屠",
        "钟离",
        "闻人",
        "赫连",
        "呼延",
        "拓跋",
        "百里",
        "东郭",
        "闾丘",
        "左丘",
        "第五",
        "谷梁",
        "梁丘",
        "万俟",
        "巫马",
        "公羊",
        "乐正",
        "壤驷",
        "漆雕",
        "羊舌",
        "微生",
        "仲孙",
        "叔孙",
    }
)


def mask_id_card(value: str) -> str:
    """``532901199001011234`` → ``5329************34``: first 4 and last 2 characters kept.

    Works for 15-character old numbers too; anything of 6 characters or fewer is fully
    masked.
    """
    number = value.strip().upper()
    if len(number) <= 6:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 6) + number[-2:]


def mask_phone(value: str) -> str:
    """``13812345678`` → ``138****5678``: the carrier prefix and last four digits kept."""
    number = value.strip()
    if len(number) < 8:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def surname_of(name: str) -> str:
    """The family name: a known compound surname, otherwise the first character.

    Names without a family name (many Tibetan names, for instance) yield their first
    character, which is what masking should keep anyway.
    """
    name = name.strip()
    if name[:2] in COMPOUND_SURNAMES and len(name) > 2:
        return name[:2]
    return name[:1]


def mask_name(name: str) -> str:
    """``张三丰`` → ``张**``, ``欧阳修`` → ``欧阳*``; a single character is returned as is."""
    name = name.strip()
    surname = surname_of(name)
    return surname + "*" * (len(name) - len(surname))


def public_honorific(surname: str, gender: Literal["male", "female"] | None, age: int) -> str:
    """A warm, anonymous way to name someone on a public screen, built from the surname.

    ======== ============== ============== ==========
    age      male           female         unknown
    ======== ============== ============== ==========
    0-11     张小朋友        张小朋友        张小朋友
    12-17    张同学          张同学          张同学
    18-39    小张            小张            小张
    40-59    张叔叔          张阿姨          老张
    60+      张爷爷          张奶奶          张老
    ======== ============== ============== ==========

    The given name is never used. ``surname`` must be one character or a known compound
    surname, so a full name passed by mistake is refused rather than shown.
    """
    surname = surname.strip()
    if not surname or (len(surname) == 2 and surname not in COMPOUND_SURNAMES) or len(surname) > 2:
        raise ValueError("public_honorific takes a surname only, never a full name")
    if age < 0:
        raise ValueError("age cannot be negative")
    if age < 12:
        return f"{surname}小朋友"
    if age < 18:
        return f"{surname}同学"
    if age < 40:
        return f"小{surname}"
    if age < 60:
        titles = {"male": "叔叔", "female": "阿姨"}
        return f"{surname}{titles[gender]}" if gender in titles else f"老{surname}"
    titles = {"male": "爷爷", "female": "奶奶"}
    return f"{surname}{titles[gender]}" if gender in titles else f"{surname}老"
