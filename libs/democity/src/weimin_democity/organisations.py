"""Stationed organisations co-building with communities: 1,074 prefecture-level units,
417 city-level units and 216 "two-new" organisations, as in the source case."""

import uuid
from collections.abc import Sequence

from weimin_democity.ids import derive_id, digest
from weimin_democity.model import OrganisationLevel, StationedOrganisation

PREFECTURE_UNITS = 1_074
CITY_UNITS = 417
NEW_ECONOMIC = 130
NEW_SOCIAL = 86
TOTAL = PREFECTURE_UNITS + CITY_UNITS + NEW_ECONOMIC + NEW_SOCIAL

# (department, sector, kind)
_DEPARTMENTS = (
    ("财政局", "finance", "organ"),
    ("教育体育局", "education", "organ"),
    ("卫生健康委员会", "health", "organ"),
    ("交通运输局", "transport", "organ"),
    ("公安局", "public_security", "organ"),
    ("自然资源和规划局", "natural_resources", "organ"),
    ("住房和城乡建设局", "construction", "organ"),
    ("生态环境局", "environment", "organ"),
    ("文化和旅游局", "culture_tourism", "organ"),
    ("民政局", "civil_affairs", "organ"),
    ("人力资源和社会保障局", "social_security", "organ"),
    ("农业农村局", "agriculture", "organ"),
    ("市场监督管理局", "market_regulation", "organ"),
    ("水务局", "water", "organ"),
    ("退役军人事务局", "veterans", "organ"),
    ("洱海保护管理局", "environment", "organ"),
    ("人民医院", "health", "public_institution"),
    ("中医医院", "health", "public_institution"),
    ("第一中学", "education", "public_institution"),
    ("广播电视台", "media", "public_institution"),
    ("图书馆", "culture_tourism", "public_institution"),
    ("疾病预防控制中心", "health", "public_institution"),
    ("供电局", "utilities", "state_enterprise"),
    ("烟草公司", "state_enterprise", "state_enterprise"),
    ("邮政分公司", "logistics", "state_enterprise"),
    ("农村信用合作联社", "finance", "state_enterprise"),
    ("电信分公司", "telecom", "state_enterprise"),
    ("交通建设投资集团", "construction", "state_enterprise"),
)
# Party organisations inside a unit that each sign their own co-building agreement.
_BRANCHES = (
    "机关党委",
    "第一党支部",
    "第二党支部",
    "第三党支部",
    "第四党支部",
    "第五党支部",
    "离退休党支部",
    "青年党支部",
    "综合党支部",
    "业务党支部",
    "后勤党支部",
    "工会",
    "团委",
    "妇委会",
    "第六党支部",
    "第七党支部",
    "第八党支部",
    "第九党支部",
    "第十党支部",
    "第十一党支部",
    "第十二党支部",
    "第十三党支部",
    "第十四党支部",
    "第十五党支部",
    "第十六党支部",
    "第十七党支部",
    "第十八党支部",
    "第十九党支部",
    "第二十党支部",
    "志愿服务队",
    "青年突击队",
    "巾帼服务队",
    "党员先锋队",
    "服务中心",
    "直属党支部",
    "联合党支部",
    "第二十一党支部",
    "第二十二党支部",
    "第二十三党支部",
)
_BUSINESS_WORDS = (
    "苍洱",
    "风花雪月",
    "金花",
    "三塔",
    "蝴蝶泉",
    "南诏",
    "喜洲",
    "鹤庆",
    "洱源",
    "剑川",
    "云龙",
    "宾川",
    "弥渡",
)
_BUSINESS_KINDS = (
    ("乳业有限公司", "food"),
    ("旅游文化有限公司", "culture_tourism"),
    ("电子商务有限公司", "ecommerce"),
    ("物流有限公司", "logistics"),
    ("民宿管理有限公司", "hospitality"),
    ("建筑工程有限公司", "construction"),
    ("扎染工艺有限公司", "crafts"),
    ("物业服务有限公司", "property_services"),
    ("茶业有限公司", "food"),
    ("软件科技有限公司", "technology"),
)
_SOCIAL_KINDS = (
    ("志愿者协会", "volunteering"),
    ("社会工作服务中心", "social_services"),
    ("养老服务协会", "elderly_care"),
    ("个体劳动者协会", "trade_association"),
    ("律师协会", "legal_services"),
    ("青年创业促进会", "trade_association"),
    ("残疾人互助会", "social_services"),
)


def _names(prefix: str, count: int) -> list[tuple[str, str, str]]:
    combos = [
        (f"{prefix}{dept}{branch}", sector, kind)
        for branch in _BRANCHES
        for dept, sector, kind in _DEPARTMENTS
    ]
    if len(combos) < count:
        raise ValueError(f"not enough name combinations for {count} units")
    return combos[:count]


def _two_new(
    words: Sequence[str], kinds: Sequence[tuple[str, str]], count: int, kind: str
) -> list[tuple[str, str, str]]:
    combos = [(f"大理{word}{suffix}", sector, kind) for suffix, sector in kinds for word in words]
    if len(combos) < count:
        raise ValueError(f"not enough name combinations for {count} {kind} organisations")
    return combos[:count]


def generate_organisations(
    seed: int, community_ids: Sequence[uuid.UUID]
) -> list[StationedOrganisation]:
    """Organisation ``i`` always links community ``i mod 31``, so every community has partners."""
    rows: list[tuple[OrganisationLevel, tuple[str, str, str]]] = [
        *(("prefecture", row) for row in _names("大理州", PREFECTURE_UNITS)),
        *(("city", row) for row in _names("大理市", CITY_UNITS)),
        *(
            ("two_new", row)
            for row in _two_new(_BUSINESS_WORDS, _BUSINESS_KINDS, NEW_ECONOMIC, "new_economic")
        ),
        *(
            ("two_new", row)
            for row in _two_new(_BUSINESS_WORDS, _SOCIAL_KINDS, NEW_SOCIAL, "new_social")
        ),
    ]
    organisations = []
    for i, (level, (name, sector, kind)) in enumerate(rows):
        raw = digest(seed, "organisation-links", i)
        partners = [community_ids[i % len(community_ids)]]
        for extra in range(raw[0] % 3):
            candidate = community_ids[raw[1 + extra] % len(community_ids)]
            if candidate not in partners:
                partners.append(candidate)
        organisations.append(
            StationedOrganisation(
                id=derive_id(seed, "organisation", i),
                name=name,
                level=level,
                sector=sector,
                kind=kind,
                community_ids=tuple(partners),
            )
        )
    return organisations
