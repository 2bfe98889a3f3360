from weimin_kit.errors import Conflict, InvalidInput


class VolunteerAlreadyRegistered(Conflict):
    code = "volunteer-already-registered"
    title = "This person or account is already a volunteer"
    title_zh = "此人或此账号已是志愿者"


class SkillCodeTaken(Conflict):
    code = "skill-code-taken"
    title = "A skill with this code exists"
    title_zh = "已有此代码的技能"


class CertificateRequired(InvalidInput):
    code = "certificate-required"
    title = "The skill needs a valid certificate"
    title_zh = "该技能需要有效证书"


class CertificateExpired(InvalidInput):
    code = "certificate-expired"
    title = "The certificate has expired"
    title_zh = "证书已过期"
