from weimin_kit.errors import Conflict, PreconditionFailed


class ResidentIdCardExists(Conflict):
    code = "resident-id-card-exists"
    title = "A resident with this identity number is already registered"
    title_zh = "该身份证号的居民已登记"


class VersionMismatch(PreconditionFailed):
    code = "version-mismatch"
    title = "The resident changed since you read it"
    title_zh = "居民信息在您读取后已被修改"


class ResidentAnonymised(Conflict):
    code = "resident-anonymised"
    title = "The resident's personal data was anonymised"
    title_zh = "该居民的个人信息已匿名化"
