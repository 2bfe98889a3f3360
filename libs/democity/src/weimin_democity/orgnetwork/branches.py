"""Functional, joint and mobile-member party branches under the communities.

Only the `city` size has them: the demo keeps the source case's 2 / 31 / 143 structure,
while the benchmark dataset needs the thousands of organisations a real city registers.
Ids come from `derive_id(seed, "<kind>", n)`, so every run gives the same branches.
"""

from weimin_democity.city import City
from weimin_democity.ids import derive_id
from weimin_democity.orgnetwork.records import BranchRecord

# What each kind of branch is formed around, one branch per entry in every community.
FUNCTIONAL_TOPICS = (
    "物业服务",
    "志愿服务",
    "老年协会",
    "沿街商户",
    "快递物流",
    "民宿客栈",
    "文艺队伍",
    "退役军人",
    "离退休干部",
    "网格治理",
    "平安巡防",
    "洱海保护",
    "教育关爱",
    "健康卫生",
    "法律服务",
    "青年人才",
    "巾帼建功",
    "非遗传承",
)
JOINT_MEMBERS = (
    "个体工商户",
    "小微企业",
    "物业企业",
    "快递网点",
    "餐饮门店",
    "农贸市场",
    "文创企业",
    "旅游企业",
    "社会组织",
    "医疗机构",
    "教育机构",
    "金融网点",
    "商务楼宇",
    "专业市场",
)
MOBILE_GROUPS = (
    "外出务工",
    "快递骑手",
    "网约车司机",
    "外卖骑手",
    "建筑工人",
    "个体经营",
    "货车司机",
    "导游",
)
#: (kind, code infix, the names' parts, name suffix) in loading order.
BRANCH_KINDS = (
    ("functional_branch", "GN", FUNCTIONAL_TOPICS, "功能型党支部"),
    ("joint_branch", "LH", JOINT_MEMBERS, "联合党支部"),
    ("mobile_member_branch", "LD", MOBILE_GROUPS, "流动党员党支部"),
)
BRANCHES_PER_COMMUNITY = sum(len(parts) for _, _, parts, _ in BRANCH_KINDS)


def expected_branches(city: City) -> dict[str, int]:
    """Branches per kind for this city, without generating them."""
    per_community = city.size == "city"
    return {
        kind: len(parts) * len(city.communities) if per_community else 0
        for kind, _, parts, _ in BRANCH_KINDS
    }


def branches(city: City) -> list[BranchRecord]:
    if city.size != "city":
        return []
    found: list[BranchRecord] = []
    for kind, infix, parts, suffix in BRANCH_KINDS:
        n = 0
        for community in city.communities:
            for k, part in enumerate(parts, start=1):
                found.append(
                    BranchRecord(
                        id=derive_id(city.seed, kind.replace("_", "-"), n),
                        kind=kind,
                        street_id=community.street_id,
                        community_id=community.id,
                        name=f"{community.name}{part}{suffix}",
                        code=f"{community.code}-{infix}{k:02d}",
                    )
                )
                n += 1
    return found
