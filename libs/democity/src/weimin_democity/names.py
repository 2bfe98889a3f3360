"""Seed vocabulary: place names, ethnicities, surnames and given-name characters.

Place names are plausible for Dali but the data is fictional.
"""

#: (code, name, 12-digit division code) per street, west to east.
STREETS = (
    ("XG", "下关街道", "532901001000"),
    ("DL", "大理镇", "532901100000"),
)
PROVINCE_NAME = "云南省"
PREFECTURE_NAME = "大理白族自治州"
CITY_NAME = "大理市"

COMMUNITY_NAMES = (
    "文献",
    "洱河",
    "太和",
    "关平",
    "兴和",
    "万花",
    "白塔",
    "南五里桥",
    "北区",
    "刘官厂",
    "荷花",
    "宝林",
    "阳南",
    "金星",
    "石坪",
    "西大街",
    "南门",
    "北门",
    "西门",
    "东门",
    "三文笔",
    "五里桥",
    "才村",
    "龙下登",
    "阳和",
    "苍山",
    "玉洱",
    "感通",
    "小岑",
    "崇圣",
    "银桥",
)

#: Roads each community's compounds sit on (two per community, cycled).
ROADS = (
    "苍山路",
    "洱海路",
    "人民路",
    "建设路",
    "泰安路",
    "文献路",
    "龙山路",
    "榆华路",
    "复兴路",
    "博爱路",
    "玉洱路",
    "叶榆路",
    "满江路",
    "洪武路",
    "兴盛路",
    "弘圣路",
    "南诏路",
    "感通路",
    "北大街",
    "团结路",
    "雪人路",
    "三塔路",
    "白塔路",
    "金穗路",
)

CHINESE_NUMERALS = ("零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals (第三居民小组, 第十二居民小组)."""
    if n <= 10:
        return CHINESE_NUMERALS[n]
    tens, ones = divmod(n, 10)
    prefix = "" if tens == 1 else CHINESE_NUMERALS[tens]
    return prefix + "十" + (CHINESE_NUMERALS[ones] if ones else "")


#: (ethnicity, weight per 1,000 households). Dali City is majority Bai.
ETHNICITIES = (
    ("白族", 640),
    ("汉族", 270),
    ("彝族", 35),
    ("回族", 30),
    ("纳西族", 8),
    ("傈僳族", 7),
    ("藏族", 5),
    ("苗族", 5),
)

#: Surnames by ethnicity; earlier entries are more common (picked with a skewed draw).
SURNAMES: dict[str, tuple[str, ...]] = {
    "白族": tuple("杨李赵段张王何董苏尹杜施洪寸字高"),
    "汉族": (*"李王张刘陈杨赵黄周吴徐孙马朱", "欧阳", "司马"),
    "彝族": ("李", "罗", "普", "毕", "鲁", "起", "字", "杨", "自", "左"),
    "回族": ("马", "沙", "纳", "白", "丁", "哈", "杨", "米"),
    "纳西族": ("和", "木", "杨", "李", "赵"),
    "傈僳族": ("余", "李", "蜂", "熊", "和"),
    "藏族": ("扎", "格", "杨", "和", "李"),
    "苗族": ("王", "杨", "陶", "熊", "吴", "侯"),
}

GIVEN_MALE = (
    "伟",
    "强",
    "军",
    "杰",
    "涛",
    "明",
    "华",
    "勇",
    "斌",
    "林",
    "志",
    "文",
    "建",
    "国",
    "平",
    "俊",
    "鹏",
    "浩",
    "宇",
    "辉",
    "海",
    "峰",
    "松",
    "祥",
    "荣",
    "昆",
    "洱",
    "苍",
    "云",
    "德",
    "福",
    "成",
    "龙",
    "金",
    "宏",
    "晨",
    "睿",
    "航",
    "博",
    "诚",
)
GIVEN_FEMALE = (
    "芳",
    "娟",
    "敏",
    "静",
    "丽",
    "艳",
    "燕",
    "玲",
    "霞",
    "萍",
    "红",
    "梅",
    "兰",
    "琼",
    "英",
    "秀",
    "慧",
    "婷",
    "雪",
    "莉",
    "琳",
    "洁",
    "颖",
    "倩",
    "彤",
    "欣",
    "悦",
    "佳",
    "妍",
    "茶",
    "花",
    "月",
    "云",
    "瑶",
    "菊",
    "珍",
    "蓉",
    "晶",
    "蕾",
    "雯",
)

RELATIONS = ("户主", "配偶", "子女", "父母", "孙子女")
